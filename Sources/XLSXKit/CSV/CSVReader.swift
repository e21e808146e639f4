/// Reads CSV (RFC 4180, as Excel and WPS write it) from a file, streaming, in any `TextEncoding`.
///
/// Quoted fields may hold delimiters, quotes (`""`) and line breaks; lines end in CRLF, LF or CR.
/// The delimiter (comma, semicolon, tab or `|`) is detected from the first lines unless given.
/// Memory: one chunk of the file and the current row.
public final class CSVReader {
    /// The file.
    public let path: String
    /// The detected (or given) encoding.
    public let encoding: TextEncoding
    /// The detected (or given) delimiter.
    public let delimiter: UInt8
    /// Whether the start of the file reads as a table: most of its first lines split into two
    /// or more fields (a note or a log does not).
    public let looksLikeTable: Bool
    private let file: FileHandleReader
    private let bomLength: Int

    /// Opens a CSV file, detecting encoding and delimiter from its start.
    public init(path: String, encoding: TextEncoding? = nil, delimiter: UInt8? = nil) throws {
        self.path = path
        file = try FileHandleReader(path: path)
        let head = try file.read(at: 0, count: Int(min(file.size, 64 << 10)))
        let detected = TextEncoding.detect(head)
        self.encoding = encoding ?? detected.0
        bomLength = encoding == nil || encoding == detected.0 ? detected.bomLength : 0
        let sample = try TextTranscoder(from: self.encoding.rawValue, to: "UTF-8")
        let utf8 = (try? head.dropFirst(bomLength).withUnsafeBytes { try sample.convert($0) }) ?? []
        let delimiter = delimiter ?? CSVReader.detectDelimiter(utf8)
        self.delimiter = delimiter
        var widths: [Int] = []
        var parser = CSVParser(delimiter: delimiter)
        try? parser.feed(utf8) { fields in if widths.count < 20, !(fields.count == 1 && fields[0].isEmpty) { widths.append(fields.count) } }
        looksLikeTable = widths.filter { $0 >= 2 }.count * 2 > widths.count
    }

    /// Calls `body` with each row's fields, in order. Throws `invalidText` for bytes that are not
    /// in the encoding, with their offset.
    public func forEachRow(_ body: ([String]) throws -> Void) throws {
        let transcoder = try TextTranscoder(from: encoding.rawValue, to: "UTF-8")
        var parser = CSVParser(delimiter: delimiter)
        let start = UInt64(bomLength)
        var offset = start
        do {
            try file.forEachChunk(from: start, count: file.size - start) { chunk in
                offset += UInt64(chunk.count)
                try parser.feed(try transcoder.convert(chunk, final: offset >= file.size), body)
            }
            try parser.finish(body)
        } catch let error as XLSXError {
            var located = error
            located.file = path
            throw located
        }
    }

    /// The delimiter that splits the first lines into the same, largest number of fields.
    static func detectDelimiter(_ sample: [UInt8]) -> UInt8 {
        let candidates: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: "\t"), UInt8(ascii: ";"), UInt8(ascii: "|")]
        var best = candidates[0], bestScore = 0
        for candidate in candidates {
            var counts: [Int] = []
            var parser = CSVParser(delimiter: candidate)
            try? parser.feed(sample) { fields in if counts.count < 20 { counts.append(fields.count) } }
            guard let first = counts.first, first > 1 else { continue }
            let consistent = counts.filter { $0 == first }.count
            let score = consistent * 100 + first
            if score > bestScore { best = candidate; bestScore = score }
        }
        return best
    }
}

/// The CSV state machine over UTF-8 bytes.
struct CSVParser {
    let delimiter: UInt8
    private var field: [UInt8] = []
    private var fields: [String] = []
    private var inQuotes = false
    private var quoteSeen = false
    private var lastWasCR = false
    private var rowStarted = false

    init(delimiter: UInt8) { self.delimiter = delimiter }

    mutating func feed(_ bytes: [UInt8], _ body: ([String]) throws -> Void) throws {
        var index = 0
        let count = bytes.count
        while index < count {
            // Fast path: copy a run of ordinary bytes at once.
            if !inQuotes && !lastWasCR {
                var end = index
                while end < count {
                    let byte = bytes[end]
                    if byte == delimiter || byte == 0x22 || byte == 0x0A || byte == 0x0D { break }
                    end += 1
                }
                if end > index {
                    field.append(contentsOf: bytes[index..<end])
                    quoteSeen = false
                    rowStarted = true
                    index = end
                    continue
                }
            }
            let byte = bytes[index]
            index += 1
            if lastWasCR {
                lastWasCR = false
                if byte == 0x0A { continue }
            }
            if inQuotes {
                if byte == 0x22 {
                    inQuotes = false
                    quoteSeen = true
                } else {
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case 0x22:
                if quoteSeen { field.append(0x22) } // "" inside a quoted field
                inQuotes = true
                quoteSeen = false
                rowStarted = true
            case delimiter:
                endField()
                rowStarted = true
            case 0x0A, 0x0D:
                lastWasCR = byte == 0x0D
                if rowStarted || !field.isEmpty || !fields.isEmpty {
                    endField()
                    try body(fields)
                } else {
                    try body([])
                }
                fields.removeAll(keepingCapacity: true)
                rowStarted = false
            default:
                quoteSeen = false
                field.append(byte)
                rowStarted = true
            }
        }
    }

    mutating func finish(_ body: ([String]) throws -> Void) throws {
        if rowStarted || !field.isEmpty || !fields.isEmpty {
            endField()
            try body(fields)
        }
    }

    private mutating func endField() {
        fields.append(String(decoding: field, as: UTF8.self))
        field.removeAll(keepingCapacity: true)
        quoteSeen = false
    }
}
