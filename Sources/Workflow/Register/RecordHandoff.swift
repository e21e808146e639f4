import Foundation

/// Records handed from the thread that validates a file to the thread that holds the register's
/// transaction, so that checking the rows and writing the register go on at the same time, on both
/// cores. Records travel in batches; at most `limit` batches wait, so memory stays bounded.
///
/// The validating side calls `send` for each record, `endRecords()` once the rows are read and
/// `close(_:)` with its result; the register's side takes records with `next()` until it returns
/// nil, then waits for the result with `result()`. If the register's side fails it calls
/// `cancel()`: the next `send` throws `Cancelled` and validation stops.
final class RecordHandoff<Record: Sendable, Outcome: Sendable>: @unchecked Sendable {
    /// Thrown by `send` once the receiving side has given up.
    struct Cancelled: Error {}

    private let condition = NSCondition()
    private let limit: Int
    private let batchSize: Int
    private var filling: [Record] = []
    private var waiting: [[Record]] = []
    private var taking: [Record] = []
    private var position = 0
    private var recordsEnded = false
    private var cancelled = false
    private var outcome: Result<Outcome, Error>?

    init(limit: Int = 8, batchSize: Int = 256) {
        self.limit = limit
        self.batchSize = batchSize
        filling.reserveCapacity(batchSize)
    }

    /// Hands on one record (validating side); waits while `limit` batches are waiting.
    func send(_ record: Record) throws {
        filling.append(record)
        if filling.count >= batchSize { try pass() }
    }

    /// No more records will come (validating side): the register's side may finish its work while
    /// the validation writes its reports.
    func endRecords() throws {
        try pass()
        condition.withLock {
            recordsEnded = true
            condition.broadcast()
        }
    }

    /// The validating side's result; ends the records if `endRecords` was not called.
    func close(_ result: Result<Outcome, Error>) {
        condition.withLock {
            if !filling.isEmpty, !cancelled { waiting.append(filling) }
            filling = []
            recordsEnded = true
            outcome = result
            condition.broadcast()
        }
    }

    /// The next record (register's side), or nil once the records have ended; throws the
    /// validating side's error if it failed before the end of the records.
    func next() throws -> Record? {
        if position < taking.count {
            defer { position += 1 }
            return taking[position]
        }
        condition.lock()
        defer { condition.unlock() }
        while waiting.isEmpty, !recordsEnded { condition.wait() }
        guard !waiting.isEmpty else {
            if case .failure(let error)? = outcome { throw error }
            return nil
        }
        taking = waiting.removeFirst()
        condition.broadcast()
        position = 1
        return taking[0]
    }

    /// Stops the validating side (register's side, after a failure of its own).
    func cancel() {
        condition.withLock {
            cancelled = true
            waiting = []
            condition.broadcast()
        }
    }

    /// Waits for the validating side's result.
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
