#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Positional reads from an open file, never touching the file's contents or offset state.
final class FileHandleReader {
    let path: String
    let size: UInt64
    private let descriptor: Int32

    /// Opens `path` read-only.
    init(path: String) throws {
        self.path = path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw XLSXError(.unreadableFile, "open failed: \(String(cString: strerror(errno)))", file: path)
        }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            close(fd)
            throw XLSXError(.unreadableFile, "fstat failed", file: path)
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            throw XLSXError(.unreadableFile, "not a regular file", file: path)
        }
        descriptor = fd
        size = UInt64(info.st_size)
    }

    deinit { close(descriptor) }

    /// Reads exactly `count` bytes at `offset`; throws `truncated` when the file ends first.
    func read(at offset: UInt64, count: Int) throws -> [UInt8] {
        guard count > 0 else { return [] }
        guard offset <= size, UInt64(count) <= size - offset else {
            throw XLSXError(.truncated, "read of \(count) bytes at \(offset) past end of file (\(size) bytes)", file: path)
        }
        var bytes = [UInt8](repeating: 0, count: count)
        try bytes.withUnsafeMutableBytes { (buffer) throws in
            try read(into: buffer, at: offset)
        }
        return bytes
    }

    /// Reads `count` bytes from `offset` in chunks of at most `chunkSize`, passing each to `body`
    /// (valid only during the call). Memory: one chunk.
    func forEachChunk(from offset: UInt64, count: UInt64, chunkSize: Int = 1 << 18,
                      _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        var done: UInt64 = 0
        while done < count {
            let length = Int(min(UInt64(chunkSize), count - done))
            let slice = UnsafeMutableRawBufferPointer(rebasing: buffer[0..<length])
            try read(into: slice, at: offset + done)
            try body(UnsafeRawBufferPointer(slice))
            done += UInt64(length)
        }
    }

    /// Fills `buffer` from `offset`; throws `truncated` when the file ends first.
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: UInt64) throws {
        var done = 0
        while done < buffer.count {
            let n = pread(descriptor, buffer.baseAddress! + done, buffer.count - done, off_t(offset) + off_t(done))
            if n < 0 {
                if errno == EINTR { continue }
                throw XLSXError(.unreadableFile, "read failed: \(String(cString: strerror(errno)))", file: path)
            }
            if n == 0 {
                throw XLSXError(.truncated, "file ends at \(offset + UInt64(done)) while reading", file: path)
            }
            done += n
        }
    }
}
