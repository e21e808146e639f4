import CZlib

/// Writes a zip archive to a file, entry by entry, with deterministic bytes.
///
/// Each local header is written first and patched with the CRC and sizes once the entry is done,
/// so no data descriptors are needed. Every local header reserves a 20-byte extra field that
/// becomes a ZIP64 record if the entry passes 4 GiB; ZIP64 end records are written when offsets or
/// the entry count need them. Timestamps are fixed (1980-01-01), so equal input gives equal bytes.
final class ZipWriter {
    /// How an entry's data is stored.
    enum Compression {
        case stored
        /// zlib level 1 (fastest) to 9 (smallest).
        case deflate(level: Int32)
    }

    private struct Record {
        var name: [UInt8]
        var method: UInt16
        var crc: UInt32
        var compressedSize: UInt64
        var uncompressedSize: UInt64
        var offset: UInt64
    }

    private let output: FileOutput
    private var records: [Record] = []
    private var names = Set<String>()
    private var openEntry = false
    /// Bytes written so far.
    var offset: UInt64 { output.offset }

    /// Creates (or truncates) the archive file.
    init(path: String) throws {
        output = try FileOutput(path: path)
    }

    /// Writes one entry whose data `body` produces through the given `EntryWriter`.
    func addEntry(_ name: String, compression: Compression = .deflate(level: 6),
                  _ body: (EntryWriter) throws -> Void) throws {
        precondition(!openEntry, "one entry at a time")
        guard names.insert(ZipArchive.lookupKey(name)).inserted else {
            throw XLSXError(.corruptArchive, "duplicate zip entry \(name)", file: output.path, part: name)
        }
        openEntry = true
        defer { openEntry = false }
        let nameBytes = Array(name.utf8)
        let start = output.offset
        let method: UInt16
        switch compression {
        case .stored: method = 0
        case .deflate: method = 8
        }
        try output.write(localHeader(name: nameBytes, method: method, crc: 0, compressed: 0, uncompressed: 0))
        let dataStart = output.offset
        let writer: EntryWriter
        switch compression {
        case .stored: writer = try EntryWriter(output: output, level: nil)
        case .deflate(let level): writer = try EntryWriter(output: output, level: level)
        }
        try body(writer)
        let (crc, uncompressed) = try writer.finish()
        let compressed = output.offset - dataStart
        try output.patch(localHeader(name: nameBytes, method: method, crc: crc, compressed: compressed, uncompressed: uncompressed), at: start)
        records.append(Record(name: nameBytes, method: method, crc: crc, compressedSize: compressed,
                              uncompressedSize: uncompressed, offset: start))
    }

    /// Writes an entry from bytes in memory.
    func addEntry(_ name: String, bytes: [UInt8], compression: Compression = .deflate(level: 6)) throws {
        try addEntry(name, compression: compression) { writer in try writer.write(bytes) }
    }

    /// Copies an entry of another archive byte for byte (compressed data, CRC and sizes unchanged).
    func copyEntry(_ entry: ZipEntry, from archive: ZipArchive, as name: String? = nil) throws {
        let target = name ?? entry.name
        guard names.insert(ZipArchive.lookupKey(target)).inserted else {
            throw XLSXError(.corruptArchive, "duplicate zip entry \(target)", file: output.path, part: target)
        }
        guard !entry.isEncrypted, entry.method == 0 || entry.method == 8 else {
            throw XLSXError(.unsupportedCompression, "cannot copy entry with method \(entry.method)", file: archive.path, part: entry.name)
        }
        let nameBytes = Array(target.utf8)
        let start = output.offset
        try output.write(localHeader(name: nameBytes, method: entry.method, crc: entry.crc32,
                                     compressed: entry.compressedSize, uncompressed: entry.uncompressedSize))
        try archive.copyCompressedData(of: entry) { try output.write($0) }
        records.append(Record(name: nameBytes, method: entry.method, crc: entry.crc32, compressedSize: entry.compressedSize,
                              uncompressedSize: entry.uncompressedSize, offset: start))
    }

    /// Writes the central directory and end records, and flushes the file to disk.
    func close() throws {
        let directoryStart = output.offset
        for record in records {
            let big = record.compressedSize >= 0xFFFF_FFFF || record.uncompressedSize >= 0xFFFF_FFFF || record.offset >= 0xFFFF_FFFF
            var extra: [UInt8] = []
            if big {
                extra = le16(0x0001) + le16(24) + le64(record.uncompressedSize) + le64(record.compressedSize) + le64(record.offset)
            }
            var header = le32(0x0201_4B50) + le16(big ? 45 : 20) + le16(big ? 45 : 20) + le16(0x0800) + le16(record.method)
            header += le16(0) + le16(0x0021) + le32(record.crc)
            header += le32(big ? 0xFFFF_FFFF : UInt32(record.compressedSize)) + le32(big ? 0xFFFF_FFFF : UInt32(record.uncompressedSize))
            header += le16(UInt16(record.name.count)) + le16(UInt16(extra.count)) + le16(0) + le16(0) + le16(0) + le32(0)
            header += le32(big ? 0xFFFF_FFFF : UInt32(record.offset))
            try output.write(header + record.name + extra)
        }
        let directoryEnd = output.offset
        let directorySize = directoryEnd - directoryStart
        let needsZip64 = records.count >= 0xFFFF || directoryStart >= 0xFFFF_FFFF || directorySize >= 0xFFFF_FFFF
        if needsZip64 {
            var record = le32(0x0606_4B50) + le64(44) + le16(45) + le16(45) + le32(0) + le32(0)
            record += le64(UInt64(records.count)) + le64(UInt64(records.count)) + le64(directorySize) + le64(directoryStart)
            try output.write(record)
            try output.write(le32(0x0706_4B50) + le32(0) + le64(directoryEnd) + le32(1))
        }
        var end = le32(0x0605_4B50) + le16(0) + le16(0)
        let count = needsZip64 ? 0xFFFF : UInt16(records.count)
        end += le16(count) + le16(count)
        end += le32(needsZip64 ? 0xFFFF_FFFF : UInt32(directorySize)) + le32(needsZip64 ? 0xFFFF_FFFF : UInt32(directoryStart)) + le16(0)
        try output.write(end)
        try output.synchronize()
    }

    /// A local header with a reserved 20-byte extra field: padding (id 0x5346) normally, a ZIP64 record when sizes need it.
    private func localHeader(name: [UInt8], method: UInt16, crc: UInt32, compressed: UInt64, uncompressed: UInt64) -> [UInt8] {
        let big = compressed >= 0xFFFF_FFFF || uncompressed >= 0xFFFF_FFFF
        let extra = big ? le16(0x0001) + le16(16) + le64(uncompressed) + le64(compressed)
                        : le16(0x5346) + le16(16) + [UInt8](repeating: 0, count: 16)
        var header = le32(0x0403_4B50) + le16(big ? 45 : 20) + le16(0x0800) + le16(method)
        header += le16(0) + le16(0x0021) + le32(crc) // 1980-01-01 00:00
        header += le32(big ? 0xFFFF_FFFF : UInt32(compressed)) + le32(big ? 0xFFFF_FFFF : UInt32(uncompressed))
        header += le16(UInt16(name.count)) + le16(UInt16(extra.count))
        return header + name + extra
    }
}

/// Receives one zip entry's data: plain bytes, compressed as they come, or segments deflated elsewhere.
final class EntryWriter {
    private let output: FileOutput
    /// Deflated entries compress on a background thread while the caller produces more.
    private let deflater: BackgroundDeflate?
    private var storedCRC: UInt = crc32(0, nil, 0)
    private var storedCount: UInt64 = 0

    fileprivate init(output: FileOutput, level: Int32?) throws {
        self.output = output
        deflater = try level.map { level in try BackgroundDeflate(level: level) { try output.write($0) } }
    }

    /// Adds bytes.
    func write(_ bytes: UnsafeRawBufferPointer) throws {
        if let deflater {
            if !bytes.isEmpty { try deflater.write(Array(bytes)) }
        } else if !bytes.isEmpty {
            storedCRC = crc32(storedCRC, bytes.baseAddress!.assumingMemoryBound(to: Bytef.self), uInt(bytes.count))
            storedCount += UInt64(bytes.count)
            try output.write(bytes)
        }
    }

    /// Adds bytes.
    func write(_ bytes: [UInt8]) throws {
        if let deflater {
            if !bytes.isEmpty { try deflater.write(bytes) }
        } else {
            try bytes.withUnsafeBytes { try write($0) }
        }
    }

    /// Appends a segment compressed by a `DeflateStream` that ended with `flushSegment()`.
    /// `copy` writes the segment's compressed bytes through the function it is given.
    func appendDeflated(crc: UInt, inputCount: UInt64, outputCount: UInt64,
                        copy: ((UnsafeRawBufferPointer) throws -> Void) throws -> Void) throws {
        guard let deflater else { preconditionFailure("precompressed segments need a deflated entry") }
        let output = self.output
        try deflater.finish { stream in
            try stream.flushSegment()
            try copy { try output.write($0) }
            stream.account(precompressed: (crc, inputCount, outputCount))
        }
    }

    fileprivate func finish() throws -> (crc: UInt32, uncompressed: UInt64) {
        if let deflater {
            return try deflater.finish { stream in
                try stream.finish()
                return (UInt32(truncatingIfNeeded: stream.crc), stream.inputCount)
            }
        }
        return (UInt32(truncatingIfNeeded: storedCRC), storedCount)
    }
}

@inline(__always) func le16(_ value: UInt16) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8)] }
@inline(__always) func le32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8((value >> ($0 * 8)) & 0xFF) } }
@inline(__always) func le64(_ value: UInt64) -> [UInt8] { (0..<8).map { UInt8((value >> ($0 * 8)) & 0xFF) } }
