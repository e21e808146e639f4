import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// XML compressed into a temporary file as a non-final deflate segment, to be spliced into a zip
/// entry later (after parts that must come before it are known).
///
/// Compression runs on a background queue while the caller produces the next chunk, so writing a
/// large sheet uses both cores; at most `maxChunksInFlight` chunks wait, so memory stays bounded.
final class DeflatedSegment {
    let path: String
    private let worker: Worker
    private let queue = DispatchQueue(label: "sheetflow.deflate")
    private let slots: DispatchSemaphore
    private(set) var summary: (crc: UInt, inputCount: UInt64, outputCount: UInt64) = (0, 0, 0)
    static let maxChunksInFlight = 4

    /// The file and the deflate stream; used only on `queue`, one task at a time.
    private final class Worker: @unchecked Sendable {
        let file: FileOutput
        let stream: DeflateStream
        private let lock = NSLock()
        private var storedFailure: Error?
        /// The first error compression or disk writing hit (read from any thread).
        var failure: Error? {
            get { lock.withLock { storedFailure } }
            set { lock.withLock { if storedFailure == nil { storedFailure = newValue } } }
        }
        init(file: FileOutput, level: Int32) throws {
            self.file = file
            stream = try DeflateStream(level: level) { try file.write($0) }
        }
    }

    /// Creates a temporary file in `folder`.
    init(folder: String, level: Int32) throws {
        var template = Array((folder + "/.sheetflow-segment-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            throw XLSXError(.unreadableFile, "cannot create a temporary file in \(folder): \(String(cString: strerror(errno)))")
        }
        close(fd)
        path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        worker = try Worker(file: try FileOutput(path: path), level: level)
        slots = DispatchSemaphore(value: DeflatedSegment.maxChunksInFlight)
    }

    deinit {
        queue.sync {}
        unlink(path)
    }

    /// Queues bytes for compression; throws an earlier compression or disk error, if any.
    func write(_ bytes: [UInt8]) throws {
        slots.wait()
        let worker = self.worker, slots = self.slots
        queue.async {
            defer { slots.signal() }
            guard worker.failure == nil else { return }
            do {
                try bytes.withUnsafeBytes { try worker.stream.write($0) }
            } catch {
                worker.failure = error
            }
        }
        if let failure = worker.failure { throw failure }
    }

    /// Waits for the queued chunks, ends the segment on a byte boundary and flushes it to disk.
    func finish() throws {
        let worker = self.worker
        let result: Result<(UInt, UInt64, UInt64), Error> = queue.sync {
            if let failure = worker.failure { return .failure(failure) }
            do {
                try worker.stream.flushSegment()
                try worker.file.flush()
                return .success((worker.stream.crc, worker.stream.inputCount, worker.stream.outputCount))
            } catch {
                return .failure(error)
            }
        }
        let done = try result.get()
        summary = (done.0, done.1, done.2)
    }

    /// Appends the segment to a deflated zip entry.
    func splice(into entry: EntryWriter) throws {
        let reader = try FileHandleReader(path: path)
        try entry.appendDeflated(crc: summary.crc, inputCount: summary.inputCount, outputCount: summary.outputCount) { write in
            try reader.forEachChunk(from: 0, count: reader.size, write)
        }
    }
}
