import Foundation
import Hummingbird
import Workflow

/// 文件: every file received, newest first, with its receipt; per file its problems (the same
/// words as the validation report) and the annotated report to download; the files that could not
/// be taken in, with their reason. A file is named in URLs by a hash of its outbox folder, which is
/// looked up among the folders there: a name from a URL never becomes a path. A sender's account
/// sees its own sender's files only; another's is "not found", the same as one that does not exist.
struct FilesPage {
    let site: OfficeSite
    /// Newest files listed; older ones stay in the outbox.
    static let listed = 300
    /// Findings JSON larger than this is not shown on the page (the report has every finding).
    static let largestShownFindings = 20 << 20

    func list(visitor: Visitor) async throws -> Response {
        let html = try await site.offload { [site] in
            let taken = ReceivedFiles.taken(in: site.workspace).filter { visitor.sees($0.sender) }
            let refused = ReceivedFiles.refused(in: site.workspace).filter { visitor.sees($0.sender) }
            var html = "<h2>收到的文件（\(taken.count) 个\(taken.count > FilesPage.listed ? "，列出最新的 \(FilesPage.listed) 个" : "")）</h2>"
            if taken.isEmpty { html += "<p>还没有处理过文件。</p>" }
            else {
                html += "<table class=\"files\"><thead><tr><th>处理日期</th><th>文件</th><th>回执</th><th></th></tr></thead><tbody>"
                for file in taken.prefix(FilesPage.listed) {
                    let first = file.receipt.split(separator: "\n").first.map(String.init) ?? ""
                    let id = FilesPage.id(of: file)
                    html += "<tr><td>\(file.day)</td><td><a href=\"/files/\(id)\">\(HTMLPage.escape(file.name))</a></td>"
                    html += "<td>\(HTMLPage.escape(first))</td><td>\(file.report == nil ? "" : "<a href=\"/files/\(id)/report\">校验报告</a>")</td></tr>"
                }
                html += "</tbody></table>"
            }
            html += "<h2>未能处理的文件（\(refused.count) 个）</h2>"
            if refused.isEmpty { html += "<p>没有。</p>" }
            for file in refused.prefix(FilesPage.listed) {
                html += "<h3>\(HTMLPage.escape(file.name))</h3><pre>\(HTMLPage.escape(file.reason))</pre>"
            }
            return HTMLPage.document(title: "文件", current: "/files", body: html, visitor: visitor)
        }
        return HTMLPage.response(html)
    }

    /// The visitor's taken file that `id` names.
    private func file(_ id: String, visitor: Visitor) -> ReceivedFiles.Taken? {
        ReceivedFiles.taken(in: site.workspace).first { FilesPage.id(of: $0) == id && visitor.sees($0.sender) }
    }

    func detail(_ id: String, visitor: Visitor) async throws -> Response {
        let html: String? = try await site.offload { [self] in
            guard let file = file(id, visitor: visitor) else { return nil }
            var html = "<p>处理日期：\(file.day)\(file.report == nil ? "" : " · <a href=\"/files/\(id)/report\">下载校验报告</a>（问题标红标黄并加批注）")</p>"
            html += "<h2>回执</h2><pre>\(HTMLPage.escape(file.receipt))</pre>"
            html += FilesPage.problems(file)
            return HTMLPage.document(title: file.name, current: "/files", body: html, visitor: visitor)
        }
        guard let html else { return notFound(visitor) }
        return HTMLPage.response(html)
    }

    /// The file's annotated report (each download audited).
    func report(_ id: String, context: OfficeContext) -> Response {
        guard let file = file(id, visitor: context.who), let report = file.report, let data = FileManager.default.contents(atPath: report) else {
            return notFound(context.who)
        }
        let name = (report as NSString).lastPathComponent
        guard site.audit.write(user: context.who.account, action: "下载", object: "\(file.day) 收到的文件的校验报告 \(name)", address: context.address) else {
            return HTMLPage.refusal(site.audit.unwritable, title: "文件", current: "/files", visitor: context.who)
        }
        return HTMLPage.download(data, name: name)
    }

    private func notFound(_ visitor: Visitor) -> Response {
        HTMLPage.response(HTMLPage.document(title: "文件", current: "/files", body: "<p class=\"refused\">没有这个文件。请回到“文件”重新选择。</p>", visitor: visitor),
                          status: .notFound)
    }

    /// The file's problems from its findings JSON: errors, then warnings, as the report words them.
    static func problems(_ file: ReceivedFiles.Taken) -> String {
        guard let path = file.findingsJSON else { return "" }
        let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int ?? 0
        guard size <= largestShownFindings else { return "<h2>问题</h2><p>问题太多，这里不一一列出，请下载校验报告查看。</p>" }
        guard let data = FileManager.default.contents(atPath: path),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let findings = object["findings"] as? [[String: Any]] else { return "" }
        let problems = findings.compactMap(ProblemTable.Problem.init(json:))
        let shown = problems.filter { $0.severity == .error } + problems.filter { $0.severity == .warning }
        return ProblemTable.html(Array(shown.prefix(CheckPage.listedProblems)), total: shown.count)
    }

    /// 16 hexadecimal digits naming a taken file (FNV-1a of its day and folder name).
    static func id(of file: ReceivedFiles.Taken) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in (file.day + "/" + file.name).utf8 { hash = (hash ^ UInt64(byte)) &* 0x0100_0000_01b3 }
        return String(format: "%016llx", hash)
    }
}
