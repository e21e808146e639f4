/// Writes CSV as Excel reads it: comma-separated, quoted where needed, CRLF line ends, UTF-8 with a
/// BOM (so Excel detects the encoding) or GB18030.
public final class CSVWriter {
    private let output: FileOutput
    private let transcoder: TextTranscoder?
    private var line: [UInt8] = []

    /// Creates `path`; with `.utf8` a BOM is written first.
    public init(path: String, encoding: TextEncoding = .utf8) throws {
        output = try FileOutput(path: path)
        switch encoding {
        case .utf8:
            transcoder = nil
            try output.write([0xEF, 0xBB, 0xBF])
        case .gb18030, .utf16LE:
            transcoder = try TextTranscoder(from: "UTF-8", to: encoding.rawValue)
            if encoding == .utf16LE { try output.write([0xFF, 0xFE]) }
        }
    }

    /// Writes one row.
    public func writeRow(_ fields: [String]) throws {
        line.removeAll(keepingCapacity: true)
        for (index, field) in fields.enumerated() {
            if index > 0 { line.append(UInt8(ascii: ",")) }
            let needsQuotes = field.utf8.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
                || field.utf8.first.map(XMLWhitespace.isWhitespace) == true || field.utf8.last.map(XMLWhitespace.isWhitespace) == true
            if needsQuotes {
                line.append(0x22)
                for byte in field.utf8 {
                    if byte == 0x22 { line.append(0x22) }
                    line.append(byte)
                }
                line.append(0x22)
            } else {
                line.append(contentsOf: field.utf8)
            }
        }
        line.append(contentsOf: [0x0D, 0x0A])
        if let transcoder {
            let converted = try line.withUnsafeBytes { try transcoder.convert($0, final: true) }
            try output.write(converted)
        } else {
            try output.write(line)
        }
    }

    /// Flushes the file.
    public func close() throws {
        try output.synchronize()
    }
}
