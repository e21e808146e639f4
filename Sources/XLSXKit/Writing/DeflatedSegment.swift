import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// XML compressed into a temporary file as a non-final deflate segment, to be spliced into a zip
/// entry later (after parts that must come before it are known). Compression runs on a
/// background thread (`BackgroundDeflate`).
final class DeflatedSegment {
    let path: String
    private let file: FileOutput
    private let deflate: BackgroundDeflate
    private(set) var summary: (crc: UInt, inputCount: UInt64, outputCount: UInt64) = (0, 0, 0)

    /// Creates a temporary file in `folder`.
    init(folder: String, level: Int32) throws {
        var template = Array((folder + "/.sheetflow-segment-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            throw XLSXError(.unreadableFile, "cannot create a temporary file in \(folder): \(String(cString: strerror(errno)))")
        }
        close(fd)
        path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        let file = try FileOutput(path: path)
        self.file = file
        deflate = try BackgroundDeflate(level: level) { try file.write($0) }
    }

    deinit {
        unlink(path)
    }

    /// Queues bytes for compression; throws an earlier compression or disk error, if any.
    func write(_ bytes: [UInt8]) throws {
        try deflate.write(bytes)
    }

    /// Waits for the queued chunks, ends the segment on a byte boundary and flushes it to disk.
    func finish() throws {
        let file = self.file
        summary = try deflate.finish { stream in
            try stream.flushSegment()
            try file.flush()
            return (stream.crc, stream.inputCount, stream.outputCount)
        }
    }

    /// Appends the segment to a deflated zip entry.
    func splice(into entry: EntryWriter) throws {
        let reader = try FileHandleReader(path: path)
        try entry.appendDeflated(crc: summary.crc, inputCount: summary.inputCount, outputCount: summary.outputCount) { write in
            try reader.forEachChunk(from: 0, count: reader.size, write)
        }
    }
}
