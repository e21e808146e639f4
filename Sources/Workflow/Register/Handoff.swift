import Foundation

/// Values handed from one thread to another, so that both cores work: ingest's validation hands
/// the normalised records to the thread that holds the register's transaction; the month's report
/// hands each person, read and judged, to the thread that adds them to every output. Values travel
/// in batches; at most `limit` batches wait, so memory stays bounded.
///
/// The sending side calls `send` for each value, `endValues()` once there are no more (the other
/// side may finish its work while the sender goes on with its own) and `close(_:)` with its
/// result; the receiving side takes values with `next()` until it returns nil, then may wait for
/// the sender's result with `result()`. A side that fails calls `cancel()`: the next `send`
/// throws `Cancelled`, so the sender stops.
final class Handoff<Value: Sendable, Outcome: Sendable>: @unchecked Sendable {
    /// Thrown by `send` once the receiving side has given up.
    struct Cancelled: Error {}

    private let condition = NSCondition()
    private let limit: Int
    private let batchSize: Int
    private var filling: [Value] = []
    private var waiting: [[Value]] = []
    private var taking: [Value] = []
    private var position = 0
    private var valuesEnded = false
    private var cancelled = false
    private var outcome: Result<Outcome, Error>?

    init(limit: Int = 8, batchSize: Int = 256) {
        self.limit = limit
        self.batchSize = batchSize
        filling.reserveCapacity(batchSize)
    }

    /// Hands on one value (sending side); waits while `limit` batches are waiting.
    func send(_ value: Value) throws {
        filling.append(value)
        if filling.count >= batchSize { try pass() }
    }

    /// No more values will come (sending side).
    func endValues() throws {
        try pass()
        condition.withLock {
            valuesEnded = true
            condition.broadcast()
        }
    }

    /// The sending side's result; ends the values if `endValues` was not called.
    func close(_ result: Result<Outcome, Error>) {
        condition.withLock {
            if !filling.isEmpty, !cancelled { waiting.append(filling) }
            filling = []
            valuesEnded = true
            outcome = result
            condition.broadcast()
        }
    }

    /// The next value (receiving side), or nil once the values have ended; throws the sending
    /// side's error if it failed before the end of the values.
    func next() throws -> Value? {
        if position < taking.count {
            defer { position += 1 }
            return taking[position]
        }
        condition.lock()
        defer { condition.unlock() }
        while waiting.isEmpty, !valuesEnded { condition.wait() }
        guard !waiting.isEmpty else {
            if case .failure(let error)? = outcome { throw error }
            return nil
        }
        taking = waiting.removeFirst()
        condition.broadcast()
        position = 1
        return taking[0]
    }

    /// Stops the sending side (after a failure of the receiving side).
    func cancel() {
        condition.withLock {
            cancelled = true
            waiting = []
            condition.broadcast()
        }
    }

    /// Waits for the sending side's result.
    func result() throws -> Outcome {
        condition.lock()
        defer { condition.unlock() }
        while outcome == nil { condition.wait() }
        return try outcome!.get()
    }

    private func pass() throws {
        let batch = filling
        filling = []
        filling.reserveCapacity(batchSize)
        try condition.withLock {
            while waiting.count >= limit, !cancelled { condition.wait() }
            if cancelled { throw Cancelled() }
            if !batch.isEmpty { waiting.append(batch) }
            condition.broadcast()
        }
    }
}
