import Foundation
import GRDB

/// One dropped file on its way from inbox/ to archive/ or failed/, as the journal (the register's
/// `intake` table) records it. Each step is recorded before or with the change it makes, so a
/// restart after a crash can finish or redo it.
struct Ticket: Sendable, Equatable {
    enum State: String, Sendable {
        /// Moved from inbox/ into its work folder; nothing else done yet (redone from here).
        case claimed
        /// Taken into the register (in the same transaction) with its receipt; outputs pending.
        case registered
        /// Unusable: going to failed/ with `failure` as the reason.
        case failing
        /// Outputs renamed into outbox/; the original still to be archived.
        case published
        /// In archive/ or failed/.
        case done

        /// The step in Chinese, for the log.
        var description: String {
            switch self {
            case .claimed: "已取出收件箱，尚未登记"
            case .registered: "已登记，结果尚未放入 outbox/"
            case .failing: "正移入 failed/"
            case .published: "结果已放入 outbox/，原件尚未归档"
            case .done: "已完成"
            }
        }
    }

    var id: String
    var name: String
    var source: String
    var sender: String?
    var kind: String?
    var arrivedAt: String
    var state: State
    var receipt: [String] = []
    var asOf: String?
    var failure: String?
    var outbox: String?
    var destination: String?

    init(id: String, name: String, source: String, sender: String?, kind: String?, arrivedAt: String) {
        self.id = id; self.name = name; self.source = source; self.sender = sender; self.kind = kind
        self.arrivedAt = arrivedAt; state = .claimed
    }

    init(row: Row) {
        id = row["ticket"]; name = row["name"]; source = row["source"]; sender = row["sender"]; kind = row["kind"]
        arrivedAt = row["arrived_at"]; state = State(rawValue: row["state"]) ?? .claimed
        receipt = (row["receipt"] as String?)?.split(separator: "\n").map(String.init) ?? []
        asOf = row["as_of"]; failure = row["failure"]; outbox = row["outbox"]; destination = row["destination"]
    }
}

extension Register {
    /// Records a ticket (or its new state), inside `db` when given (the ingest transaction).
    func record(_ ticket: Ticket, in db: Database? = nil) throws {
        let write = { (db: Database) in
            try db.execute(sql: """
                INSERT OR REPLACE INTO intake (ticket, name, source, sender, kind, arrived_at, state, receipt, as_of, failure, outbox, destination, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [ticket.id, ticket.name, ticket.source, ticket.sender, ticket.kind, ticket.arrivedAt, ticket.state.rawValue,
                                 ticket.receipt.isEmpty ? nil : ticket.receipt.joined(separator: "\n"), ticket.asOf, ticket.failure,
                                 ticket.outbox, ticket.destination, ChinaTime.timestamp(Date())])
        }
        do {
            if let db { try write(db) } else { try database.write(write) }
        } catch let error as DatabaseError {
            throw RegisterError.unusable(path: path, reason: error.message ?? error.description)
        }
    }

    /// Forgets a ticket that never got its file (the file is still in the inbox).
    func forget(_ ticket: Ticket) throws {
        try database.write { db in try db.execute(sql: "DELETE FROM intake WHERE ticket = ?", arguments: [ticket.id]) }
    }

    /// Tickets not yet done, oldest first.
    func unfinishedTickets() throws -> [Ticket] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM intake WHERE state != 'done' ORDER BY ticket").map(Ticket.init(row:))
        }
    }

    /// Every ticket, oldest first (for tests and the status of the service).
    func tickets() throws -> [Ticket] {
        try database.read { db in try Row.fetchAll(db, sql: "SELECT * FROM intake ORDER BY ticket").map(Ticket.init(row:)) }
    }
}
