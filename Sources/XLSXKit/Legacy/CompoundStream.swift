/// One stream of a compound file, read front to back (with `seek` for a sheet's start).
///
/// Memory: a buffer of 256 KiB and the stream's sectors as runs of consecutive numbers (a few for
/// a file written front to back); a run is read with one `pread`. A small stream (from the mini
/// stream) is held whole.
final class CompoundStream {
    /// A chain of sectors as runs of consecutive sector numbers.
    struct Runs {
        /// Each run's first sector, and the index in the chain where it begins.
        private(set) var firstSectors: [UInt32] = []
        private(set) var startIndexes: [Int] = []
        private(set) var count = 0

        mutating func append(_ sector: UInt32) {
            if let last = firstSectors.last, let start = startIndexes.last, UInt64(last) + UInt64(count - start) == UInt64(sector) {
                count += 1
                return
            }
            firstSectors.append(sector)
            startIndexes.append(count)
            count += 1
        }

        /// The run holding chain index `index`: its position in the arrays.
        func run(holding index: Int) -> Int {
            var low = 0, high = startIndexes.count - 1
            while low < high {
                let middle = (low + high + 1) / 2
                if startIndexes[middle] <= index { low = middle } else { high = middle - 1 }
            }
            return low
        }

        /// The sector at chain index `index`, and how many consecutive sectors follow it in its run (itself included).
        func sector(at index: Int) -> (sector: UInt32, runLength: Int) {
            let run = run(holding: index)
            let end = run + 1 < startIndexes.count ? startIndexes[run + 1] : count
            return (firstSectors[run] + UInt32(index - startIndexes[run]), end - index)
        }
    }

    /// Bytes in the stream.
    let size: Int
    /// Where the next read starts.
    private(set) var position = 0

    private let file: FileHandleReader?
    private let runs: Runs
    private let sectorSize: Int
    private var buffer: [UInt8]
    /// The stream offset of `buffer[0]`; `buffer.count` bytes are valid.
    private var bufferStart = 0

    init(file: FileHandleReader, runs: Runs, sectorSize: Int, size: Int) {
        self.file = file
        self.runs = runs
        self.sectorSize = sectorSize
        self.size = size
        buffer = []
    }

    init(bytes: [UInt8]) {
        file = nil
        runs = Runs()
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
        let last = min(runs.count, first + perBuffer)
        let length = min(size - first * sectorSize, (last - first) * sectorSize)
        if buffer.count != length { buffer = [UInt8](repeating: 0, count: length) }
        try buffer.withUnsafeMutableBytes { target in
            var index = first
            while index < last {
                let (sector, runLength) = runs.sector(at: index)
                let run = min(runLength, last - index)
                let offset = (index - first) * sectorSize
                let count = min(run * sectorSize, length - offset)
                guard count > 0 else { break }
                let fileOffset = (UInt64(sector) + 1) * UInt64(sectorSize)
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
