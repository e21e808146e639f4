import Foundation
import GRDB

/// The persistent register of a workspace (one SQLite file): every file taken in, and what each
/// said of each person — roster records per category and sender, pension-system records,
/// deaths, students and employee-pension participants. Nothing is deleted or overwritten: a
/// person's statuses and their periods, enrolment and payments on a date are computed from the
/// records (see `PersonHistory`), so every monthly output can be made again as of any date, and
/// the order in which files arrived changes nothing.
public final class Register {
    /// Where the register lives.
    public let path: String
    let database: DatabaseQueue

    /// Opens (or creates) the register at `path` and brings its tables up to date.
    public init(path: String) throws {
        self.path = path
        try FileManager.default.createDirectory(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path,
                                                withIntermediateDirectories: true)
        // A new register is the user's alone (SQLite gives its journal files the same mode).
        if !FileManager.default.fileExists(atPath: path) { _ = FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) }
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        do {
            database = try DatabaseQueue(path: path, configuration: configuration)
            try RegisterSchema.migrator.migrate(database)
        } catch let error as DatabaseError {
            throw RegisterError.unusable(path: path, reason: error.message ?? error.description)
        }
    }

    /// Opens an existing register for reading only (the web page, beside a running `watch`):
    /// nothing is created or migrated; a register older than this program is refused.
    public init(readingAt path: String) throws {
        self.path = path
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(10)
        do {
            database = try DatabaseQueue(path: path, configuration: configuration)
            guard try database.read({ try RegisterSchema.migrator.hasCompletedMigrations($0) }) else {
                throw RegisterError.unusable(path: path, reason: "登记册是旧版本的，请先运行一次 sheetflow run 或 watch 更新")
            }
        } catch let error as DatabaseError {
            throw RegisterError.unusable(path: path, reason: error.message ?? error.description)
        }
    }

    /// A file taken in, as recorded.
    public struct FileRecord: Sendable, Equatable {
        public var id: Int64
        public var hash: String
        public var name: String
        public var sender: String
        public var kind: FileKind?
        /// `yyyy-MM-dd HH:mm:ss`, China time: the file's arrival (its 移交时间).
        public var receivedAt: String
        public var asOf: String
        /// For rosters: whole list or changes only.
        public var mode: ListMode?
        public var records: Int
        public var added: Int
        public var changed: Int
        public var exited: Int
        public var skipped: Int
        /// People of an export or reference list no roster named yet when it arrived.
        public var waiting: Int

        init(row: Row) {
            id = row["id"]; hash = row["hash"]; name = row["name"]; sender = row["sender"]; kind = FileKind(rawValue: row["kind"])
            receivedAt = row["received_at"]; asOf = row["as_of"]; mode = ListMode(rawValue: row["mode"]); records = row["records"]
            added = row["added"]; changed = row["changed"]; exited = row["exited"]; skipped = row["skipped"]; waiting = row["unmatched"]
        }
    }

    /// The file already taken in with this content, if any.
    public func file(withHash hash: String) throws -> FileRecord? {
        try database.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM file WHERE hash = ?", arguments: [hash]).map(FileRecord.init(row:))
        }
    }

    /// Every file taken in, oldest first.
    public func files() throws -> [FileRecord] {
        try database.read { db in try Row.fetchAll(db, sql: "SELECT * FROM file ORDER BY id").map(FileRecord.init(row:)) }
    }

    /// How many people have a status in force on `date` (ISO), and how many statuses are in force.
    public func counts(on date: String) throws -> (people: Int, statuses: Int) {
        var people = 0, statuses = 0
        try forEachPerson { history in
            let inForce = history.on(date).statuses.filter { $0.inForce(on: date) }.count
            if inForce > 0 { people += 1 }
            statuses += inForce
        }
        return (people, statuses)
    }
}

/// The register could not be opened or written.
public enum RegisterError: Error, CustomStringConvertible {
    case unusable(path: String, reason: String)

    public var description: String {
        switch self {
        case .unusable(let path, let reason): "登记册 \(path) 无法打开或写入（\(reason)）。请检查文件权限和磁盘空间；不要用其他程序同时修改它。"
        }
    }
}
