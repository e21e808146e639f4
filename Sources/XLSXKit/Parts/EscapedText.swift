/// Decoding of the `_xHHHH_` escapes SpreadsheetML uses for characters XML cannot carry
/// (control characters, lone surrogates); `_x005F_` escapes a literal underscore.
enum EscapedText {
    /// Whether `bytes` may contain an escape (cheap pre-check).
    @inline(__always)
    static func mayContainEscape(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count >= 7 else { return false }
        for index in 0..<(bytes.count - 6) where bytes[index] == 0x5F && bytes[index + 1] == 0x78 { return true }
        return false
    }

    /// The string for UTF-8 `bytes` with escapes decoded.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard mayContainEscape(bytes) else { return String(decoding: bytes, as: UTF8.self) }
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count)
        let text = Array(String(decoding: bytes, as: UTF8.self).utf16)
        var index = 0
        func hex(_ unit: UInt16) -> UInt16? {
            switch unit {
            case 48...57: return unit - 48
            case 65...70: return unit - 55
            case 97...102: return unit - 87
            default: return nil
            }
        }
        while index < text.count {
            if text[index] == 0x5F, index + 6 < text.count, text[index + 1] == 0x78 || text[index + 1] == 0x58, text[index + 6] == 0x5F,
               let a = hex(text[index + 2]), let b = hex(text[index + 3]), let c = hex(text[index + 4]), let d = hex(text[index + 5]) {
                units.append(a << 12 | b << 8 | c << 4 | d)
                index += 7
            } else {
                units.append(text[index])
                index += 1
            }
        }
        return String(decoding: units, as: UTF16.self)
    }
}
