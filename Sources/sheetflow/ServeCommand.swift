import ArgumentParser
import Foundation
import OfficeWeb
import Workflow

/// `sheetflow serve`: the office's web page over a workspace.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "办公室网页：报送单位的同事上传名单即可看到校验结果和校验报告（只校验，不登记）。",
        discussion: """
        默认只在本机监听（127.0.0.1:8080），用浏览器打开 http://127.0.0.1:8080/ 。网页只读登记册，
        可以与 sheetflow watch 同时运行在同一个工作区。上传的文件和校验报告保存一天后自动删除。

        工作区有账户时（sheetflow account add），每个页面都要登录：科室负责人看到全部，报送单位的
        账户只看到、只能上传本单位的。在办公网的地址上监听（如 --listen 0.0.0.0:8080）必须先建立账户。
        登录、显示完整身份证号和每次下载都记入 .sheetflow/web/audit.log。

        示例：
          sheetflow serve 武江区工作区
          sheetflow serve 武江区工作区 --listen 127.0.0.1:8090 --max-upload-mib 20
          sheetflow serve 武江区工作区 --listen 0.0.0.0:8080
        """
    )

    @Argument(help: "工作区文件夹（由 sheetflow init 创建）。")
    var directory: String

    @Option(name: .long, help: "监听的地址和端口（默认 127.0.0.1:8080）。")
    var listen: String = "127.0.0.1:8080"

    @Option(name: .long, help: "上传文件的大小上限（MiB，默认 50）。")
    var maxUploadMib: Int = 50

    func run() async throws {
        let parts = listen.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let port = Int(parts[1]), (1...65535).contains(port) else {
            throw usageError("--listen 应写成“地址:端口”，如 127.0.0.1:8080（收到：\(listen)）。")
        }
        let host = String(parts[0])
        guard (1...1024).contains(maxUploadMib) else { throw usageError("--max-upload-mib 应在 1 到 1024 之间（收到：\(maxUploadMib)）。") }
        let workspace = Workspace(root: directory)
        let book: AccountBook
        do { book = try AccountBook.read(workspace) } catch let error as AccountError {
            printError(error.description)
            throw ExitStatus.unreadable
        }
        let loopback = ["127.0.0.1", "localhost", "::1"].contains(host)
        guard loopback || !book.accounts.isEmpty else {
            throw usageError("在 \(host) 上监听会让办公网内的其他电脑访问，必须先建立账户：sheetflow account add \(directory) 账户名 --role 科室负责人（报送单位的账户加 --role 报送单位 --sender 单位）。")
        }
        let settings = try WorkspaceOptions.parse(["--workspace", directory]).settings()
        let site = OfficeSite(workspace: workspace, profile: settings.profile, maxUploadBytes: maxUploadMib << 20, requiresAccounts: !loopback)
        let access = book.accounts.isEmpty ? "未设账户，只有本机可以打开" : "\(book.accounts.count) 个账户，需要登录"
        // Written straight away (stdout may be a file or a pipe, where print waits for its buffer to fill).
        FileHandle.standardOutput.write(Data("办公室网页：http://\(host == "::1" ? "[::1]" : host):\(port)/  （\(access)；\(settings.line)；按 Ctrl+C 停止）\n".utf8))
        try await site.run(host: host, port: port)
    }
}
