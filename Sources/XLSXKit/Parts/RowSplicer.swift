/// Streams a worksheet part through a parser one row at a time, handing only chosen rows to the
/// parser and passing the others over by their bytes. The editor copies the rows without edits
/// byte for byte (only those with edits, and what lies around `<sheetData>`, go through its
/// `WorksheetRewriter`), so a million-row sheet with a few thousand edited cells is mostly a copy;
/// the reader skips unwanted rows without parsing them. Anything unusual inside `sheetData` (a
/// prefixed element, a row without `r`, a comment) makes the rest of the part go through the
/// parser, which is always correct.
struct RowSplicer {
    private enum Mode { case beforeRows, rows, parseAll }

    private let session: XMLPushParser.Session
    /// Handed the bytes of each row that is not parsed.
    private let passOver: (UnsafeRawBufferPointer) throws -> Void
    private let parsedRows: [Int]
    private var nextParsed = 0
    private var mode = Mode.beforeRows
    private var pending: [UInt8] = []

    /// Rewrites `entry` into `xml`, applying the rewriter's edits (`editedRows`: their rows, sorted).
    static func rewrite(_ entry: ZipEntry, in archive: ZipArchive, editedRows: [Int], rewriter: WorksheetRewriter, xml: XMLWriter) throws {
        try splice(entry, in: archive, parsing: editedRows, with: rewriter) { bytes in
            rewriter.closePendingTag()
            xml.raw(bytes: bytes)
            try xml.flushIfNeeded()
        }
    }

    /// Parses only the rows `rows` (sorted) of `entry` with `handler`, and what lies around
    /// `<sheetData>`; the other rows are skipped.
    static func read(_ entry: ZipEntry, in archive: ZipArchive, rows: [Int], with handler: XMLEventHandler) throws {
        try splice(entry, in: archive, parsing: rows, with: handler) { _ in }
    }

    private static func splice(_ entry: ZipEntry, in archive: ZipArchive, parsing rows: [Int], with handler: XMLEventHandler,
                               passOver: @escaping (UnsafeRawBufferPointer) throws -> Void) throws {
        let session = XMLPushParser.Session(handler: handler, part: entry.name, file: archive.path)
        defer { session.close() }
        var splicer = RowSplicer(session: session, passOver: passOver, parsedRows: rows)
        try archive.stream(entry) { chunk in try splicer.consume(chunk) }
        try splicer.end()
        try session.finish()
    }

    private init(session: XMLPushParser.Session, passOver: @escaping (UnsafeRawBufferPointer) throws -> Void, parsedRows: [Int]) {
        self.session = session
        self.passOver = passOver
        self.parsedRows = parsedRows
    }

    private mutating func consume(_ chunk: UnsafeRawBufferPointer) throws {
        if mode == .parseAll, pending.isEmpty { return try session.feed(chunk) }
        pending.append(contentsOf: chunk)
        var start = 0
        if mode == .beforeRows { start = try feedPrologue() }
        if mode == .rows { start = try spliceRows(from: start) }
        if mode == .parseAll {
            try pending[start...].withUnsafeBytes { try session.feed($0) }
            start = pending.count
        }
        pending.removeFirst(start)
    }

    private mutating func end() throws {
        if !pending.isEmpty { try pending.withUnsafeBytes { try session.feed($0) } }
        pending = []
    }

    private func feed(_ range: Range<Int>) throws {
        try pending[range].withUnsafeBytes { try session.feed($0) }
    }

    /// Feeds everything up to the end of the `<sheetData>` start tag; returns where the rows start.
    private mutating func feedPrologue() throws -> Int {
        guard let tag = find(Array("<sheetData".utf8), from: 0) else {
            let keep = min(pending.count, 16) // the tag may straddle chunks
            try feed(0..<(pending.count - keep))
            return pending.count - keep
        }
        guard tag + 10 < pending.count, let close = pending[tag...].firstIndex(of: UInt8(ascii: ">")) else {
            try feed(0..<tag) // the rest of the tag is in the next chunk
            return tag
        }
        let next = pending[tag + 10]
        guard next == UInt8(ascii: ">") || next == UInt8(ascii: " ") || next == UInt8(ascii: "/") || next == 0x0A || next == 0x0D || next == 0x09 else {
            mode = .parseAll
            return 0
        }
        try feed(0..<(close + 1))
        mode = pending[close - 1] == UInt8(ascii: "/") ? .parseAll : .rows // `<sheetData/>`: no rows
        return close + 1
    }

    /// Copies or parses whole rows from `start`; returns where the unprocessed bytes begin.
    private mutating func spliceRows(from start: Int) throws -> Int {
        var index = start
        while index < pending.count {
            let byte = pending[index]
            if byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { index += 1; continue }
            guard byte == UInt8(ascii: "<"), index + 5 <= pending.count else { break }
            guard pending[index + 1] == UInt8(ascii: "r"), pending[index + 2] == UInt8(ascii: "o"), pending[index + 3] == UInt8(ascii: "w"),
                  [UInt8(ascii: " "), UInt8(ascii: ">"), UInt8(ascii: "/")].contains(pending[index + 4]) else {
                mode = .parseAll // `</sheetData>`, or something the splicer does not copy blind
                return index
            }
            guard let tagEnd = pending[index...].firstIndex(of: UInt8(ascii: ">")) else { break }
            let selfClosing = pending[tagEnd - 1] == UInt8(ascii: "/")
            let rowEnd: Int
            if selfClosing {
                rowEnd = tagEnd + 1
            } else {
                guard let close = find(Array("</row>".utf8), from: tagEnd) else { break }
                rowEnd = close + 6
            }
            guard let number = rowNumber(in: index..<tagEnd) else {
                mode = .parseAll
                return index
            }
            var parse = false
            while nextParsed < parsedRows.count, parsedRows[nextParsed] <= number {
                parse = true // a chosen row, or (for the editor) rows to insert before it
                nextParsed += 1
            }
            if parse {
                try feed(index..<rowEnd)
            } else {
                try pending[index..<rowEnd].withUnsafeBytes { try passOver($0) }
            }
            index = rowEnd
        }
        return index
    }

    /// The `r` attribute of a row start tag.
    private func rowNumber(in tag: Range<Int>) -> Int? {
        let marker = Array(" r=\"".utf8)
        guard let at = find(marker, from: tag.lowerBound, before: tag.upperBound) else { return nil }
        var value = 0
        var index = at + marker.count
        while index < tag.upperBound, pending[index] >= 0x30, pending[index] <= 0x39 {
            value = value * 10 + Int(pending[index] - 0x30)
            index += 1
        }
        return index < tag.upperBound && pending[index] == UInt8(ascii: "\"") && value > 0 ? value : nil
    }

    private func find(_ needle: [UInt8], from start: Int, before end: Int? = nil) -> Int? {
        let limit = (end ?? pending.count) - needle.count
        guard start <= limit else { return nil }
        var index = start
        while index <= limit {
            if pending[index] == needle[0] {
                var matched = true
                for offset in 1..<needle.count where pending[index + offset] != needle[offset] { matched = false; break }
                if matched { return index }
            }
            index += 1
        }
        return nil
    }
}
