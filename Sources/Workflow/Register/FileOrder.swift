import GRDB

/// A file's place in the order the register applies what files say: by 数据截至, then by arrival
/// (移交时间), then by content hash. Each of these is a property of the file, not of when it was
/// processed, so any processing order of the same files gives the same result.
struct FileStamp: Sendable, Comparable, Hashable {
    var id: Int64
    /// 数据截至, ISO date.
    var asOf: String
    /// Arrival, `yyyy-MM-dd HH:mm:ss` China time.
    var receivedAt: String
    var hash: String
    /// A full roster: the whole of the sets it covers.
    var full: Bool

    /// The arrival day, ISO date (the 移交时间 of what the file brought).
    var receivedDay: String { String(receivedAt.prefix(10)) }

    static func < (lhs: FileStamp, rhs: FileStamp) -> Bool {
        (lhs.asOf, lhs.receivedAt, lhs.hash) < (rhs.asOf, rhs.receivedAt, rhs.hash)
    }
}

/// The files a computation may use: all taken in, or those that had arrived by a day (to
/// reproduce a month as it was known then).
struct FileSet: Sendable {
    private var stamps: [Int64: FileStamp] = [:]
    /// Per set (sender and category), the full rosters covering it, in file order.
    private(set) var fullLists: [RosterSet: [FileStamp]] = [:]

    /// The register's files that arrived on or before `knownOn` (ISO date; nil: all of them), the
    /// one being taken in excepted (its kind is written when it is complete).
    init(_ db: Database, knownOn: String?) throws {
        let limit = knownOn.map { $0 + " 23:59:59" } ?? "9999"
        for row in try Row.fetchAll(db, sql: "SELECT id, as_of, received_at, hash, mode FROM file WHERE received_at <= ? AND kind != ''",
                                    arguments: [limit]) {
            let stamp = FileStamp(id: row[0], asOf: row[1], receivedAt: row[2], hash: row[3], full: row[4] == ListMode.full.rawValue)
            stamps[stamp.id] = stamp
        }
        for row in try Row.fetchAll(db, sql: "SELECT sender, category, file_id FROM list_cover") {
            guard let stamp = stamps[row[2]], let category = Category(rawValue: row[1]) else { continue }
            fullLists[RosterSet(sender: row[0], category: category), default: []].append(stamp)
        }
        for key in fullLists.keys { fullLists[key]!.sort() }
    }

    subscript(id: Int64) -> FileStamp? { stamps[id] }
}

/// One sender's list of one category: what a full roster replaces as a whole.
struct RosterSet: Sendable, Hashable, Comparable {
    var sender: String
    var category: Category

    static func < (lhs: RosterSet, rhs: RosterSet) -> Bool { (lhs.sender, lhs.category.rawValue) < (rhs.sender, rhs.category.rawValue) }
}
