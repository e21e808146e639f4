import Foundation
import Hummingbird
import MultipartKit
import Workflow
import XLSXKit

/// 上传校验: a sender's clerk uploads a list and gets back, on the same page, the one-line
/// receipt, the problems (errors first, with row, 姓名 and what to fix) and the annotated report
/// to download. Nothing is registered.
struct CheckPage {
    let site: OfficeSite
    /// How many problems the page lists (the report holds them all).
    static let listedProblems = 500

    /// The form alone.
    func form(_ request: Request, visitor: Visitor) -> Response {
        let (token, cookie) = FormToken.current(request)
        return HTMLPage.response(HTMLPage.document(title: "上传校验", current: "/check", body: uploadForm(token), visitor: visitor), cookie: cookie)
    }

    /// Checks the uploaded file as `visitor`'s and shows what was found.
    func check(_ request: Request, visitor: Visitor) async throws -> Response {
        let (token, cookie) = FormToken.current(request)
        func refused(_ reason: String, status: HTTPResponse.Status) -> Response {
            HTMLPage.response(HTMLPage.document(title: "上传校验", current: "/check",
                                                body: "<p class=\"refused\">\(HTMLPage.escape(reason))</p>" + uploadForm(token), visitor: visitor),
                              status: status, cookie: cookie)
        }
        guard let boundary = CheckPage.boundary(request.headers[.contentType]) else {
            return refused("没有收到文件：请用本页的表单选择文件后上传。", status: .badRequest)
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: site.maxUploadBytes)
        } catch {
            return refused("文件超过上传上限（\(site.maxUploadBytes >> 20) MiB），未校验。请把名单拆成几个较小的文件分别上传。", status: .contentTooLarge)
        }
        guard let parts = CheckPage.parts(of: body, boundary: boundary) else {
            return refused("没有收到文件：请用本页的表单选择文件后上传。", status: .badRequest)
        }
        let formValue = parts.firstPart(named: FormToken.fieldName).map { String(buffer: $0.body) }
        guard FormToken.accepts(request, formValue: formValue) else {
            return refused("页面已过期或不是从本页提交的，未校验。请刷新本页后重新选择文件上传。", status: .forbidden)
        }
        guard let file = parts.firstPart(named: "file"), file.body.readableBytes > 0 else {
            return refused("没有收到文件（或文件是空的）：请选择要校验的名单后再上传。", status: .badRequest)
        }
        let name = UploadStore.displayName(CheckPage.fileName(file.headers.first(name: "Content-Disposition") ?? "") ?? "")
        let bytes = file.body
        var outcome = try await site.offload { [site] in try site.checkUpload(bytes: bytes, name: name, visitor: visitor) }
        if case .checked(var checked) = outcome {
            checked.formToken = token
            checked.senders = visitor.submitsAs(among: site.senders())
            outcome = .checked(checked)
        }
        return HTMLPage.response(HTMLPage.document(title: "上传校验", current: "/check", body: result(outcome) + uploadForm(token), visitor: visitor),
                                 cookie: cookie)
    }

    /// 正式报送 of a checked upload, as the sender chosen on the page (one the visitor may submit as).
    func submit(_ request: Request, token: String, context: OfficeContext) async throws -> Response {
        let visitor = context.who
        let (formToken, cookie) = FormToken.current(request)
        let fields = (try? URLEncodedFormDecoder().decode(Fields.self, from: String(buffer: try await request.body.collect(upTo: 64 << 10)))) ?? Fields()
        func page(_ html: String, status: HTTPResponse.Status) -> Response {
            HTMLPage.response(HTMLPage.document(title: "上传校验", current: "/check", body: html + uploadForm(formToken), visitor: visitor),
                              status: status, cookie: cookie)
        }
        guard FormToken.accepts(request, formValue: fields.form_token) else {
            return page("<p class=\"refused\">页面已过期或不是从本页提交的，未报送。请刷新本页后重新上传。</p>", status: .forbidden)
        }
        let sender = fields.sender ?? ""
        switch try await site.offload({ [site] in try site.submit(token: token, as: sender, visitor: visitor) }) {
        case .placed(let placed):
            site.audit.write(user: visitor.account, action: "正式报送", object: placed, address: context.address)
            return page("<p class=\"receipt\">已放入收件箱：\(HTMLPage.escape(placed))。文件夹服务处理后，回执和校验报告见“<a href=\"/files\">文件</a>”。</p>", status: .ok)
        case .notAllowed(let own):
            let whom = own.isEmpty ? "这个账户不能正式报送" : "这个账户只能以「\(own.joined(separator: "、"))」的名义报送"
            return page("<p class=\"refused\">未报送：\(HTMLPage.escape(whom))，不能替「\(HTMLPage.escape(sender))」报送。</p>", status: .forbidden)
        case .notFound:
            return page("<p class=\"refused\">未报送：找不到这次上传（上传一天后自动删除，或已经报送过），或没有选择报送单位。请重新上传。</p>", status: .notFound)
        }
    }

    /// The 正式报送 form's fields.
    struct Fields: Decodable {
        var sender: String?
        var form_token: String?
    }

    /// The annotated report of the visitor's earlier upload.
    func report(_ request: Request, token: String, context: OfficeContext) throws -> Response {
        guard let directory = site.uploads.directory(of: token, owner: context.who),
              let name = try? FileManager.default.contentsOfDirectory(atPath: directory).first(where: { $0.hasSuffix("-校验报告.xlsx") }),
              let data = FileManager.default.contents(atPath: directory + "/" + name) else {
            return HTMLPage.response(HTMLPage.document(title: "上传校验", current: "/check",
                                                       body: "<p class=\"refused\">找不到这份校验报告（上传一天后自动删除）。请重新上传校验。</p>", visitor: context.who),
                                     status: .notFound)
        }
        let shown = (try? String(contentsOfFile: directory + "/name.txt", encoding: .utf8)) ?? "名单"
        let download = URL(fileURLWithPath: shown).deletingPathExtension().lastPathComponent + "-校验报告.xlsx"
        guard site.audit.write(user: context.who.account, action: "下载", object: "上传校验的校验报告 " + download, address: context.address) else {
            return HTMLPage.refusal(site.audit.unwritable, title: "上传校验", current: "/check", visitor: context.who)
        }
        return HTMLPage.download(data, name: download)
    }

    /// 正式报送: the file into the inbox as one of the senders the visitor may act for (only for a file whose kind could be told).
    private func submitForm(_ checked: UploadOutcome.Checked) -> String {
        let senders = checked.senders
        guard !senders.isEmpty, checked.summary.kindConfidence != .low, let formToken = checked.formToken else { return "" }
        let options = senders.map { "<option>\(HTMLPage.escape($0))</option>" }.joined()
        return """
            <form method="post" action="/check/\(checked.token)/submit">\(FormToken.field(formToken))
            <label>正式报送为 <select name="sender" required>\(options)</select></label>
            <button type="submit">正式报送</button>（放入收件箱的报送单位子文件夹，与直接放入文件夹相同，由文件夹服务校验、登记）
            </form>
            """
    }

    private func uploadForm(_ token: String) -> String {
        """
        <form method="post" action="/check" enctype="multipart/form-data">
        <p>选择要报送的名单（.xlsx、.xls、.ods 或 .csv，最大 \(site.maxUploadBytes >> 20) MiB），上传后在本页看到校验结果。只校验，不登记。</p>
        \(FormToken.field(token))
        <input type="file" name="file" required>
        <button type="submit">上传并校验</button>
        </form>
        """
    }

    private func result(_ outcome: UploadOutcome) -> String {
        switch outcome {
        case .unreadable(let name, let message):
            return "<h2>\(HTMLPage.escape(name))</h2><p class=\"refused\">未能校验：\(HTMLPage.escape(message))</p>"
        case .checked(let checked):
            var html = "<h2>\(HTMLPage.escape(checked.name))</h2>"
            html += "<p class=\"receipt\">\(HTMLPage.escape(checked.receipt))</p>"
            html += "<p>\(HTMLPage.escape(ValidationReport.instruction(checked.summary)))"
            html += " <a href=\"/check/\(checked.token)/report\">下载校验报告</a>（问题标红标黄并加批注，第一张表是校验结果）</p>"
            html += submitForm(checked)
            guard !checked.problems.isEmpty else { return html }
            let total = checked.summary.severities[.error, default: 0] + checked.summary.severities[.warning, default: 0]
            return html + ProblemTable.html(checked.problems.map(ProblemTable.Problem.init), total: total)
        }
    }

    /// The parts of a `multipart/form-data` body (MultipartKit's parser); nil when it is not one.
    static func parts(of body: ByteBuffer, boundary: String) -> [MultipartPart]? {
        let parser = MultipartParser(boundary: boundary)
        var parts: [MultipartPart] = []
        var headers = HTTPHeaders(), content = ByteBuffer()
        parser.onHeader = { name, value in headers.add(name: name, value: value) }
        parser.onBody = { chunk in content.writeBuffer(&chunk) }
        parser.onPartComplete = {
            parts.append(MultipartPart(headers: headers, body: content))
            headers = HTTPHeaders()
            content = ByteBuffer()
        }
        guard (try? parser.execute(body)) != nil, !parts.isEmpty else { return nil }
        return parts
    }

    /// The boundary of a `multipart/form-data` body, from its Content-Type.
    static func boundary(_ contentType: String?) -> String? {
        guard let contentType, contentType.lowercased().hasPrefix("multipart/form-data") else { return nil }
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2, pair[0].lowercased() == "boundary" {
                let value = pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                return value.isEmpty || value.count > 70 ? nil : value
            }
        }
        return nil
    }

    /// The file name a part's Content-Disposition gives: `filename*=UTF-8''…` (RFC 5987) before
    /// `filename="…"` (browsers send the UTF-8 bytes as they are).
    static func fileName(_ disposition: String) -> String? {
        var plain: String?
        for parameter in disposition.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2 else { continue }
            switch pair[0].lowercased() {
            case "filename*":
                let value = pair[1]
                if value.lowercased().hasPrefix("utf-8''"), let decoded = String(value.dropFirst(7)).removingPercentEncoding { return decoded }
            case "filename":
                plain = pair[1].hasPrefix("\"") && pair[1].hasSuffix("\"") && pair[1].count >= 2 ? String(pair[1].dropFirst().dropLast()) : pair[1]
            default: break
            }
        }
        return plain
    }
}

/// What checking an upload came to.
enum UploadOutcome: Sendable {
    struct Checked: Sendable {
        var name: String
        var token: String
        var summary: ValidationSummary
        var receipt: String
        /// Errors first, then warnings, each in the order found; at most `CheckPage.listedProblems`.
        var problems: [Finding]
        /// The page's form token, for the 正式报送 form.
        var formToken: String?
        /// The senders the visitor may submit it as.
        var senders: [String] = []
    }
    case checked(Checked)
    /// The file could not be read at all (not a spreadsheet, damaged, encrypted, a bomb …).
    case unreadable(name: String, message: String)
}
