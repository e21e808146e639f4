import CZlib

/// A zip archive opened for reading through its central directory (ZIP64 included).
///
/// Holds the central directory in memory (one `ZipEntry` per file) and nothing else: entry data
/// is read and inflated in chunks on demand. The file is opened read-only and never modified.
/// Not thread-safe: one reader per thread.
public final class ZipArchive {
    /// Path of the archive.
    public var path: String { file.path }
    /// All entries in central-directory order.
    public let entries: [ZipEntry]
    /// The limits this archive is read under.
    public let limits: ZipLimits

    let file: FileHandleReader
    private let centralDirectoryOffset: UInt64
    private var indexByName: [String: Int] = [:]
    private var totalInflated: UInt64 = 0

    /// Opens an archive and reads its central directory.
    ///
    /// Throws `notAZip`, `needsXLSX` or `encrypted` for files that are not zips (recognising
    /// OLE compound files), `truncated` when the end record is missing, `corruptArchive` when
    /// the directory is inconsistent, `ambiguousPackage` when two entries have one name.
    public init(path: String, limits: ZipLimits = .standard) throws {
        self.limits = limits
        let file = try FileHandleReader(path: path)
        self.file = file
        let head = try file.read(at: 0, count: Int(min(file.size, 4096)))
        func foreign(_ detail: String) -> XLSXError {
            guard let format = ForeignFormat.sniff(head, size: file.size) else { return XLSXError(.notAZip, detail, file: path) }
            var error = XLSXError(.otherFormat, "\(detail): \(format.rawValue)", file: path)
            error.format = format
            return error
        }
        guard file.size >= 8 else {
            if head.starts(with: [0x50, 0x4B]) { throw XLSXError(.truncated, "a zip of \(file.size) bytes", file: path) }
            throw foreign("file has \(file.size) bytes")
        }
        if head.starts(with: CompoundFile.signature) {
            // WorkbookReader reads .xls itself; here a compound file is not the zip asked for.
            if case .encryptedWorkbook = try CompoundFile(file).content() {
                throw XLSXError(.encrypted, "OLE compound file with EncryptionInfo (encrypted OOXML)", file: path)
            }
            throw XLSXError(.needsXLSX, "OLE compound file, not a zip", file: path)
        }
        let startsLikeZip = head[0] == 0x50 && head[1] == 0x4B && (head[2] == 3 || head[2] == 5) && (head[3] == 4 || head[3] == 6)
        guard startsLikeZip else {
            throw foreign("no zip signature at start (\(head.prefix(4).map { String($0, radix: 16) }))")
        }
        let directory = try ZipArchive.readEndOfCentralDirectory(file)
        guard directory.entryCount <= UInt64(limits.maxEntries) else {
            throw XLSXError(.limitExceeded, "\(directory.entryCount) entries exceed the limit of \(limits.maxEntries)", file: path)
        }
        centralDirectoryOffset = directory.offset
        entries = try ZipArchive.readCentralDirectory(file, directory)
        // Two entries one name reaches (also differing only in case, `\` for `/` or a leading
        // slash): readers disagree on which is the part, so the package is refused.
        for (index, entry) in entries.enumerated() {
            let key = ZipArchive.lookupKey(entry.name)
            if let earlier = indexByName[key] {
                throw XLSXError(.ambiguousPackage, "entries \(earlier) and \(index) are both \(key)", file: path, part: entry.name)
            }
            indexByName[key] = index
        }
    }

    /// Finds an entry by name, ignoring case, backslashes and a leading slash (as OPC part names do).
    public func entry(named name: String) -> ZipEntry? {
        indexByName[ZipArchive.lookupKey(name)].map { entries[$0] }
    }

    /// Reads a whole entry into memory (for small parts; sheets use `stream`).
    public func contents(of entry: ZipEntry) throws -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(min(entry.uncompressedSize, 1 << 24)))
        try stream(entry) { chunk in bytes.append(contentsOf: chunk) }
        return bytes
    }

    /// Inflates an entry chunk by chunk, calling `body` with each piece (at most `chunkSize` bytes).
    ///
    /// Memory: one input and one output buffer of `chunkSize` bytes, whatever the entry's size.
    /// Verifies sizes and CRC-32 at the end and enforces `limits` as it goes.
    public func stream(_ entry: ZipEntry, chunkSize: Int = 1 << 18,
                       _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        func fail(_ code: XLSXError.Code, _ detail: String) -> XLSXError {
            XLSXError(code, detail, file: path, part: entry.name)
        }
        guard !entry.isEncrypted else { throw fail(.encrypted, "entry is encrypted") }
        guard entry.method == 0 || entry.method == 8 else {
            throw fail(.unsupportedCompression, "compression method \(entry.method)")
        }
        guard entry.uncompressedSize <= limits.maxEntryInflatedBytes else {
            throw fail(.limitExceeded, "entry declares \(entry.uncompressedSize) bytes, over the limit of \(limits.maxEntryInflatedBytes)")
        }
        let dataOffset = try self.dataOffset(of: entry)
        guard dataOffset <= centralDirectoryOffset, entry.compressedSize <= centralDirectoryOffset - dataOffset else {
            throw fail(.corruptArchive, "entry data runs past the central directory")
        }

        var crc: UInt = crc32(0, nil, 0)
        var produced: UInt64 = 0
        let input = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { input.deallocate() }

        /// `consumed`: compressed bytes read so far, for the running ratio.
        func deliver(_ bytes: UnsafeRawBufferPointer, consumed: UInt64) throws {
            guard !bytes.isEmpty else { return }
            produced += UInt64(bytes.count)
            totalInflated += UInt64(bytes.count)
            if produced > entry.uncompressedSize {
                throw fail(.corruptArchive, "entry inflates past its declared size of \(entry.uncompressedSize) bytes")
            }
            if totalInflated > limits.maxTotalInflatedBytes {
                throw fail(.limitExceeded, "archive inflates past \(limits.maxTotalInflatedBytes) bytes in total")
            }
            if produced > limits.ratioGraceBytes, produced / max(consumed, 1) > limits.maxCompressionRatio {
                throw fail(.limitExceeded, "compression ratio over \(limits.maxCompressionRatio):1")
            }
            crc = crc32(crc, bytes.baseAddress!.assumingMemoryBound(to: Bytef.self), uInt(bytes.count))
            try body(bytes)
        }

        if entry.method == 0 {
            guard entry.compressedSize == entry.uncompressedSize else {
                throw fail(.corruptArchive, "stored entry with different compressed and uncompressed sizes")
            }
            var consumed: UInt64 = 0
            try file.forEachChunk(from: dataOffset, count: entry.compressedSize, chunkSize: chunkSize) { chunk in
                consumed += UInt64(chunk.count)
                try deliver(chunk, consumed: consumed)
            }
        } else {
            try inflate(entry, from: dataOffset, input: input, deliver: deliver, fail: fail)
        }
        guard produced == entry.uncompressedSize else {
            throw fail(.corruptArchive, "entry inflated to \(produced) bytes, central directory says \(entry.uncompressedSize)")
        }
        guard UInt32(truncatingIfNeeded: crc) == entry.crc32 else {
            throw fail(.corruptArchive, "CRC-32 mismatch")
        }
    }

    /// Passes an entry's stored (compressed) bytes to `body` unchanged, in chunks: for byte-for-byte copies.
    public func copyCompressedData(of entry: ZipEntry, chunkSize: Int = 1 << 18,
                                   _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        let dataOffset = try self.dataOffset(of: entry)
        guard dataOffset <= centralDirectoryOffset, entry.compressedSize <= centralDirectoryOffset - dataOffset else {
            throw XLSXError(.corruptArchive, "entry data runs past the central directory", file: path, part: entry.name)
        }
        try file.forEachChunk(from: dataOffset, count: entry.compressedSize, chunkSize: chunkSize, body)
    }

    private func inflate(_ entry: ZipEntry, from dataOffset: UInt64, input: UnsafeMutableRawBufferPointer,
                         deliver: (UnsafeRawBufferPointer, UInt64) throws -> Void,
                         fail: (XLSXError.Code, String) -> XLSXError) throws {
        let output = UnsafeMutableRawBufferPointer.allocate(byteCount: input.count, alignment: 16)
        defer { output.deallocate() }
        var stream = z_stream()
        guard sf_inflate_init_raw(&stream) == Z_OK else { throw fail(.corruptArchive, "inflateInit failed") }
        defer { inflateEnd(&stream) }

        var consumed: UInt64 = 0
        var finished = false
        while !finished {
            if stream.avail_in == 0 {
                guard consumed < entry.compressedSize else {
                    throw fail(.corruptArchive, "deflate data ends before its end marker (compressed size too small)")
                }
                let count = Int(min(UInt64(input.count), entry.compressedSize - consumed))
                try file.read(into: UnsafeMutableRawBufferPointer(rebasing: input[0..<count]), at: dataOffset + consumed)
                consumed += UInt64(count)
                stream.next_in = input.baseAddress!.assumingMemoryBound(to: Bytef.self)
                stream.avail_in = uInt(count)
            }
            stream.next_out = output.baseAddress!.assumingMemoryBound(to: Bytef.self)
            stream.avail_out = uInt(output.count)
            let status = CZlib.inflate(&stream, Z_NO_FLUSH)
            switch status {
            case Z_STREAM_END: finished = true
            case Z_OK, Z_BUF_ERROR: break
            default: throw fail(.corruptArchive, "inflate error \(status): \(stream.msg.map { String(cString: $0) } ?? "")")
            }
            let produced = output.count - Int(stream.avail_out)
            try deliver(UnsafeRawBufferPointer(rebasing: output[0..<produced]), consumed - UInt64(stream.avail_in))
            if status == Z_BUF_ERROR && produced == 0 && stream.avail_in != 0 {
                throw fail(.corruptArchive, "inflate made no progress")
            }
        }
        if consumed - UInt64(stream.avail_in) != entry.compressedSize {
            throw fail(.corruptArchive, "deflate data ends before the entry's compressed size")
        }
    }

    /// Offset of an entry's data: after its local header, whose name and extra lengths may differ from the central copy.
    private func dataOffset(of entry: ZipEntry) throws -> UInt64 {
        let header: [UInt8]
        do {
            header = try file.read(at: entry.localHeaderOffset, count: 30)
        } catch {
            throw XLSXError(.truncated, "local header of \(entry.name) is past the end of the file", file: path, part: entry.name)
        }
        guard header.u32(0) == 0x0403_4B50 else {
            throw XLSXError(.corruptArchive, "no local header signature for \(entry.name)", file: path, part: entry.name)
        }
        return entry.localHeaderOffset + 30 + UInt64(header.u16(26)) + UInt64(header.u16(28))
    }

    // MARK: - Central directory

    private struct EndOfCentralDirectory {
        var entryCount: UInt64
        var size: UInt64
        var offset: UInt64
    }

    private static func readEndOfCentralDirectory(_ file: FileHandleReader) throws -> EndOfCentralDirectory {
        let tailLength = Int(min(file.size, 22 + 65_535 + 20))
        let tailStart = file.size - UInt64(tailLength)
        let tail = try file.read(at: tailStart, count: tailLength)
        var found: Int?
        var index = tailLength - 22
        while index >= 0 {
            if tail[index] == 0x50, tail[index + 1] == 0x4B, tail[index + 2] == 5, tail[index + 3] == 6 {
                found = index
                break
            }
            index -= 1
        }
        guard let eocd = found else {
            throw XLSXError(.truncated, "end of central directory record not found", file: file.path)
        }
        var record = EndOfCentralDirectory(entryCount: UInt64(tail.u16(eocd + 10)),
                                           size: UInt64(tail.u32(eocd + 12)),
                                           offset: UInt64(tail.u32(eocd + 16)))
        let eocdPosition = tailStart + UInt64(eocd)
        // ZIP64: the locator sits just before the classic record.
        if eocd >= 20, tail.u32(eocd - 20) == 0x0706_4B50 {
            let zip64Offset = tail.u64(eocd - 12)
            let zip64 = try file.read(at: zip64Offset, count: 56)
            guard zip64.u32(0) == 0x0606_4B50 else {
                throw XLSXError(.corruptArchive, "ZIP64 end record missing at \(zip64Offset)", file: file.path)
            }
            record = EndOfCentralDirectory(entryCount: zip64.u64(32), size: zip64.u64(40), offset: zip64.u64(48))
        }
        guard record.offset <= eocdPosition, record.size <= eocdPosition - record.offset else {
            throw XLSXError(.truncated, "central directory (\(record.size) bytes at \(record.offset)) lies beyond the end of the file", file: file.path)
        }
        return record
    }

    private static func readCentralDirectory(_ file: FileHandleReader, _ directory: EndOfCentralDirectory) throws -> [ZipEntry] {
        let bytes = try file.read(at: directory.offset, count: Int(directory.size))
        var entries: [ZipEntry] = []
        entries.reserveCapacity(Int(min(directory.entryCount, 4096)))
        var at = 0
        func corrupt(_ detail: String) -> XLSXError { XLSXError(.corruptArchive, detail, file: file.path) }
        while entries.count < directory.entryCount || (at + 46 <= bytes.count && bytes.u32(at) == 0x0201_4B50) {
            guard at + 46 <= bytes.count, bytes.u32(at) == 0x0201_4B50 else {
                throw corrupt("central directory entry \(entries.count) is malformed")
            }
            let flags = bytes.u16(at + 8)
            let nameLength = Int(bytes.u16(at + 28)), extraLength = Int(bytes.u16(at + 30)), commentLength = Int(bytes.u16(at + 32))
            guard at + 46 + nameLength + extraLength + commentLength <= bytes.count else {
                throw corrupt("central directory entry \(entries.count) runs past the directory")
            }
            var compressed = UInt64(bytes.u32(at + 20)), uncompressed = UInt64(bytes.u32(at + 24))
            var offset = UInt64(bytes.u32(at + 42))
            // ZIP64 extended information: present fields replace those saturated at 0xFFFFFFFF.
            var extra = at + 46 + nameLength
            let extraEnd = extra + extraLength
            while extra + 4 <= extraEnd {
                let id = bytes.u16(extra), length = Int(bytes.u16(extra + 2))
                var field = extra + 4
                if id == 0x0001 {
                    if uncompressed == 0xFFFF_FFFF, field + 8 <= extraEnd { uncompressed = bytes.u64(field); field += 8 }
                    if compressed == 0xFFFF_FFFF, field + 8 <= extraEnd { compressed = bytes.u64(field); field += 8 }
                    if offset == 0xFFFF_FFFF, field + 8 <= extraEnd { offset = bytes.u64(field) }
                }
                extra += 4 + length
            }
            let nameBytes = Array(bytes[(at + 46)..<(at + 46 + nameLength)])
            entries.append(ZipEntry(name: decodeName(nameBytes, utf8Flag: flags & 0x800 != 0),
                                    method: bytes.u16(at + 10), flags: flags, crc32: bytes.u32(at + 16),
                                    compressedSize: compressed, uncompressedSize: uncompressed,
                                    localHeaderOffset: offset))
            at += 46 + nameLength + extraLength + commentLength
        }
        return entries
    }

    /// UTF-8 when flagged or valid; otherwise code page 437, the zip specification's legacy encoding.
    static func decodeName(_ bytes: [UInt8], utf8Flag: Bool) -> String {
        if utf8Flag || bytes.allSatisfy({ $0 < 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        return String(String.UnicodeScalarView(bytes.map { byte in
            byte < 0x80 ? Unicode.Scalar(byte) : Unicode.Scalar(codePage437High[Int(byte) - 0x80])!
        }))
    }

    /// Lookup key for part names: lower case, forward slashes, no leading slash.
    static func lookupKey(_ name: String) -> String {
        var key = String(name.map { $0 == "\\" ? "/" : $0 }).lowercased()
        while key.hasPrefix("/") { key.removeFirst() }
        return key
    }

    private static let codePage437High: [UInt32] = [
        0xC7, 0xFC, 0xE9, 0xE2, 0xE4, 0xE0, 0xE5, 0xE7, 0xEA, 0xEB, 0xE8, 0xEF, 0xEE, 0xEC, 0xC4, 0xC5,
        0xC9, 0xE6, 0xC6, 0xF4, 0xF6, 0xF2, 0xFB, 0xF9, 0xFF, 0xD6, 0xDC, 0xA2, 0xA3, 0xA5, 0x20A7, 0x192,
        0xE1, 0xED, 0xF3, 0xFA, 0xF1, 0xD1, 0xAA, 0xBA, 0xBF, 0x2310, 0xAC, 0xBD, 0xBC, 0xA1, 0xAB, 0xBB,
        0x2591, 0x2592, 0x2593, 0x2502, 0x2524, 0x2561, 0x2562, 0x2556, 0x2555, 0x2563, 0x2551, 0x2557, 0x255D, 0x255C, 0x255B, 0x2510,
        0x2514, 0x2534, 0x252C, 0x251C, 0x2500, 0x253C, 0x255E, 0x255F, 0x255A, 0x2554, 0x2569, 0x2566, 0x2560, 0x2550, 0x256C, 0x2567,
        0x2568, 0x2564, 0x2565, 0x2559, 0x2558, 0x2552, 0x2553, 0x256B, 0x256A, 0x2518, 0x250C, 0x2588, 0x2584, 0x258C, 0x2590, 0x2580,
        0x3B1, 0xDF, 0x393, 0x3C0, 0x3A3, 0x3C3, 0xB5, 0x3C4, 0x3A6, 0x398, 0x3A9, 0x3B4, 0x221E, 0x3C6, 0x3B5, 0x2229,
        0x2261, 0xB1, 0x2265, 0x2264, 0x2320, 0x2321, 0xF7, 0x2248, 0xB0, 0x2219, 0xB7, 0x221A, 0x207F, 0xB2, 0x25A0, 0xA0,
    ]
}
