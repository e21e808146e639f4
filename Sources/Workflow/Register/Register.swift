import Foundation
import GRDB

/// The persistent register of a workspace (one SQLite file): people, their statuses per category
/// and sender with validity periods, enrolment, payments, benefits, exclusions, and every file
/// taken in. Nothing is deleted: a person who leaves a list gets an end date. Every monthly output
/// is computed from it as of a date (see `MonthlyReport`).
public final class Register {
    /// Where the register lives.
    public let path: String
    let database: DatabaseQueue

    /// Opens (or creates) the register at `path` and brings its tables up to date.
    public init(path: String) throws {
        self.path = path
        try FileManager.default.createDirectory(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path,
                                                withIntermediateDirectories: true)
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        do {
            database = try DatabaseQueue(path: path, configuration: configuration)
            try RegisterSchema.migrator.migrate(database)
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
        public var kind: String
        /// `yyyy-MM-dd HH:mm:ss`, China time.
        public var receivedAt: String
        public var asOf: String
        public var mode: String
        public var records: Int
        public var added: Int
        public var changed: Int
        public var exited: Int
        public var skipped: Int
        public var unmatched: Int

        init(row: Row) {
            id = row["id"]; hash = row["hash"]; name = row["name"]; sender = row["sender"]; kind = row["kind"]
            receivedAt = row["received_at"]; asOf = row["as_of"]; mode = row["mode"]; records = row["records"]
            added = row["added"]; changed = row["changed"]; exited = row["exited"]; skipped = row["skipped"]; unmatched = row["unmatched"]
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

    /// How many people, statuses in force on `date`, and files the register holds.
    public func counts(on date: String) throws -> (people: Int, statuses: Int, files: Int) {
        try database.read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM person") ?? 0,
             try Int.fetchOne(db, sql: "SELECT count(*) FROM status WHERE valid_from <= ? AND (valid_to IS NULL OR valid_to > ?)",
                              arguments: [date, date]) ?? 0,
             try Int.fetchOne(db, sql: "SELECT count(*) FROM file") ?? 0)
        }
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
