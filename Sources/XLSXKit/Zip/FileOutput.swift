#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file written through a buffer, with positional patching for headers written before their sizes are known.
final class FileOutput {
    let path: String
    private let descriptor: Int32
    private var buffer: UnsafeMutableRawBufferPointer
    private var buffered = 0
    /// Bytes written so far (including what is still buffered).
    private(set) var offset: UInt64 = 0

    /// Creates (or truncates) `path` for writing.
    init(path: String, bufferSize: Int = 1 << 18) throws {
        self.path = path
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw XLSXError(.unreadableFile, "cannot create: \(String(cString: strerror(errno)))", file: path)
        }
        descriptor = fd
        buffer = .allocate(byteCount: bufferSize, alignment: 16)
    }

    deinit {
        buffer.deallocate()
        close(descriptor)
    }

    /// Appends bytes.
    func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard !bytes.isEmpty else { return }
        if buffered + bytes.count > buffer.count { try flush() }
        if bytes.count >= buffer.count {
            try writeAll(bytes, at: nil)
        } else {
            (buffer.baseAddress! + buffered).copyMemory(from: bytes.baseAddress!, byteCount: bytes.count)
            buffered += bytes.count
        }
        offset += UInt64(bytes.count)
    }

    /// Appends bytes.
    func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }

    /// Overwrites bytes already written at `position` (flushes first).
    func patch(_ bytes: [UInt8], at position: UInt64) throws {
        try flush()
        try bytes.withUnsafeBytes { try writeAll($0, at: position) }
    }

    /// Writes out the buffer.
    func flush() throws {
        guard buffered > 0 else { return }
        try writeAll(UnsafeRawBufferPointer(rebasing: buffer[0..<buffered]), at: nil)
        buffered = 0
    }

    /// Flushes and forces the data to disk.
    func synchronize() throws {
        try flush()
        guard fsync(descriptor) == 0 else {
            throw XLSXError(.unreadableFile, "fsync failed: \(String(cString: strerror(errno)))", file: path)
        }
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer, at position: UInt64?) throws {
        var done = 0
        while done < bytes.count {
            let n: Int
            if let position {
                n = pwrite(descriptor, bytes.baseAddress! + done, bytes.count - done, off_t(position) + off_t(done))
            } else {
                n = Glibc.write(descriptor, bytes.baseAddress! + done, bytes.count - done)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw XLSXError(.unreadableFile, "write failed: \(String(cString: strerror(errno)))", file: path)
            }
            done += n
        }
    }
}
