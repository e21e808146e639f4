import Foundation

/// Rendered pages kept while what they show is unchanged: a page's key names its inputs' state
/// (the register's and the outbox's modification times and sizes, the day), so a new file
/// taken in, a new set of reports or a new day renders it afresh. Holds at most `capacity` pages.
final class PageCache: @unchecked Sendable {
    private let lock = NSLock()
    private var pages: [String: String] = [:]
    private var order: [String] = []
    let capacity: Int

    init(capacity: Int = 64) {
        self.capacity = capacity
    }

    /// The page for `key`, rendered by `render` when not kept.
    func page(_ key: String, render: () throws -> String) rethrows -> String {
        if let kept = lock.withLock({ pages[key] }) { return kept }
        let page = try render()
        lock.withLock {
            if pages.updateValue(page, forKey: key) == nil { order.append(key) }
            while order.count > capacity { pages[order.removeFirst()] = nil }
        }
        return page
    }

    /// `path`'s modification time and size (nothing for a missing file), for a key.
    static func state(of path: String) -> String {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return "-" }
        let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        return "\(modified):\(attributes[.size] as? Int ?? 0)"
    }
}
