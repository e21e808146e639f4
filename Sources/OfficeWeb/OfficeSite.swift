import Foundation
import Hummingbird
import Workflow
import XLSXKit

/// The office's web page over one workspace (`sheetflow serve`): server-rendered HTML in Chinese,
/// usable without JavaScript. It only reads the register; a checked upload is not registered.
/// With accounts (`AccountBook`) every page needs a login and shows what the account's role may
/// see; without, it serves loopback only, to whoever can open it there.
public struct OfficeSite: Sendable {
    public let workspace: Workspace
    public let profile: Profile
    /// Uploads larger than this are refused unread (default 50 MiB).
    public let maxUploadBytes: Int
    /// Listening beyond loopback: nothing is shown without an account, even if the accounts are removed meanwhile.
    public let requiresAccounts: Bool
    let uploads: UploadStore
    /// 本月情况 pages already rendered, while the register and the outbox are unchanged.
    let pages = PageCache()
    let sessions = Sessions()
    let throttle = LoginThrottle()
    let audit: AuditLog
    private let accounts: AccountFile

    public init(workspace: Workspace, profile: Profile, maxUploadBytes: Int = 50 << 20, requiresAccounts: Bool = false) {
        self.workspace = workspace
        self.profile = profile
        self.maxUploadBytes = maxUploadBytes
        self.requiresAccounts = requiresAccounts
        uploads = UploadStore(workspace: workspace)
        audit = AuditLog(workspace: workspace)
        accounts = AccountFile(path: AccountBook.path(in: workspace), workspace: workspace)
    }

    /// Who may see the pages now: anyone on loopback (no accounts), the accounts' holders, or nobody.
    enum AccessRule {
        case open
        case accounts(AccountBook)
        case closed(String)
    }

    func accessRule() -> AccessRule {
        switch accounts.current() {
        case .failure(let error): return .closed("网页暂时不能登录：\(error.description)")
        case .success(let book) where book.accounts.isEmpty:
            return requiresAccounts ? .closed("网页在办公网上监听，但工作区没有账户，暂时不能登录。请用 sheetflow account add 建立账户。") : .open
        case .success(let book): return .accounts(book)
        }
    }

    /// The request's visitor: the local one without accounts, else the account its session names (nil: not logged in).
    func visitor(of request: Request) -> Visitor? {
        switch accessRule() {
        case .open: return .local
        case .closed: return nil
        case .accounts(let book):
            return sessions.account(of: request, in: book).map(Visitor.init)
        }
    }

    /// The routes of every page; all but 登录 behind the access check.
    public func router() -> Router<OfficeContext> {
        let router = Router(context: OfficeContext.self)
        let login = LoginPage(site: self)
        router.add(middleware: AccessCheck(site: self))
        router.get("/login") { request, _ in login.form(request) }
        router.post("/login") { request, context in try await login.login(request, context: context) }
        router.get("/logout") { request, context in login.logout(request, context: context) }
        let check = CheckPage(site: self), month = MonthPage(site: self)
        router.get("/") { _, _ in Response(status: .seeOther, headers: [.location: "/month"]) }
        router.get("/month") { request, context in try await month.page(request, visitor: context.who) }
        router.get("/reports/:month/:number") { _, context in
            month.download(month: context.parameters.get("month") ?? "", number: context.parameters.get("number") ?? "", context: context)
        }
        let files = FilesPage(site: self)
        router.get("/files") { _, context in try await files.list(visitor: context.who) }
        router.get("/files/:id") { _, context in try await files.detail(context.parameters.get("id") ?? "", visitor: context.who) }
        router.get("/files/:id/report") { _, context in files.report(context.parameters.get("id") ?? "", context: context) }
        let person = PersonPage(site: self)
        router.get("/person") { request, context in person.form(request, visitor: context.who) }
        router.post("/person") { request, context in try await person.search(request, context: context) }
        router.get("/check") { request, context in check.form(request, visitor: context.who) }
        router.post("/check") { request, context in try await check.check(request, visitor: context.who) }
        router.get("/check/:token/report") { request, context in
            try check.report(request, token: context.parameters.get("token") ?? "", context: context)
        }
        router.post("/check/:token/submit") { request, context in
            try await check.submit(request, token: context.parameters.get("token") ?? "", context: context)
        }
        return router
    }

    /// Serves the site on `host:port` until the process is stopped.
    public func run(host: String, port: Int) async throws {
        let app = Application(router: router(), configuration: .init(address: .hostname(host, port: port), serverName: "sheetflow"))
        try await app.runService()
    }

    /// Stores an upload as `visitor`'s, validates it into its folder and keeps what the page shows.
    func checkUpload(bytes: ByteBuffer, name: String, visitor: Visitor) throws -> UploadOutcome {
        let (token, input) = try uploads.create(originalName: name, owner: visitor)
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

    /// The workspace's settings as its `sheetflow.yaml` now says (read each time: a change takes effect at once).
    func config() -> WorkspaceConfig? {
        try? WorkspaceConfig.read(workspace: workspace)
    }

    /// The senders a checked upload may be submitted as: the inbox sub-folders the workspace names.
    func senders() -> [String] {
        config()?.senders ?? []
    }

    /// What 正式报送 came to.
    enum Submission: Sendable, Equatable {
        /// In the inbox under this name (`sender/file`).
        case placed(String)
        /// No such upload of the visitor's (removed after a day, submitted already), or no sender chosen.
        case notFound
        /// The visitor may not submit as this sender.
        case notAllowed(own: [String])
    }

    /// 正式报送: places `visitor`'s upload `token` in the inbox as `sender`, exactly as if it had been
    /// dropped in the sender's sub-folder (written beside under a hidden name, then renamed, so the
    /// folder service never sees half a file).
    func submit(token: String, as sender: String, visitor: Visitor) throws -> Submission {
        let senders = senders()
        guard senders.contains(sender) else { return .notFound }
        guard visitor.submitsAs(among: senders).contains(sender) else { return .notAllowed(own: visitor.submitsAs(among: senders)) }
        guard let directory = uploads.directory(of: token, owner: visitor),
              let stored = try FileManager.default.contentsOfDirectory(atPath: directory).first(where: { $0 == "upload" || $0.hasPrefix("upload.") }) else { return .notFound }
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
        return .placed(sender + "/" + name)
    }

    /// Runs blocking work (reading and writing workbooks) off the server's event loops.
    func offload<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
        }
    }
}
