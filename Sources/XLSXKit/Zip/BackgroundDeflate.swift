import Dispatch
import Foundation

/// A deflate stream fed from a background thread: `write` hands a chunk over and returns while the
/// caller produces the next one, so writing a large part uses both cores. At most
/// `maxChunksInFlight` chunks wait, so memory stays bounded; the first compression or disk error
/// is kept and thrown by the next call.
final class BackgroundDeflate: @unchecked Sendable {
    /// Used only on `queue`, one task at a time.
    private let stream: DeflateStream
    private let queue = DispatchQueue(label: "sheetflow.deflate")
    private let slots = DispatchSemaphore(value: BackgroundDeflate.maxChunksInFlight)
    private let lock = NSLock()
    private var storedFailure: Error?
    static let maxChunksInFlight = 4

    /// Compresses at `level`, handing compressed bytes to `sink` (on the background thread).
    init(level: Int32, sink: @escaping (UnsafeRawBufferPointer) throws -> Void) throws {
        stream = try DeflateStream(level: level, consumer: sink)
    }

    deinit {
        queue.sync {}
    }

    private var failure: Error? {
        get { lock.withLock { storedFailure } }
        set { lock.withLock { if storedFailure == nil { storedFailure = newValue } } }
    }

    /// Queues bytes for compression.
    func write(_ bytes: [UInt8]) throws {
        slots.wait()
        queue.async { [self] in
            defer { slots.signal() }
            guard failure == nil else { return }
            do {
                try bytes.withUnsafeBytes { try stream.write($0) }
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
    }

    /// Waits for the queued chunks, then runs `body` with the stream (on the background thread).
    func finish<T>(_ body: (DeflateStream) throws -> T) throws -> T {
        try queue.sync {
            if let failure { throw failure }
            return try body(stream)
        }
    }
}
