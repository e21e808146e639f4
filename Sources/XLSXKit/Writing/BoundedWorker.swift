import Dispatch
import Foundation

/// Work handed over by one thread and done, in order, on another: the producer goes on with the
/// next piece while the last one is written or compressed, so both cores work. At most `limit`
/// pieces wait, so memory stays bounded. The first error is kept: later pieces are skipped and the
/// next call throws it.
public final class BoundedWorker: @unchecked Sendable {
    private let queue: DispatchQueue
    private let slots: DispatchSemaphore
    private let lock = NSLock()
    private var storedFailure: Error?

    /// A worker named `label` (shown in debuggers and profiles) with at most `limit` pieces waiting.
    public init(label: String, limit: Int) {
        queue = DispatchQueue(label: label)
        slots = DispatchSemaphore(value: limit)
    }

    deinit {
        queue.sync {}
    }

    private var failure: Error? {
        get { lock.withLock { storedFailure } }
        set { lock.withLock { if storedFailure == nil { storedFailure = newValue } } }
    }

    /// Queues `work`; waits while `limit` pieces are waiting. Throws an earlier piece's error.
    /// `work` must touch only what the caller no longer changes.
    public func submit(_ work: @escaping () throws -> Void) throws {
        slots.wait()
        nonisolated(unsafe) let work = work
        queue.async { [self] in
            defer { slots.signal() }
            guard failure == nil else { return }
            do {
                try work()
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
    }

    /// Waits for every queued piece, then runs `body` on the worker's thread; throws the first error.
    public func finish<T>(_ body: () throws -> T) throws -> T {
        try queue.sync {
            if let failure { throw failure }
            return try body()
        }
    }
}
