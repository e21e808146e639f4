import CZlib

/// Raw deflate (no zlib header) from bytes to a consumer, tracking CRC-32 and sizes.
///
/// `flushSegment()` ends the output on a byte boundary without a final block, so independently
/// compressed segments can be concatenated into one valid deflate stream (see `ZipWriter`).
///
/// Level: the first `tightBytes` of a stream are compressed at the level asked for; beyond them,
/// at `bulkLevel` at most. A part of a few megabytes comes out as small as it can; in a sheet of
/// hundreds of megabytes, level 6 would cost four times the CPU of level 2 for about 15 % less size.
final class DeflateStream {
    /// Input bytes compressed at the level asked for, before switching to `bulkLevel`.
    static let tightBytes: UInt64 = 8 << 20
    /// The level for the rest of a large stream (zlib's fast match strategy).
    static let bulkLevel: Int32 = 2
    private var stream = z_stream()
    private let output: UnsafeMutableRawBufferPointer
    private let consumer: (UnsafeRawBufferPointer) throws -> Void
    /// CRC-32 of all input so far.
    private(set) var crc: UInt = crc32(0, nil, 0)
    /// Input bytes so far.
    private(set) var inputCount: UInt64 = 0
    /// Output bytes so far.
    private(set) var outputCount: UInt64 = 0
    /// The level in use.
    private var level: Int32

    /// A stream at zlib `level` (1 fastest … 9 smallest) handing compressed bytes to `consumer`.
    init(level: Int32, consumer: @escaping (UnsafeRawBufferPointer) throws -> Void) throws {
        self.consumer = consumer
        self.level = level
        output = .allocate(byteCount: 1 << 18, alignment: 16)
        guard sf_deflate_init_raw(&stream, level) == Z_OK else {
            output.deallocate()
            throw XLSXError(.corruptArchive, "deflateInit failed")
        }
    }

    deinit {
        deflateEnd(&stream)
        output.deallocate()
    }

    /// Compresses `bytes`.
    func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard !bytes.isEmpty else { return }
        if level > Self.bulkLevel && inputCount >= Self.tightBytes { try switchLevel(to: Self.bulkLevel) }
        crc = crc32(crc, bytes.baseAddress!.assumingMemoryBound(to: Bytef.self), uInt(bytes.count))
        inputCount += UInt64(bytes.count)
        stream.next_in = UnsafeMutablePointer(mutating: bytes.baseAddress!.assumingMemoryBound(to: Bytef.self))
        stream.avail_in = uInt(bytes.count)
        try run(Z_NO_FLUSH)
    }

    /// Ends the current segment on a byte boundary (no final block) and resets the dictionary.
    func flushSegment() throws {
        try run(Z_SYNC_FLUSH)
        deflateReset(&stream)
    }

    /// Ends the stream with a final block.
    func finish() throws {
        try run(Z_FINISH)
    }

    /// Records bytes that were compressed elsewhere and appended to the output by the caller.
    func account(precompressed segment: (crc: UInt, inputCount: UInt64, outputCount: UInt64)) {
        crc = crc32_combine(crc, segment.crc, off_t(segment.inputCount))
        inputCount += segment.inputCount
        outputCount += segment.outputCount
    }

    /// Changes the compression level mid-stream: the input so far is compressed out first (a
    /// block boundary), as `deflateParams` requires.
    private func switchLevel(to newLevel: Int32) throws {
        stream.next_in = nil
        stream.avail_in = 0
        try run(Z_BLOCK)
        stream.next_out = output.baseAddress!.assumingMemoryBound(to: Bytef.self)
        stream.avail_out = uInt(output.count)
        guard deflateParams(&stream, newLevel, Z_DEFAULT_STRATEGY) == Z_OK else {
            throw XLSXError(.corruptArchive, "deflateParams failed")
        }
        let produced = output.count - Int(stream.avail_out)
        if produced > 0 {
            outputCount += UInt64(produced)
            try consumer(UnsafeRawBufferPointer(rebasing: output[0..<produced]))
        }
        level = newLevel
    }

    private func run(_ flush: Int32) throws {
        repeat {
            stream.next_out = output.baseAddress!.assumingMemoryBound(to: Bytef.self)
            stream.avail_out = uInt(output.count)
            let status = deflate(&stream, flush)
            guard status != Z_STREAM_ERROR else { throw XLSXError(.corruptArchive, "deflate failed") }
            let produced = output.count - Int(stream.avail_out)
            if produced > 0 {
                outputCount += UInt64(produced)
                try consumer(UnsafeRawBufferPointer(rebasing: output[0..<produced]))
            }
            if flush == Z_FINISH && status == Z_STREAM_END { break }
        } while stream.avail_out == 0 || (flush == Z_FINISH)
    }
}
