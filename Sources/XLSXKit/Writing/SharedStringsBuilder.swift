#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Collects the strings a workbook writes into `xl/sharedStrings.xml`.
///
/// Strings are kept as UTF-8 bytes in one arena and found through an open-addressing hash table
/// on those bytes (Swift's `String` hashing normalises Unicode, which is costly for Chinese text and
/// not what Excel compares anyway). Memory grows with the distinct strings, so the table has a
/// cap: past it, strings not yet in the table are written inline in the sheet (`t="inlineStr"`),
/// which Excel, WPS and LibreOffice all read. A cap of 0 writes every string inline.
final class SharedStringsBuilder {
    private var arena = ByteBuffer(capacity: 1 << 16)
    private var starts: [Int] = []
    private var slots: [Int32]
    private var mask: Int
    private(set) var references = 0
    let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
        slots = [Int32](repeating: -1, count: 1024)
        mask = 1023
    }

    var isEmpty: Bool { starts.isEmpty }

    /// The table index for `text`, or nil when it must be written inline.
    func index(for text: String) -> Int? {
        var text = text
        return text.withUTF8 { index(for: UnsafeRawBufferPointer($0)) }
    }

    /// A fast hash of bytes, eight at a time (not for security: only to spread table slots).
    @inline(__always)
    private static func hash(_ bytes: UnsafeRawBufferPointer) -> Int {
        var hash: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        var index = 0
        while index + 8 <= bytes.count {
            let word = bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            hash = (hash ^ word) &* 0xFF51_AFD7_ED55_8CCD
            hash ^= hash >> 32
            index += 8
        }
        while index < bytes.count {
            hash = (hash ^ UInt64(bytes[index])) &* 0x0000_0100_0000_01B3
            index += 1
        }
        hash ^= hash >> 29
        return Int(truncatingIfNeeded: hash &* 0xC4CE_B9FE_1A85_EC53)
    }

    private func index(for bytes: UnsafeRawBufferPointer) -> Int? {
        var slot = SharedStringsBuilder.hash(bytes) & mask
        while slots[slot] >= 0 {
            let candidate = Int(slots[slot])
            if equals(candidate, bytes) {
                references += 1
                return candidate
            }
            slot = (slot + 1) & mask
        }
        guard starts.count < capacity else { return nil }
        let index = starts.count
        starts.append(arena.count)
        arena.append(contentsOf: bytes)
        slots[slot] = Int32(index)
        references += 1
        if starts.count * 2 > slots.count { rehash() }
        return index
    }

    private func bytes(of index: Int) -> UnsafeRawBufferPointer {
        let start = starts[index], end = index + 1 < starts.count ? starts[index + 1] : arena.count
        return UnsafeRawBufferPointer(start: arena.base + start, count: end - start)
    }

    private func equals(_ index: Int, _ bytes: UnsafeRawBufferPointer) -> Bool {
        let stored = self.bytes(of: index)
        guard stored.count == bytes.count else { return false }
        return stored.count == 0 || memcmp(stored.baseAddress!, bytes.baseAddress!, stored.count) == 0
    }

    private func rehash() {
        let size = slots.count * 2
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
        for index in 0..<starts.count {
            var slot = SharedStringsBuilder.hash(bytes(of: index)) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(index)
        }
    }

    /// Writes the part.
    func write(to xml: XMLWriter) throws {
        xml.declaration()
        xml.raw("<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"")
        xml.attribute("count", references)
        xml.attribute("uniqueCount", starts.count)
        xml.raw(">")
        try writeItems(to: xml)
        xml.raw("</sst>")
        try xml.flush()
    }

    /// The `<si>` items, in index order.
    func writeItems(to xml: XMLWriter) throws {
        for index in 0..<starts.count {
            writeItem(index, to: xml)
            try xml.flushIfNeeded()
        }
    }

    /// The `<si>` items without flushing (for a handler that cannot throw; the caller flushes).
    func writeItemsInline(to xml: XMLWriter) {
        for index in 0..<starts.count { writeItem(index, to: xml) }
    }

    private func writeItem(_ index: Int, to xml: XMLWriter) {
        xml.raw("<si>")
        SharedStringsBuilder.writeText(String(decoding: bytes(of: index), as: UTF8.self), to: xml)
        xml.raw("</si>")
    }

    /// The number of distinct strings.
    var count: Int { starts.count }

    /// `<t>` with `xml:space="preserve"` when the text has surrounding whitespace (which Excel would trim otherwise).
    static func writeText(_ text: String, to xml: XMLWriter) {
        let utf8 = text.utf8
        if let first = utf8.first, let last = utf8.last,
           XMLWhitespace.isWhitespace(first) || XMLWhitespace.isWhitespace(last) {
            xml.raw("<t xml:space=\"preserve\">")
        } else {
            xml.raw("<t>")
        }
        xml.text(text)
        xml.raw("</t>")
    }
}
