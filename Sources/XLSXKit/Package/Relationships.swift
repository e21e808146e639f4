/// One relationship from a `.rels` part: an id, a type URI and a resolved target part.
public struct Relationship: Sendable, Equatable {
    /// `rId1` …
    public var id: String
    /// The type URI; compare with `hasType(_:)`, which accepts Transitional and Strict URIs.
    public var type: String
    /// The target part name resolved against the source part (no leading slash), or the raw URI when external.
    public var target: String
    /// Whether the target is outside the package (a hyperlink, a linked file).
    public var isExternal: Bool

    /// Whether the type ends with `/suffix`, e.g. `worksheet`, `officeDocument`, `sharedStrings`.
    ///
    /// Transitional (`http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet`) and
    /// Strict (`http://purl.oclc.org/ooxml/officeDocument/relationships/worksheet`) share the last segment.
    public func hasType(_ suffix: String) -> Bool {
        type.hasSuffix("/" + suffix)
    }
}

/// Parsing of `.rels` parts.
enum Relationships {
    /// Parses a relationships part written for `source` (empty for the package's `_rels/.rels`).
    static func parse(_ bytes: [UInt8], part: String, source: String, file: String?) throws -> [Relationship] {
        let handler = Handler(source: source)
        try XMLPushParser.parse(bytes, part: part, file: file, with: handler)
        return handler.result
    }

    private final class Handler: XMLEventHandler {
        let source: String
        var result: [Relationship] = []
        init(source: String) { self.source = source }

        override func startElement(_ name: XMLName, _ attributes: XMLAttributes) {
            guard name.is("Relationship"), let id = attributes["Id"], let type = attributes["Type"],
                  let target = attributes["Target"] else { return }
            let external = attributes["TargetMode"]?.equals("External") ?? false
            result.append(Relationship(id: id.string, type: type.string,
                                       target: external ? target.string : PartName.resolve(target.string, from: source),
                                       isExternal: external))
        }
    }
}
