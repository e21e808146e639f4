/// `[Content_Types].xml`: the content type of every part, by extension default or per-part override.
struct ContentTypes {
    /// Extension (lower case, no dot) → content type.
    var defaults: [String: String] = [:]
    /// Part name (lower case, no leading slash) → content type.
    var overrides: [String: String] = [:]

    /// The content type of a part, override first.
    func type(of part: String) -> String? {
        let key = ZipArchive.lookupKey(part)
        if let type = overrides[key] { return type }
        guard let dot = key.lastIndex(of: ".") else { return nil }
        return defaults[String(key[key.index(after: dot)...])]
    }

    /// Parts whose content type satisfies `predicate`, in no particular order.
    func parts(where predicate: (String) -> Bool) -> [String] {
        overrides.filter { predicate($0.value) }.map(\.key)
    }

    /// Parses the part.
    static func parse(_ bytes: [UInt8], file: String?) throws -> ContentTypes {
        let handler = Handler()
        try XMLPushParser.parse(bytes, part: "[Content_Types].xml", file: file, with: handler)
        return handler.result
    }

    private final class Handler: XMLEventHandler {
        var result = ContentTypes()
        override func startElement(_ name: XMLName, _ attributes: XMLAttributes) {
            if name.is("Default"), let ext = attributes["Extension"], let type = attributes["ContentType"] {
                result.defaults[ext.string.lowercased()] = type.string
            } else if name.is("Override"), let part = attributes["PartName"], let type = attributes["ContentType"] {
                result.overrides[ZipArchive.lookupKey(part.string)] = type.string
            }
        }
    }
}
