/// `xl/sharedStrings.xml`: the workbook's string table, held compactly.
///
/// Memory: all strings' UTF-8 bytes in one buffer plus one offset per string (no object per
/// string). Rich-text runs are concatenated; phonetic runs (`rPh`, e.g. pinyin/furigana guides)
/// are left out; a `<t>` without `xml:space="preserve"` loses leading and trailing whitespace,
/// as in Excel; `_xHHHH_` escapes are decoded when a string is taken out.
public final class SharedStringTable {
    private var bytes: [UInt8] = []
    private var ends: [Int] = []
    /// Whether the strings hold `_xHHHH_` escapes (those of an .xlsx part do; an .xls's do not).
    private let escaped: Bool

    /// Number of strings.
    public var count: Int { ends.count }

    init(escaped: Bool = true) { self.escaped = escaped }

    /// Adds a string at the end (the .xls reader's table).
    func append(_ string: String) {
        bytes.append(contentsOf: string.utf8)
        ends.append(bytes.count)
    }

    /// Adds a string whose UTF-8 bytes `write` appends (the .xls reader's table, without a
    /// `String` per entry).
    func append(writing write: (inout [UInt8]) throws -> Void) rethrows {
        try write(&bytes)
        ends.append(bytes.count)
    }

    /// Reserves room for `count` strings (a claimed count, capped: a file's counts can lie).
    func reserve(_ count: Int) { ends.reserveCapacity(min(count, 1 << 20)) }

    /// The string at `index`, or nil when out of range.
    public func string(at index: Int) -> String? {
        guard index >= 0, index < ends.count else { return nil }
        let start = index == 0 ? 0 : ends[index - 1]
        return bytes.withUnsafeBufferPointer { all in
            let text = UnsafeBufferPointer(rebasing: all[start..<ends[index]])
            return escaped ? EscapedText.decode(text) : String(decoding: text, as: UTF8.self)
        }
    }

    /// Parses the part from the archive, streaming.
    static func read(_ entry: ZipEntry, in archive: ZipArchive) throws -> SharedStringTable {
        let handler = Handler()
        try XMLPushParser.parse(entry, in: archive, with: handler)
        return handler.table
    }

    private final class Handler: XMLEventHandler {
        let table = SharedStringTable()
        var inItem = false
        var inText = false
        var phoneticDepth = 0
        var textStart = 0
        var preserveSpace = false

        override func startElement(_ name: XMLName, _ attributes: XMLAttributes) {
            if name.is("t") {
                inText = inItem && phoneticDepth == 0
                textStart = table.bytes.count
                preserveSpace = attributes["space"]?.equals("preserve") ?? false
            } else if name.is("si") {
                inItem = true
            } else if name.is("rPh") {
                phoneticDepth += 1
            } else if name.is("sst"), let unique = attributes["uniqueCount"]?.integer {
                table.ends.reserveCapacity(min(unique, 1 << 22))
            }
        }

        override func characters(_ text: UnsafeBufferPointer<UInt8>) {
            if inText { table.bytes.append(contentsOf: text) }
        }

        override func endElement(_ name: XMLName) {
            if name.is("t") {
                if inText && !preserveSpace { XMLWhitespace.trim(&table.bytes, from: textStart) }
                inText = false
            } else if name.is("rPh") {
                phoneticDepth -= 1
            } else if name.is("si") {
                inItem = false
                table.ends.append(table.bytes.count)
            }
        }
    }
}
