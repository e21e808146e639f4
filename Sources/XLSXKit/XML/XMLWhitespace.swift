/// XML whitespace (space, tab, CR, LF) handling for text collected into byte buffers.
enum XMLWhitespace {
    @inline(__always)
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    /// Removes leading and trailing whitespace from `bytes[start...]`, as Excel does for a `<t>`
    /// element without `xml:space="preserve"`.
    static func trim(_ bytes: inout [UInt8], from start: Int) {
        while bytes.count > start, isWhitespace(bytes[bytes.count - 1]) { bytes.removeLast() }
        var first = start
        while first < bytes.count, isWhitespace(bytes[first]) { first += 1 }
        if first > start { bytes.removeSubrange(start..<first) }
    }
}
