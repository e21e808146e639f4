#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The text encodings clerks' CSV files come in, and conversion to and from UTF-8 via iconv.
public enum TextEncoding: String, Sendable, Equatable {
    /// UTF-8, with or without a byte-order mark.
    case utf8 = "UTF-8"
    /// GB18030 (a superset of GBK and GB2312): what Chinese Excel and WPS save as "CSV".
    case gb18030 = "GB18030"
    /// UTF-16 little-endian with a BOM: Excel's "Unicode text".
    case utf16LE = "UTF-16LE"

    /// Guesses the encoding of the start of a file: a BOM decides; otherwise valid UTF-8 is UTF-8
    /// and anything else GB18030. Returns the encoding and the BOM length to skip.
    public static func detect(_ head: [UInt8]) -> (TextEncoding, bomLength: Int) {
        if head.starts(with: [0xEF, 0xBB, 0xBF]) { return (.utf8, 3) }
        if head.starts(with: [0xFF, 0xFE]) { return (.utf16LE, 2) }
        return (isValidUTF8Prefix(head) ? .utf8 : .gb18030, 0)
    }

    /// Whether `bytes` is valid UTF-8, allowing a sequence cut off at the end.
    static func isValidUTF8Prefix(_ bytes: [UInt8]) -> Bool {
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            let length: Int
            switch byte {
            case 0x00...0x7F: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return false
            }
            for offset in 1..<length {
                guard index + offset < bytes.count else { return true }
                guard bytes[index + offset] & 0xC0 == 0x80 else { return false }
            }
            index += length
        }
        return true
    }
}

/// Converts a byte stream between encodings chunk by chunk, keeping sequences split across chunks.
final class TextTranscoder {
    private let descriptor: iconv_t
    private let source: String
    private var pending: [UInt8] = []
    private var consumed = 0

    /// A transcoder from `from` to `to` (iconv names).
    init(from: String, to: String) throws {
        descriptor = iconv_open(to, from)
        source = from
        if descriptor == iconv_t(bitPattern: -1) {
            throw XLSXError(.invalidText, "iconv cannot convert \(from) to \(to)")
        }
    }

    deinit { iconv_close(descriptor) }

    /// Converts `bytes` (plus what was left over); a sequence cut at the end waits for the next chunk
    /// unless `final`. Throws `invalidText` with the byte offset of an invalid sequence.
    func convert(_ bytes: UnsafeRawBufferPointer, final: Bool = false) throws -> [UInt8] {
        pending.append(contentsOf: bytes)
        var output = [UInt8](repeating: 0, count: pending.count * 2 + 16)
        var produced = 0
        var leftover = 0
        try pending.withUnsafeMutableBytes { input in
            var inPointer: UnsafeMutablePointer<CChar>? = input.baseAddress?.assumingMemoryBound(to: CChar.self)
            var inLeft = input.count
            try output.withUnsafeMutableBytes { out in
                var outPointer: UnsafeMutablePointer<CChar>? = out.baseAddress!.assumingMemoryBound(to: CChar.self)
                var outLeft = out.count
                while inLeft > 0 {
                    let result = iconv(descriptor, &inPointer, &inLeft, &outPointer, &outLeft)
                    if result != -1 { break }
                    if errno == EINVAL && !final { break } // incomplete sequence: wait for more
                    if errno == E2BIG { break }
                    let position = consumed + (input.count - inLeft)
                    throw XLSXError(.invalidText, "bytes at offset \(position) are not valid \(source)")
                }
                produced = out.count - outLeft
            }
            leftover = inLeft
        }
        consumed += pending.count - leftover
        pending.removeFirst(pending.count - leftover)
        output.removeSubrange(produced...)
        return output
    }
}
