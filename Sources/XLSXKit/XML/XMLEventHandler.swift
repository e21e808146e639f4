import CLibXML
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Receives the events of a streamed XML part. Subclass and override what you need.
///
/// Names are local names (prefixes and namespaces ignored), so one handler serves both
/// Transitional and Strict (ISO 29500) SpreadsheetML. Names, attribute values and text are
/// views into libxml2's buffers, valid only during the call: copy what you keep.
class XMLEventHandler {
    /// Set to stop parsing; the parser rethrows it after the current event.
    final var failure: Error?

    /// Line of the event being handled (1-based), for error locations.
    final var currentLine: Int { parserContext.map { Int(xmlSAX2GetLineNumber(UnsafeMutableRawPointer($0))) } ?? 0 }
    final var parserContext: xmlParserCtxtPtr?

    func startElement(_ name: XMLName, _ attributes: XMLAttributes) {}

    /// The full start event, with the element's prefix and the namespaces it declares; by default
    /// forwards to `startElement(_:_:)`. Handlers that re-serialise XML override this.
    func startElement(_ name: XMLName, prefix: UnsafePointer<UInt8>?, namespaces: XMLNamespaces, _ attributes: XMLAttributes) {
        startElement(name, attributes)
    }
    func endElement(_ name: XMLName) {}
    func characters(_ text: UnsafeBufferPointer<UInt8>) {}
}

/// A local element or attribute name: a NUL-terminated UTF-8 string owned by libxml2.
struct XMLName {
    let pointer: UnsafePointer<UInt8>

    /// Whether the name equals `literal` (ASCII).
    @inline(__always)
    func `is`(_ literal: StaticString) -> Bool {
        let expected = literal.utf8Start
        var index = 0
        while index < literal.utf8CodeUnitCount {
            if pointer[index] != expected[index] { return false }
            index += 1
        }
        return pointer[index] == 0
    }

    /// The name as a Swift string (allocates).
    var string: String { String(cString: pointer) }
}

/// A byte slice of XML text or an attribute value (entities already replaced by libxml2).
struct XMLBytes {
    let buffer: UnsafeBufferPointer<UInt8>

    /// Whether the bytes equal `literal` (ASCII).
    @inline(__always)
    func equals(_ literal: StaticString) -> Bool {
        guard buffer.count == literal.utf8CodeUnitCount else { return false }
        let expected = literal.utf8Start
        for index in 0..<buffer.count where buffer[index] != expected[index] { return false }
        return true
    }

    /// The bytes as a decimal number (`12.5`, `-3e-2`), nil when they are not one. Allocates nothing.
    var double: Double? {
        guard buffer.count > 0, buffer.count < 64 else { return buffer.count >= 64 ? Double(string) : nil }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: buffer.count + 1) { scratch in
            for index in 0..<buffer.count { scratch[index] = CChar(bitPattern: buffer[index]) }
            scratch[buffer.count] = 0
            var end: UnsafeMutablePointer<CChar>?
            let value = strtod(scratch.baseAddress!, &end)
            return end == scratch.baseAddress! + buffer.count ? value : nil
        }
    }

    /// The bytes as a Swift string (allocates). libxml2 hands an attribute's `&amp;` over as
    /// `&#38;` (it does not substitute entities for us); that is decoded here, so a sheet named
    /// `S&P` is `S&P`.
    var string: String {
        let text = String(decoding: buffer, as: UTF8.self)
        return buffer.contains(UInt8(ascii: "&")) ? text.replacingOccurrences(of: "&#38;", with: "&") : text
    }

    /// A non-negative decimal integer, or nil when the text is not one (or absurdly long).
    var integer: Int? {
        guard !buffer.isEmpty, buffer.count <= 18 else { return nil }
        var value = 0
        for byte in buffer {
            guard byte >= 48 && byte <= 57 else { return nil }
            value = value * 10 + Int(byte - 48)
        }
        return value
    }

    /// `1`/`true` → true, `0`/`false` → false (xsd:boolean).
    var boolean: Bool? {
        if equals("1") || equals("true") { return true }
        if equals("0") || equals("false") { return false }
        return nil
    }
}

/// The attributes of a start tag, as libxml2's SAX2 gives them (5 pointers per attribute).
struct XMLAttributes {
    let count: Int
    let raw: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?

    /// The value of the attribute with this local name, whatever its prefix.
    @inline(__always)
    subscript(_ localName: StaticString) -> XMLBytes? {
        guard let raw else { return nil }
        var index = 0
        while index < count {
            let base = index * 5
            if XMLName(pointer: raw[base]!).is(localName) {
                return value(at: base)
            }
            index += 1
        }
        return nil
    }

    /// The value of `localName` whose namespace URI ends with `namespaceSuffix` (e.g. r:id →
    /// `relationships`, office:value → `office:1.0`). Allocates nothing.
    func value(_ localName: StaticString, namespaceSuffix: StaticString) -> XMLBytes? {
        guard let raw else { return nil }
        for index in 0..<count {
            let base = index * 5
            if XMLName(pointer: raw[base]!).is(localName), XMLAttributes.namespace(raw[base + 2], endsWith: namespaceSuffix) {
                return value(at: base)
            }
        }
        return nil
    }

    /// Whether a namespace URI as libxml2 gives it (NUL-terminated, nil for none) ends with `suffix`.
    static func namespace(_ uri: UnsafePointer<UInt8>?, endsWith suffix: StaticString) -> Bool {
        guard let uri else { return false }
        let length = strlen(UnsafeRawPointer(uri).assumingMemoryBound(to: CChar.self)), count = suffix.utf8CodeUnitCount
        return length >= count && memcmp(uri + (length - count), suffix.utf8Start, count) == 0
    }

    @inline(__always)
    private func value(at base: Int) -> XMLBytes {
        let start = raw![base + 3]!, end = raw![base + 4]!
        return XMLBytes(buffer: UnsafeBufferPointer(start: start, count: end - start))
    }
}

/// The namespace declarations on a start tag: (prefix, URI) pairs; an empty prefix is the default namespace.
struct XMLNamespaces {
    let count: Int
    let raw: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?

    /// The declarations as strings.
    var pairs: [(String, String)] {
        guard let raw else { return [] }
        return (0..<count).map { index in
            (raw[index * 2].map { String(cString: $0) } ?? "", raw[index * 2 + 1].map { String(cString: $0) } ?? "")
        }
    }
}
