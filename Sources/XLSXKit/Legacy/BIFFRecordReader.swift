/// The records of a BIFF stream ([MS-XLS] 2.1.4): a 2-byte type, a 2-byte length, the data.
///
/// Memory: one record (at most 64 KiB). A record longer than what is left of its stream is
/// refused as corrupt. Strings that run on into `CONTINUE` records are read by `BIFFText`.
final class BIFFRecordReader {
    /// Record types sheetflow reads, by their [MS-XLS] names.
    enum RecordType {
        static let bof: UInt16 = 0x0809, eof: UInt16 = 0x000A, continuation: UInt16 = 0x003C
        static let boundSheet: UInt16 = 0x0085, sst: UInt16 = 0x00FC, xf: UInt16 = 0x00E0, format: UInt16 = 0x041E
        static let dateMode: UInt16 = 0x0022, codePage: UInt16 = 0x0042, filePass: UInt16 = 0x002F
        static let row: UInt16 = 0x0208, labelSST: UInt16 = 0x00FD, label: UInt16 = 0x0204, richString: UInt16 = 0x00D6
        static let number: UInt16 = 0x0203, rk: UInt16 = 0x027E, mulRK: UInt16 = 0x00BD, boolErr: UInt16 = 0x0205
        static let formula: UInt16 = 0x0006, string: UInt16 = 0x0207, mergeCells: UInt16 = 0x00E5
        static let colInfo: UInt16 = 0x007D, dimensions: UInt16 = 0x0200, dbCell: UInt16 = 0x00D7
    }

    let stream: CompoundStream
    /// The current record's type and data (valid until the next call to `next`).
    private(set) var type: UInt16 = 0
    private(set) var length = 0
    private let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 8)

    init(_ stream: CompoundStream) { self.stream = stream }
    deinit { buffer.deallocate() }

    /// The current record's data.
    var data: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: buffer[0..<length]) }

    /// Where the current record starts in the stream.
    private(set) var recordOffset = 0

    /// Reads the next record; false at the end of the stream (or fewer than 4 bytes left,
    /// the padding some writers leave).
    func next() throws -> Bool {
        guard stream.remaining >= 4 else { return false }
        recordOffset = stream.position
        let header = try stream.read(4)
        type = UInt16(header[0]) | UInt16(header[1]) << 8
        length = Int(header[2]) | Int(header[3]) << 8
        guard length <= stream.remaining else {
            throw XLSXError(.corruptArchive, "BIFF record 0x\(String(type, radix: 16)) at \(recordOffset) claims \(length) bytes, \(stream.remaining) left in the stream")
        }
        try stream.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<length]))
        return true
    }

    /// The type of the record after the current one, without moving past it.
    func peekType() throws -> UInt16? {
        guard stream.remaining >= 4 else { return nil }
        let position = stream.position
        let header = try stream.read(2)
        stream.seek(to: position)
        return UInt16(header[0]) | UInt16(header[1]) << 8
    }

    /// Moves to the record at `offset` in the stream (a sheet's BOF).
    func seek(to offset: Int) {
        stream.seek(to: offset)
        length = 0
    }

    // MARK: Fields of the current record

    func u8(_ at: Int) -> UInt8 { at < length ? buffer[at] : 0 }
    func u16(_ at: Int) -> UInt16 { at + 1 < length ? UInt16(buffer[at]) | UInt16(buffer[at + 1]) << 8 : 0 }
    func u32(_ at: Int) -> UInt32 { at + 3 < length ? UInt32(u16(at)) | UInt32(u16(at + 2)) << 16 : 0 }
    func f64(_ at: Int) -> Double { at + 7 < length ? Double(bitPattern: UInt64(u32(at)) | UInt64(u32(at + 4)) << 32) : 0 }

    /// Throws `corruptArchive` unless the current record has at least `count` bytes.
    func require(_ count: Int, _ what: String) throws {
        guard length >= count else {
            throw XLSXError(.corruptArchive, "BIFF \(what) record at \(recordOffset) has \(length) bytes, needs \(count)")
        }
    }
}

/// Reads strings from BIFF records, following them into `CONTINUE` records ([MS-XLS] 2.5.293
/// XLUnicodeRichExtendedString; 2.1.7.1 on how a string's characters continue with a new flag
/// byte). BIFF8 characters are UTF-16 or one byte each (Latin-1, "compressed"); BIFF5/7 text is
/// in the workbook's code page, decoded by `codePage`.
struct BIFFText {
    let records: BIFFRecordReader
    /// Read position in the current record.
    var offset: Int
    /// The decoder for 8-bit text of BIFF5/7 files; nil for BIFF8.
    let codePage: CodePage?

    init(_ records: BIFFRecordReader, at offset: Int, codePage: CodePage?) {
        self.records = records
        self.offset = offset
        self.codePage = codePage
    }

    /// Whether the current record (and any CONTINUE after it) holds more bytes.
    mutating func hasMore() throws -> Bool {
        if offset < records.length { return true }
        guard try records.peekType() == BIFFRecordReader.RecordType.continuation else { return false }
        _ = try records.next()
        offset = 0
        if records.length > 0 { return true }
        return try hasMore()
    }

    /// Moves into the next CONTINUE when the current record is used up; throws when there is none.
    private mutating func ensure() throws {
        guard try hasMore() else {
            throw XLSXError(.corruptArchive, "BIFF string runs past record 0x\(String(records.type, radix: 16)) at \(records.recordOffset)")
        }
    }

    mutating func u8() throws -> UInt8 {
        try ensure()
        defer { offset += 1 }
        return records.u8(offset)
    }

    mutating func u16() throws -> UInt16 { UInt16(try u8()) | UInt16(try u8()) << 8 }
    mutating func u32() throws -> UInt32 { UInt32(try u16()) | UInt32(try u16()) << 16 }

    /// Skips `count` bytes (rich-text runs, phonetic data), across CONTINUE records.
    mutating func skip(_ count: Int) throws {
        var left = count
        while left > 0 {
            try ensure()
            let step = min(left, records.length - offset)
            offset += step
            left -= step
        }
    }

    /// A BIFF8 XLUnicodeString (2-byte count) or, with `shortCount`, a ShortXLUnicodeString
    /// (1-byte count). BIFF5/7: a count and code-page bytes.
    mutating func string(shortCount: Bool = false) throws -> String {
        let count = shortCount ? Int(try u8()) : Int(try u16())
        if let codePage {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(count)
            for _ in 0..<count { bytes.append(try u8()) }
            return try codePage.decode(bytes)
        }
        return try characters(count, wide: try u8() & 0x01 != 0)
    }

    /// A BIFF8 XLUnicodeRichExtendedString (an SST entry) appended to `table` as UTF-8; its
    /// rich-text runs and phonetic data are skipped.
    mutating func appendString(to table: SharedStringTable) throws {
        let count = Int(try u16())
        let flags = try u8()
        var runs = 0, extended = 0
        if flags & 0x08 != 0 { runs = Int(try u16()) }
        if flags & 0x04 != 0 { extended = Int(try u32()) }
        try table.append(maxBytes: count * 3) { bytes in
            var pendingHigh: UInt16 = 0
            try characters(count, wide: flags & 0x01 != 0) { unit in
                // UTF-16 (or Latin-1, one unit a byte) to UTF-8; a surrogate pair may span records.
                if unit < 0x80 {
                    bytes.append(UInt8(unit))
                } else if unit < 0x800 {
                    bytes.append(0xC0 | UInt8(unit >> 6)); bytes.append(0x80 | UInt8(unit & 0x3F))
                } else if unit >= 0xD800 && unit < 0xDC00 {
                    pendingHigh = unit
                } else if unit >= 0xDC00 && unit < 0xE000 && pendingHigh != 0 {
                    let scalar = 0x10000 + (UInt32(pendingHigh - 0xD800) << 10) + UInt32(unit - 0xDC00)
                    pendingHigh = 0
                    bytes.append(0xF0 | UInt8(scalar >> 18)); bytes.append(0x80 | UInt8((scalar >> 12) & 0x3F))
                    bytes.append(0x80 | UInt8((scalar >> 6) & 0x3F)); bytes.append(0x80 | UInt8(scalar & 0x3F))
                } else {
                    let value = unit >= 0xD800 && unit < 0xE000 ? 0xFFFD : unit   // a lone surrogate
                    bytes.append(0xE0 | UInt8(value >> 12)); bytes.append(0x80 | UInt8((value >> 6) & 0x3F)); bytes.append(0x80 | UInt8(value & 0x3F))
                }
            }
        }
        try skip(runs * 4 + extended)
    }

    /// `count` characters as a string.
    private mutating func characters(_ count: Int, wide start: Bool) throws -> String {
        var units: [UInt16] = []
        units.reserveCapacity(min(count, 1 << 16))
        try characters(count, wide: start) { units.append($0) }
        return String(decoding: units, as: UTF16.self)
    }

    /// `count` characters, each handed to `body` as a UTF-16 unit; where they run on into a
    /// CONTINUE, it starts with a new flag byte saying whether the rest are one or two bytes each.
    private mutating func characters(_ count: Int, wide start: Bool, _ body: (UInt16) -> Void) throws {
        var done = 0
        var wide = start
        while done < count {
            if offset >= records.length {
                guard try records.peekType() == BIFFRecordReader.RecordType.continuation, try records.next() else {
                    throw XLSXError(.corruptArchive, "BIFF string of \(count) characters ends after \(done)")
                }
                offset = 0
                guard records.length > 0 else { continue }
                wide = records.u8(0) & 0x01 != 0
                offset = 1
            }
            if wide {
                while done < count, offset + 1 < records.length {
                    body(records.u16(offset))
                    offset += 2
                    done += 1
                }
                if done < count, offset + 1 == records.length { offset += 1 } // a lone byte: skip
            } else {
                while done < count, offset < records.length {
                    body(UInt16(records.u8(offset)))
                    offset += 1
                    done += 1
                }
            }
        }
    }
}
