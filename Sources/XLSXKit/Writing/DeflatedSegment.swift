#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// XML compressed into a temporary file as a non-final deflate segment, to be spliced into a zip
/// entry later (after parts that must come before it are known).
final class DeflatedSegment {
    let path: String
    private let file: FileOutput
    private var stream: DeflateStream!
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
        file = try FileOutput(path: path)
        let file = self.file
        stream = try DeflateStream(level: level) { try file.write($0) }
    }

    deinit { unlink(path) }

    /// Compresses bytes into the segment.
    func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try stream.write($0) }
    }

    /// Ends the segment on a byte boundary and flushes it to disk.
    func finish() throws {
        try stream.flushSegment()
        try file.flush()
        summary = (stream.crc, stream.inputCount, stream.outputCount)
    }

    /// Appends the segment to a deflated zip entry.
    func splice(into entry: EntryWriter) throws {
        let reader = try FileHandleReader(path: path)
        try entry.appendDeflated(crc: summary.crc, inputCount: summary.inputCount, outputCount: summary.outputCount) { write in
            let chunk = 1 << 18
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunk, alignment: 16)
            defer { buffer.deallocate() }
            var offset: UInt64 = 0
            while offset < reader.size {
                let count = Int(min(UInt64(chunk), reader.size - offset))
                let slice = UnsafeMutableRawBufferPointer(rebasing: buffer[0..<count])
                try reader.read(into: slice, at: offset)
                try write(UnsafeRawBufferPointer(slice))
                offset += UInt64(count)
            }
        }
    }
}
