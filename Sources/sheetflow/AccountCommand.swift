import ArgumentParser
import Foundation
import OfficeWeb
import Workflow

/// `sheetflow account`: the web page's accounts in a workspace.
struct AccountCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "account",
        abstract: "网页账户：建立、列出、删除账户，重设密码。有账户后网页每页都要登录。",
        discussion: """
        角色：科室负责人（看到全部，可显示完整身份证号，每次显示和下载都记入审计日志）；
        报送单位（--sender 写明哪个单位：只看到、只能上传和报送本单位的）。
        密码从键盘输入两次（不显示）；从管道输入时读第一行。密码只以加盐的 PBKDF2 摘要保存。

        示例：
          sheetflow account add 武江区工作区 王科长 --role 科室负责人
          sheetflow account add 武江区工作区 民政李 --role 报送单位 --sender 民政部门
          sheetflow account list 武江区工作区
          sheetflow account password 武江区工作区 民政李
          sheetflow account remove 武江区工作区 民政李
        """,
        subcommands: [Add.self, List.self, Password.self, Remove.self]
    )

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "建立账户。")
        @Argument(help: "工作区文件夹。") var directory: String
        @Argument(help: "账户名（登录时输入）。") var name: String
        @Option(name: .long, help: "角色：科室负责人 或 报送单位。") var role: String
        @Option(name: .long, help: "报送单位的账户属于哪个单位（sheetflow.yaml 的 senders 之一）。") var sender: String?

        func run() throws {
            guard let role = Account.Role(rawValue: role) else {
                throw usageError("--role 应是「科室负责人」或「报送单位」（收到：\(role)）。")
            }
            let workspace = try AccountCommand.workspace(directory)
            try AccountCommand.change(workspace) { book in
                let senders = (try? WorkspaceConfig.read(workspace: workspace))?.senders ?? []
                try book.add(name: name, role: role, sender: sender, password: try AccountCommand.newPassword(), senders: senders)
                print("已建立账户：\(book.account(named: name)!.label)。")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "列出账户。")
        @Argument(help: "工作区文件夹。") var directory: String

        func run() throws {
            let book = try AccountCommand.read(try AccountCommand.workspace(directory))
            if book.accounts.isEmpty { print("没有账户：网页只在本机打开，不需要登录。") }
            for account in book.accounts { print(account.label) }
        }
    }

    struct Password: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "password", abstract: "重设密码（该账户已登录的网页随即退出）。")
        @Argument(help: "工作区文件夹。") var directory: String
        @Argument(help: "账户名。") var name: String

        func run() throws {
            try AccountCommand.change(try AccountCommand.workspace(directory)) { book in
                guard book.account(named: name) != nil else { throw AccountError.unknown(name) }
                try book.setPassword(name: name, password: try AccountCommand.newPassword())
                print("已重设「\(name)」的密码。")
            }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "remove", abstract: "删除账户（该账户已登录的网页随即退出）。")
        @Argument(help: "工作区文件夹。") var directory: String
        @Argument(help: "账户名。") var name: String

        func run() throws {
            try AccountCommand.change(try AccountCommand.workspace(directory)) { book in
                try book.remove(name: name)
                print("已删除账户「\(name)」。" + (book.accounts.isEmpty ? "已没有账户：网页只能在本机（127.0.0.1）打开。" : ""))
            }
        }
    }

    static func workspace(_ directory: String) throws -> Workspace {
        let workspace = Workspace(root: directory)
        guard FileManager.default.fileExists(atPath: workspace.configPath) else {
            printError("\(directory) 不是工作区（没有 \(WorkspaceConfig.fileName)）。先用 sheetflow init 创建工作区。")
            throw ExitStatus.unreadable
        }
        return workspace
    }

    static func read(_ workspace: Workspace) throws -> AccountBook {
        do { return try AccountBook.read(workspace) } catch let error as AccountError {
            printError(error.description)
            throw ExitStatus.unreadable
        }
    }

    /// Reads the book, applies `change` and writes it back; an account problem is said in Chinese (exit 2).
    static func change(_ workspace: Workspace, _ change: (inout AccountBook) throws -> Void) throws {
        var book = try read(workspace)
        do {
            try change(&book)
            try book.write(to: workspace)
        } catch let error as AccountError {
            printError(error.description)
            throw ExitStatus.unreadable
        }
    }

    /// A new password: typed twice without echo at a terminal, else the first line of standard input.
    static func newPassword() throws -> String {
        guard isatty(STDIN_FILENO) == 1 else {
            guard let line = readLine(strippingNewline: true), !line.isEmpty else {
                printError("没有读到密码：请在键盘上输入，或从管道输入一行密码。")
                throw ExitStatus.unreadable
            }
            return line
        }
        let first = typed("新密码（至少 8 个字符，不显示）："), second = typed("再输入一次：")
        guard first == second else {
            printError("两次输入的密码不一样，账户未改动。")
            throw ExitStatus.unreadable
        }
        return first
    }

    private static func typed(_ prompt: String) -> String {
        getpass(prompt).map { String(cString: $0) } ?? ""
    }
}
