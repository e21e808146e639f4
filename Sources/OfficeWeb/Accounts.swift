import Foundation
import Workflow

/// One person who may log in to the web page.
public struct Account: Codable, Sendable, Equatable {
    public enum Role: String, Codable, Sendable, CaseIterable {
        /// 科室负责人: sees every page and file, may show full ID numbers (each view audited), submits as any sender.
        case chief = "科室负责人"
        /// A sender's clerk: sees and uploads for its own sender only; ID numbers always masked.
        case sender = "报送单位"
    }

    public var name: String
    public var role: Role
    /// The sender (an inbox sub-folder of the workspace) a `.sender` account acts for.
    public var sender: String?
    var password: PasswordHash

    /// `张三（科室负责人）`, `李四（民政部门）`.
    public var label: String { Visitor(self).label ?? name }
}

/// Why an account could not be added, changed or read.
public enum AccountError: Error, CustomStringConvertible, Equatable {
    case exists(String)
    case unknown(String)
    case badName(String)
    case weakPassword
    case senderNeeded
    case senderNotAllowed
    case unknownSender(String, known: [String])
    case unreadable(path: String, reason: String)

    public var description: String {
        switch self {
        case .exists(let name): "已经有名为「\(name)」的账户。要改密码请用 sheetflow account password。"
        case .unknown(let name): "没有名为「\(name)」的账户（sheetflow account list 列出全部账户）。"
        case .badName(let name): "账户名「\(name)」不可用：请用 1 到 32 个汉字、字母、数字或 _ - . 组成的名字。"
        case .weakPassword: "密码太短：至少 \(AccountBook.shortestPassword) 个字符。"
        case .senderNeeded: "报送单位的账户要用 --sender 写明是哪个报送单位（工作区配置 sheetflow.yaml 的 senders 之一）。"
        case .senderNotAllowed: "科室负责人的账户不属于某个报送单位，不要写 --sender。"
        case .unknownSender(let sender, let known):
            "工作区没有报送单位「\(sender)」。可用的有：\(known.isEmpty ? "（sheetflow.yaml 的 senders 为空）" : known.joined(separator: "、"))。"
        case .unreadable(let path, let reason): "账户文件 \(path) 无法读取：\(reason)。请从备份恢复，或删除后重新建立账户。"
        }
    }
}

/// The accounts of a workspace, kept in `.sheetflow/web/accounts.json` (readable by the
/// service's user only). Passwords are stored as salted PBKDF2 hashes, never as they were typed.
/// With no account the page serves loopback only, to whoever can open it there.
public struct AccountBook: Sendable, Equatable {
    public private(set) var accounts: [Account] = []
    static let shortestPassword = 8

    public init() {}

    public static func path(in workspace: Workspace) -> String { workspace.root + "/.sheetflow/web/accounts.json" }

    /// The workspace's accounts; none when it has no accounts file.
    public static func read(_ workspace: Workspace) throws -> AccountBook {
        let path = path(in: workspace)
        guard FileManager.default.fileExists(atPath: path) else { return AccountBook() }
        do {
            var book = AccountBook()
            book.accounts = try JSONDecoder().decode([Account].self, from: Data(contentsOf: URL(fileURLWithPath: path)))
            return book
        } catch {
            throw AccountError.unreadable(path: path, reason: (error as? DecodingError).map { "\($0)" } ?? error.localizedDescription)
        }
    }

    /// Writes the book whole (beside, then renamed), readable and writable by this user only.
    public func write(to workspace: Workspace) throws {
        let path = Self.path(in: workspace)
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let temporary = path + ".tmp"
        FileManager.default.createFile(atPath: temporary, contents: try encoder.encode(accounts), attributes: [.posixPermissions: 0o600])
        guard rename(temporary, path) == 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path]) }
    }

    public func account(named name: String) -> Account? { accounts.first { $0.name == name } }

    /// Adds an account; `senders` are the workspace's (a sender account must name one of them).
    public mutating func add(name: String, role: Account.Role, sender: String?, password: String, senders: [String]) throws {
        guard Self.isUsable(name) else { throw AccountError.badName(name) }
        guard account(named: name) == nil else { throw AccountError.exists(name) }
        switch (role, sender) {
        case (.sender, nil): throw AccountError.senderNeeded
        case (.sender, let sender?) where !senders.contains(sender): throw AccountError.unknownSender(sender, known: senders)
        case (.chief, _?): throw AccountError.senderNotAllowed
        default: break
        }
        accounts.append(Account(name: name, role: role, sender: sender, password: try Self.hash(password)))
    }

    public mutating func remove(name: String) throws {
        guard account(named: name) != nil else { throw AccountError.unknown(name) }
        accounts.removeAll { $0.name == name }
    }

    public mutating func setPassword(name: String, password: String) throws {
        guard let index = accounts.firstIndex(where: { $0.name == name }) else { throw AccountError.unknown(name) }
        accounts[index].password = try Self.hash(password)
    }

    /// The account whose name and password these are. An unknown name costs the same time as a
    /// wrong password, so a guess does not learn which names exist.
    public func verify(name: String, password: String) -> Account? {
        guard let account = account(named: name) else {
            _ = PasswordHash.decoy.matches(password)
            return nil
        }
        return account.password.matches(password) ? account : nil
    }

    private static func hash(_ password: String) throws -> PasswordHash {
        guard password.count >= shortestPassword else { throw AccountError.weakPassword }
        return try PasswordHash(password)
    }

    static func isUsable(_ name: String) -> Bool {
        (1...32).contains(name.count) && name.unicodeScalars.allSatisfy { scalar in
            scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "_-.".unicodeScalars.contains(scalar)
        }
    }
}

/// The accounts file as last read, read again whenever it changes, so `sheetflow account`
/// takes effect on a running page without a restart.
final class AccountFile: @unchecked Sendable {
    let path: String
    let workspace: Workspace
    private let lock = NSLock()
    private var kept: (state: String, book: Result<AccountBook, AccountError>)?

    init(path: String, workspace: Workspace) {
        (self.path, self.workspace) = (path, workspace)
    }

    func current() -> Result<AccountBook, AccountError> {
        let state = PageCache.state(of: path)
        return lock.withLock {
            if let kept, kept.state == state { return kept.book }
            let book = Result { try AccountBook.read(workspace) }.mapError { $0 as? AccountError ?? .unreadable(path: path, reason: "\($0)") }
            kept = (state, book)
            return book
        }
    }
}
