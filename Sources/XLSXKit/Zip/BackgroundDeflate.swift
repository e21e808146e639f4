import Dispatch
import Foundation

/// A deflate stream fed from a background thread: `write` hands a chunk over and returns while the
/// caller produces the next one, so writing a large part uses both cores. At most
/// `maxChunksInFlight` chunks wait, so memory stays bounded; the first compression or disk error
/// is kept and thrown by the next call.
final class BackgroundDeflate: @unchecked Sendable {
    /// Used only on the worker's thread, one piece at a time.
    private let stream: DeflateStream
    private let worker = BoundedWorker(label: "sheetflow.deflate", limit: BackgroundDeflate.maxChunksInFlight)
    static let maxChunksInFlight = 4

    /// Compresses at `level`, handing compressed bytes to `sink` (on the background thread).
    init(level: Int32, sink: @escaping (UnsafeRawBufferPointer) throws -> Void) throws {
        stream = try DeflateStream(level: level, consumer: sink)
    }

    /// Queues bytes for compression.
    func write(_ bytes: [UInt8]) throws {
        try worker.submit { [stream] in try bytes.withUnsafeBytes { try stream.write($0) } }
    }

    /// Waits for the queued chunks, then runs `body` with the stream (on the background thread).
    func finish<T>(_ body: (DeflateStream) throws -> T) throws -> T {
        try worker.finish { try body(stream) }
    }
}
