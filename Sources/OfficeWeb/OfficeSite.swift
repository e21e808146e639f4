import Foundation
import Hummingbird
import Workflow
import XLSXKit

/// The office's web page over one workspace (`sheetflow serve`): server-rendered HTML in Chinese,
/// usable without JavaScript. It only reads the register; a checked upload is not registered.
public struct OfficeSite: Sendable {
    public let workspace: Workspace
    public let profile: Profile
    /// Uploads larger than this are refused unread (default 50 MiB).
    public let maxUploadBytes: Int
    let uploads: UploadStore
    /// 本月情况 pages already rendered, while the register and the outbox are unchanged.
    let pages = PageCache()

    public init(workspace: Workspace, profile: Profile, maxUploadBytes: Int = 50 << 20) {
        self.workspace = workspace
        self.profile = profile
        self.maxUploadBytes = maxUploadBytes
        uploads = UploadStore(workspace: workspace)
    }

    /// The routes of every page.
    public func router() -> Router<BasicRequestContext> {
        let router = Router()
        let check = CheckPage(site: self), month = MonthPage(site: self)
        router.get("/") { _, _ in Response(status: .seeOther, headers: [.location: "/month"]) }
        router.get("/month") { request, _ in try await month.page(request) }
        router.get("/reports/:month/:number") { _, context in
            month.download(month: context.parameters.get("month") ?? "", number: context.parameters.get("number") ?? "")
        }
        let files = FilesPage(site: self)
        router.get("/files") { _, _ in try await files.list() }
        router.get("/files/:id") { _, context in try await files.detail(context.parameters.get("id") ?? "") }
        router.get("/files/:id/report") { _, context in files.report(context.parameters.get("id") ?? "") }
        let person = PersonPage(site: self)
        router.get("/person") { request, _ in person.form(request) }
        router.post("/person") { request, _ in try await person.search(request) }
        router.get("/check") { request, _ in check.form(request) }
        router.post("/check") { request, _ in try await check.check(request) }
        router.get("/check/:token/report") { request, context in
            try check.report(request, token: context.parameters.get("token") ?? "")
        }
        router.post("/check/:token/submit") { request, context in try await check.submit(request, token: context.parameters.get("token") ?? "") }
        return router
    }

    /// Serves the site on `host:port` until the process is stopped.
    public func run(host: String, port: Int) async throws {
        let app = Application(router: router(), configuration: .init(address: .hostname(host, port: port), serverName: "sheetflow"))
        try await app.runService()
    }

    /// Stores an upload, validates it into its folder and keeps what the page shows.
    func checkUpload(bytes: ByteBuffer, name: String) throws -> UploadOutcome {
        let (token, input) = try uploads.create(originalName: name)
        let directory = (input as NSString).deletingLastPathComponent
        try Data(bytes.readableBytesView).write(to: URL(fileURLWithPath: input))
        try name.write(toFile: directory + "/name.txt", atomically: true, encoding: .utf8)
        var errors: [Finding] = [], warnings: [Finding] = []
        let limit = CheckPage.listedProblems
        do {
            let report = try ValidationReport.write(input: input, options: ValidationOptions(profile: profile), folder: directory, findings: { finding in
                if finding.severity == .error, errors.count < limit { errors.append(finding) }
                if finding.severity == .warning, warnings.count < limit { warnings.append(finding) }
            })
            // The duplicate checks' findings come without the person's name: read it back.
            var problems = Array((errors + warnings).prefix(limit))
            var unnamed: [String: Set<Int>] = [:]
            for finding in problems where finding.name == nil { if let sheet = finding.sheet, let row = finding.row { unnamed[sheet, default: []].insert(row) } }
            let people = try ValidationReport.peopleNamed(in: input, summary: report.summary, rows: unnamed)
            for index in problems.indices where problems[index].name == nil {
                if let sheet = problems[index].sheet, let row = problems[index].row { problems[index].name = people[sheet]?[row]?.name }
            }
            // The annotated report is offered; the upload is kept for 正式报送 (removed with the report after a day).
            for path in [report.findingsJSON] + (report.cleanedList.map { [$0] } ?? []) { try? FileManager.default.removeItem(atPath: path) }
            return .checked(.init(name: name, token: token, summary: report.summary, receipt: ValidationReport.receipt(report.summary, name: name),
                                  problems: problems))
        } catch var error as XLSXError {
            try? FileManager.default.removeItem(atPath: directory)
            error.file = name
            return .unreadable(name: name, message: error.message)
        } catch {
            try? FileManager.default.removeItem(atPath: directory)
            throw error
        }
    }

    /// The senders a checked upload may be submitted as: the inbox sub-folders the workspace names.
    func senders() -> [String] {
        (try? WorkspaceConfig.read(workspace: workspace))?.senders ?? []
    }

    /// 正式报送: places the upload `token` in the inbox as `sender`, exactly as if it had been dropped
    /// in the sender's sub-folder (written beside under a hidden name, then renamed, so the folder
    /// service never sees half a file). Returns the name it got there; nil when there is no such upload.
    func submit(token: String, as sender: String) throws -> String? {
        guard senders().contains(sender), let directory = uploads.directory(of: token),
              let stored = try FileManager.default.contentsOfDirectory(atPath: directory).first(where: { $0 == "upload" || $0.hasPrefix("upload.") }) else { return nil }
        let shown = (try? String(contentsOfFile: directory + "/name.txt", encoding: .utf8)) ?? "名单.xlsx"
        let folder = workspace.inbox + "/" + sender
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let base = (shown as NSString).deletingPathExtension, ext = (shown as NSString).pathExtension
        var name = shown, number = 1
        while FileManager.default.fileExists(atPath: folder + "/" + name) {
            number += 1
            name = "\(base)-\(number)" + (ext.isEmpty ? "" : "." + ext)
        }
        let hidden = folder + "/.sheetflow-upload-" + token
        try FileManager.default.copyItem(atPath: directory + "/" + stored, toPath: hidden)
        guard rename(hidden, folder + "/" + name) == 0 else {
            try? FileManager.default.removeItem(atPath: hidden)
            throw CocoaError(.fileWriteUnknown)
        }
        try? FileManager.default.removeItem(atPath: directory + "/" + stored)
        return sender + "/" + name
    }

    /// Runs blocking work (reading and writing workbooks) off the server's event loops.
    func offload<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
        }
    }
}
