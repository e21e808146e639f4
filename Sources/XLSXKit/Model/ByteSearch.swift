extension String {
    /// Whether `needle`'s UTF-8 bytes occur in the string: an exact comparison, without going
    /// through Foundation's `contains` (which bridges to NSString and costs microseconds a call).
    func containsBytes(_ needle: String) -> Bool {
        var text = self, needle = needle
        return text.withUTF8 { haystack in
            needle.withUTF8 { needle in
                guard let first = needle.first else { return true }
                guard haystack.count >= needle.count else { return false }
                for start in 0...(haystack.count - needle.count) where haystack[start] == first {
                    if UnsafeBufferPointer(rebasing: haystack[start..<(start + needle.count)]).elementsEqual(needle) { return true }
                }
                return false
            }
        }
    }
}
