/// `xl/sharedStrings.xml`: the workbook's string table, held compactly.
///
/// Memory: the strings' UTF-8 bytes in pages of 1 MiB (a table never sits in a buffer twice its
/// size, as one growing array would) plus four bytes per string (no object per string).
/// Rich-text runs are concatenated; phonetic runs (`rPh`, e.g. pinyin/furigana guides)
/// are left out; a `<t>` without `xml:space="preserve"` loses leading and trailing whitespace,
/// as in Excel; `_xHHHH_` escapes are decoded when a string is taken out.
public final class SharedStringTable {
    /// Strings never straddle pages; a string longer than a page has a page of its own size.
    private var pages: [[UInt8]] = []
    /// The index of the first string on each page.
    private var firstOnPage: [Int] = []
    /// Where each string ends on its page (it starts where the one before ends, or at 0).
    private var ends: [UInt32] = []
    private static let pageSize = 1 << 20
    /// Whether the strings hold `_xHHHH_` escapes (those of an .xlsx part do; an .xls's do not).
    private let escaped: Bool

    /// Number of strings.
    public var count: Int { ends.count }

    init(escaped: Bool = true) { self.escaped = escaped }

    /// Adds a string of at most `maxBytes` UTF-8 bytes, which `write` appends (without a
    /// `String` per entry). A page that has no room for that many is left as it is, so pages
    /// never grow past their first allocation.
    func append(maxBytes: Int, writing write: (inout [UInt8]) throws -> Void) rethrows {
        if pages.isEmpty || pages[pages.count - 1].count + maxBytes > pages[pages.count - 1].capacity {
            var page: [UInt8] = []
            page.reserveCapacity(max(SharedStringTable.pageSize, maxBytes))
            pages.append(page)
            firstOnPage.append(ends.count)
        }
        try write(&pages[pages.count - 1])
        ends.append(UInt32(pages[pages.count - 1].count))
    }

    /// Adds a string at the end.
    func append<Bytes: Collection<UInt8>>(_ bytes: Bytes) {
        append(maxBytes: bytes.count) { $0.append(contentsOf: bytes) }
    }

    /// Reserves room for `count` strings: a claimed count, believed up to `plausible` (a file's
    /// counts can lie; what the file could hold bounds them).
    func reserve(_ count: Int, plausible: Int) { ends.reserveCapacity(max(0, min(count, plausible))) }

    /// The string at `index`, or nil when out of range.
    public func string(at index: Int) -> String? {
        guard index >= 0, index < ends.count else { return nil }
        // The page: the last whose first string is at or before `index`.
        var low = 0, high = firstOnPage.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if firstOnPage[middle] <= index { low = middle } else { high = middle - 1 }
        }
        let start = index == firstOnPage[low] ? 0 : Int(ends[index - 1])
        return pages[low].withUnsafeBufferPointer { all in
            let text = UnsafeBufferPointer(rebasing: all[start..<Int(ends[index])])
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
        /// The string being read (its runs joined), added to the table at `</si>`.
        var item: [UInt8] = []
        var inItem = false
        var inText = false
        var phoneticDepth = 0
        var textStart = 0
        var preserveSpace = false

        override func startElement(_ name: XMLName, _ attributes: XMLAttributes) {
            if name.is("t") {
                inText = inItem && phoneticDepth == 0
                textStart = item.count
                preserveSpace = attributes["space"]?.equals("preserve") ?? false
            } else if name.is("si") {
                inItem = true
                item.removeAll(keepingCapacity: true)
            } else if name.is("rPh") {
                phoneticDepth += 1
            } else if name.is("sst"), let unique = attributes["uniqueCount"]?.integer {
                table.ends.reserveCapacity(min(unique, 1 << 22))
            }
        }

        override func characters(_ text: UnsafeBufferPointer<UInt8>) {
            if inText { item.append(contentsOf: text) }
        }

        override func endElement(_ name: XMLName) {
            if name.is("t") {
                if inText && !preserveSpace { XMLWhitespace.trim(&item, from: textStart) }
                inText = false
            } else if name.is("rPh") {
                phoneticDepth -= 1
            } else if name.is("si") {
                inItem = false
                table.append(item)
            }
        }
    }
}
