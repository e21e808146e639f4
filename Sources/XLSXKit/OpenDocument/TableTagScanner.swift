#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds the `<table:table …>` start tags in content.xml by a byte scan, chunk by chunk: each
/// table's `table:name` and `table:style-name`, without parsing the cells between them (the
/// outline `OpenDocumentWorkbook` needs before any sheet is read), and where each tag starts
/// in the inflated part, so a sheet's parse can skip the tables before it. Tags split across
/// chunks are kept until their end arrives.
struct TableTagScanner {
    struct Table {
        let name: String
        let style: String
        /// Byte offset of the tag's `<` in the inflated content.xml.
        let offset: UInt64
    }

    private(set) var tables: [Table] = []
    private var carry: [UInt8] = []
    /// Bytes of the part scanned before the current chunk.
    private var scanned: UInt64 = 0
    private static let open = Array("<table:table".utf8)

    /// Scans the next chunk of the part; with `limit`, stops once that many tables are found.
    mutating func scan(_ chunk: UnsafeRawBufferPointer, limit: Int = .max) {
        var buffer = carry
        buffer.append(contentsOf: chunk)
        let bufferStart = scanned - UInt64(carry.count)
        scanned += UInt64(chunk.count)
        carry = []
        buffer.withUnsafeBufferPointer { bytes in
            let base = UnsafeRawPointer(bytes.baseAddress!)
            var position = 0
            while position < bytes.count, tables.count < limit {
                guard let found = TableTagScanner.find(in: base, from: position, count: bytes.count) else {
                    // Keep a tail in which the next tag's start may begin.
                    carry = Array(bytes[max(position, bytes.count - TableTagScanner.open.count)...])
                    return
                }
                let start = found - base
                let after = start + TableTagScanner.open.count
                guard after < bytes.count, let end = memchr(base + after, Int32(UInt8(ascii: ">")), bytes.count - after) else {
                    carry = start > bytes.count - (64 << 10) ? Array(bytes[start...]) : []   // a tag cut by the chunk (absurdly long ones dropped)
                    return
                }
                let close = UnsafeRawPointer(end) - base
                let next = bytes[after]
                if next == 0x20 || next == 0x09 || next == 0x0A || next == 0x0D || next == UInt8(ascii: ">") || next == UInt8(ascii: "/") {
                    let tag = UnsafeBufferPointer(rebasing: bytes[after..<close])
                    tables.append(Table(name: TableTagScanner.attribute("table:name", in: tag) ?? "Sheet\(tables.count + 1)",
                                        style: TableTagScanner.attribute("table:style-name", in: tag) ?? "",
                                        offset: bufferStart + UInt64(start)))
                }
                position = close + 1
            }
        }
    }

    /// Where `<table:table` next starts at or after `from` (a memchr for `<`, then a compare).
    private static func find(in base: UnsafeRawPointer, from: Int, count: Int) -> UnsafeRawPointer? {
        var position = from
        while position + open.count <= count {
            guard let less = memchr(base + position, Int32(UInt8(ascii: "<")), count - position) else { return nil }
            let at = UnsafeRawPointer(less) - base
            if at + open.count > count { return nil }
            if memcmp(base + at, open, open.count) == 0 { return UnsafeRawPointer(less) }
            position = at + 1
        }
        return nil
    }

    /// The value of `name="…"` (or `'…'`) in a start tag's bytes, entities decoded.
    private static func attribute(_ name: String, in tag: UnsafeBufferPointer<UInt8>) -> String? {
        let key = Array(name.utf8)
        var index = 0
        while index + key.count + 2 <= tag.count {
            let precededBySpace = index > 0 && (tag[index - 1] == 0x20 || tag[index - 1] == 0x09 || tag[index - 1] == 0x0A || tag[index - 1] == 0x0D)
            if precededBySpace, tag[index..<index + key.count].elementsEqual(key) {
                var cursor = index + key.count
                while cursor < tag.count, tag[cursor] == 0x20 { cursor += 1 }
                guard cursor < tag.count, tag[cursor] == UInt8(ascii: "=") else { index += 1; continue }
                cursor += 1
                while cursor < tag.count, tag[cursor] == 0x20 { cursor += 1 }
                guard cursor < tag.count, tag[cursor] == 0x22 || tag[cursor] == 0x27 else { return nil }
                let quote = tag[cursor]
                let valueStart = cursor + 1
                var valueEnd = valueStart
                while valueEnd < tag.count, tag[valueEnd] != quote { valueEnd += 1 }
                return decodeEntities(String(decoding: tag[valueStart..<valueEnd], as: UTF8.self))
            }
            index += 1
        }
        return nil
    }

    /// `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;` and numeric character references.
    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var result = ""
        var rest = Substring(text)
        while let ampersand = rest.firstIndex(of: "&") {
            result += rest[..<ampersand]
            guard let semicolon = rest[ampersand...].firstIndex(of: ";"), rest.distance(from: ampersand, to: semicolon) <= 10 else {
                result += "&"
                rest = rest[rest.index(after: ampersand)...]
                continue
            }
            let entity = rest[rest.index(after: ampersand)..<semicolon]
            switch entity {
            case "amp": result += "&"
            case "lt": result += "<"
            case "gt": result += ">"
            case "quot": result += "\""
            case "apos": result += "'"
            default:
                let number = entity.hasPrefix("#x") ? UInt32(entity.dropFirst(2), radix: 16) : entity.hasPrefix("#") ? UInt32(entity.dropFirst()) : nil
                if let number, let scalar = Unicode.Scalar(number) { result.unicodeScalars.append(scalar) } else { result += "&\(entity);" }
            }
            rest = rest[rest.index(after: semicolon)...]
        }
        return result + rest
    }
}
