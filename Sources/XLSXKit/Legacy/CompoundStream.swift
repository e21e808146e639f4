/// One stream of a compound file, read front to back (with `seek` for a sheet's start).
///
/// Memory: a buffer of 256 KiB; consecutive sectors are read with one `pread`. A small stream
/// (from the mini stream) is held whole.
final class CompoundStream {
    /// Bytes in the stream.
    let size: Int
    /// Where the next read starts.
    private(set) var position = 0

    private let file: FileHandleReader?
    private let sectors: [UInt32]
    private let sectorSize: Int
    private var buffer: [UInt8]
    /// The stream offset of `buffer[0]`; `buffer.count` bytes are valid.
    private var bufferStart = 0

    init(file: FileHandleReader, sectors: [UInt32], sectorSize: Int, size: Int) {
        self.file = file
        self.sectors = sectors
        self.sectorSize = sectorSize
        self.size = size
        buffer = []
    }

    init(bytes: [UInt8]) {
        file = nil
        sectors = []
        sectorSize = 1
        size = bytes.count
        buffer = bytes
    }

    /// Bytes left after `position`.
    var remaining: Int { size - position }

    /// Moves to `offset` (clamped to the stream).
    func seek(to offset: Int) {
        position = max(0, min(offset, size))
    }

    /// The next `count` bytes; throws `truncated` when the stream ends first.
    func read(_ count: Int) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        try bytes.withUnsafeMutableBytes { try read(into: $0) }
        return bytes
    }

    /// Fills `target` with the next bytes; throws `truncated` when the stream ends first.
    func read(into target: UnsafeMutableRawBufferPointer) throws {
        guard target.count <= remaining else {
            throw XLSXError(.truncated, "stream ends at \(size) bytes, \(target.count) wanted at \(position)", file: file?.path)
        }
        var done = 0
        while done < target.count {
            if position < bufferStart || position >= bufferStart + buffer.count { try fill() }
            let from = position - bufferStart
            let length = min(target.count - done, buffer.count - from)
            buffer.withUnsafeBytes { source in
                (target.baseAddress! + done).copyMemory(from: source.baseAddress! + from, byteCount: length)
            }
            done += length
            position += length
        }
    }

    /// Loads the buffer with the sectors from the one holding `position`, coalescing runs of
    /// consecutive sector numbers into one read.
    private func fill() throws {
        guard let file else { return }
        let first = position / sectorSize
        let perBuffer = max(1, (256 << 10) / sectorSize)
        let last = min(sectors.count, first + perBuffer)
        let length = min(size - first * sectorSize, (last - first) * sectorSize)
        if buffer.count != length { buffer = [UInt8](repeating: 0, count: length) }
        try buffer.withUnsafeMutableBytes { target in
            var index = first
            while index < last {
                var run = 1
                while index + run < last, sectors[index + run] == sectors[index] + UInt32(run) { run += 1 }
                let offset = (index - first) * sectorSize
                let count = min(run * sectorSize, length - offset)
                guard count > 0 else { break }
                let fileOffset = (UInt64(sectors[index]) + 1) * UInt64(sectorSize)
                guard fileOffset + UInt64(count) <= file.size else {
                    throw XLSXError(.truncated, "stream data at \(fileOffset) past the end of the file (\(file.size) bytes)", file: file.path)
                }
                try file.read(into: UnsafeMutableRawBufferPointer(rebasing: target[offset..<offset + count]), at: fileOffset)
                index += run
            }
        }
        bufferStart = first * sectorSize
    }
}
