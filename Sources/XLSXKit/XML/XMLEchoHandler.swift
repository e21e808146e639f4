import CLibXML

/// Re-serialises SAX events as XML: the base of every streaming edit of an existing part.
///
/// Element and attribute names keep their prefixes, namespace declarations are re-emitted where
/// they were declared, text is escaped again. Comments and processing instructions are dropped
/// (Excel writes none in the parts we edit).
class XMLEchoHandler: XMLEventHandler {
    let xml: XMLWriter
    /// Rewrites Strict namespaces and relationship types as Transitional ones (and drops the
    /// workbook's `conformance` attribute): set when the package being edited is Strict.
    var translatesStrict = false
    private var open = false
    /// Nesting depth of the element being handled (the root is 1).
    private(set) var depth = 0

    init(xml: XMLWriter) {
        self.xml = xml
    }

    /// Copies a start tag (subclasses call this to keep the element).
    func echoStart(_ name: XMLName, _ attributes: XMLAttributes, replacing: [String: String] = [:],
                   addingIfMissing: [String: String] = [:], omitting: Set<String> = []) {
        closePendingTag()
        xml.raw("<")
        writeQualified(prefix: currentPrefix, local: name.pointer)
        for (prefix, uri) in currentNamespaces {
            xml.raw(prefix.isEmpty ? " xmlns=\"" : " xmlns:\(prefix)=\"")
            xml.attribute(translatesStrict ? Conformance.transitional(uri) ?? uri : uri)
            xml.raw("\"")
        }
        var seen = Set<String>()
        for index in 0..<attributes.count {
            let base = index * 5
            let local = String(cString: attributes.raw![base]!)
            let prefix = attributes.raw![base + 1].map { String(cString: $0) }
            let qualified = prefix.map { "\($0):\(local)" } ?? local
            seen.insert(qualified)
            if omitting.contains(qualified) || translatesStrict && depth == 1 && qualified == "conformance" { continue }
            let start = attributes.raw![base + 3]!, end = attributes.raw![base + 4]!
            var value = replacing[qualified] ?? XMLBytes(buffer: UnsafeBufferPointer(start: start, count: end - start)).string
            if translatesStrict, let translated = Conformance.transitional(value) { value = translated }
            xml.raw(" "); xml.raw(qualified); xml.raw("=\""); xml.attribute(value); xml.raw("\"")
        }
        for (name, value) in addingIfMissing.sorted(by: { $0.key < $1.key }) where !seen.contains(name) {
            xml.raw(" "); xml.raw(name); xml.raw("=\""); xml.attribute(value); xml.raw("\"")
        }
        open = true
    }

    /// Copies an end tag.
    func echoEnd(_ name: XMLName, prefix: String?) {
        if open {
            xml.raw("/>")
            open = false
        } else {
            xml.raw("</")
            writeQualified(prefix: prefix, local: name.pointer)
            xml.raw(">")
        }
    }

    /// Copies text.
    func echoText(_ text: UnsafeBufferPointer<UInt8>) {
        closePendingTag()
        xml.text(String(decoding: text, as: UTF8.self))
    }

    /// Writes raw markup at the current point (closing a pending start tag first).
    func insert(_ markup: String) {
        closePendingTag()
        xml.raw(markup)
    }

    /// For the root element: when it uses a prefix for its namespace (as .NET exporters write
    /// `<x:worksheet xmlns:x="…">`), declare that namespace as the default too, so unprefixed
    /// elements we insert belong to it.
    func defaultNamespaceIfPrefixed() -> [String: String] {
        guard let prefix = currentPrefix, !prefix.isEmpty,
              !currentNamespaces.contains(where: { $0.0.isEmpty }),
              let uri = currentNamespaces.first(where: { $0.0 == prefix })?.1 else { return [:] }
        return ["xmlns": uri]
    }

    func closePendingTag() {
        if open {
            xml.raw(">")
            open = false
        }
    }

    // The session gives prefix and namespace declarations per element through these.
    var currentPrefix: String?
    var currentNamespaces: [(String, String)] = []
    var prefixStack: [String?] = []

    private var skipUntilDepth: Int?

    /// Leaves the element being started out of the output, with everything inside it.
    func skipCurrentElement() {
        skipUntilDepth = depth
    }

    override func startElement(_ name: XMLName, prefix: UnsafePointer<UInt8>?, namespaces: XMLNamespaces, _ attributes: XMLAttributes) {
        depth += 1
        if skipUntilDepth != nil {
            prefixStack.append(nil)
            return
        }
        currentPrefix = prefix.map { String(cString: $0) }
        currentNamespaces = namespaces.pairs
        prefixStack.append(currentPrefix)
        handleStart(name, attributes)
    }

    override func endElement(_ name: XMLName) {
        let prefix = prefixStack.popLast() ?? nil
        defer { depth -= 1 }
        if let skip = skipUntilDepth {
            if depth == skip { skipUntilDepth = nil }
            return
        }
        handleEnd(name, prefix: prefix)
        try? xml.flushIfNeeded()
    }

    override func characters(_ text: UnsafeBufferPointer<UInt8>) {
        guard skipUntilDepth == nil else { return }
        handleText(text)
    }

    /// Override to change elements; the default copies.
    func handleStart(_ name: XMLName, _ attributes: XMLAttributes) { echoStart(name, attributes) }
    func handleEnd(_ name: XMLName, prefix: String?) { echoEnd(name, prefix: prefix) }
    func handleText(_ text: UnsafeBufferPointer<UInt8>) { echoText(text) }

    private func writeQualified(prefix: String?, local: UnsafePointer<UInt8>) {
        if let prefix, !prefix.isEmpty { xml.raw(prefix); xml.raw(":") }
        xml.raw(String(cString: local))
    }
}
