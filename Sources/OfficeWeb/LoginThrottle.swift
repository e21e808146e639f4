import Foundation

/// Login attempts, limited: after `attempts` failures within `windowSeconds` for one account name
/// (`name:…`), or `addressAttempts` from one address (`address:…`, several clerks may share one),
/// further logins there are refused until the window has passed since the last failure. Keeps at
/// most `capacity` names and addresses (the oldest forgotten first).
final class LoginThrottle: @unchecked Sendable {
    static let attempts = 5
    static let addressAttempts = 20
    static let windowSeconds: TimeInterval = 15 * 60
    let capacity: Int

    private let lock = NSLock()
    private var failures: [String: [Date]] = [:]

    init(capacity: Int = 10_000) {
        self.capacity = capacity
    }

    /// Seconds until `keys` may try again; nil when they may now.
    func wait(_ keys: [String], now: Date = Date()) -> TimeInterval? {
        lock.withLock {
            let waits = keys.compactMap { key -> TimeInterval? in
                let recent = (failures[key] ?? []).filter { now.timeIntervalSince($0) < Self.windowSeconds }
                guard recent.count >= (key.hasPrefix("address:") ? Self.addressAttempts : Self.attempts), let last = recent.last else { return nil }
                return Self.windowSeconds - now.timeIntervalSince(last)
            }
            return waits.max()
        }
    }

    func failed(_ keys: [String], now: Date = Date()) {
        lock.withLock {
            for key in keys { failures[key, default: []] = (failures[key] ?? []).filter { now.timeIntervalSince($0) < Self.windowSeconds } + [now] }
            if failures.count > capacity {
                let oldest = failures.sorted { ($0.value.last ?? .distantPast) < ($1.value.last ?? .distantPast) }.prefix(failures.count - capacity)
                for (key, _) in oldest { failures[key] = nil }
            }
        }
    }

    /// A successful login clears its account name's failures (an address's stay).
    func succeeded(_ key: String) {
        _ = lock.withLock { failures.removeValue(forKey: key) }
    }
}
