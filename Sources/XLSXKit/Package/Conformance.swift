/// The two conformance classes of ISO/IEC 29500: Strict names its namespaces and relationship
/// types `http://purl.oclc.org/ooxml/…`, Transitional (what Excel writes by default, and what
/// sheetflow writes) `http://schemas.openxmlformats.org/…`. A package must use one of them
/// throughout, so an edited copy of a Strict workbook is translated to Transitional as a whole.
enum Conformance {
    private static let strictRoot = "http://purl.oclc.org/ooxml/"

    /// The Transitional URI for a Strict namespace or relationship type, nil for any other URI.
    static func transitional(_ uri: String) -> String? {
        guard uri.hasPrefix(strictRoot) else { return nil }
        let rest = uri.dropFirst(strictRoot.count)
        if rest == "spreadsheetml/main" { return "http://schemas.openxmlformats.org/spreadsheetml/2006/main" }
        if rest.hasPrefix("drawingml/") { return "http://schemas.openxmlformats.org/drawingml/2006/" + rest.dropFirst("drawingml/".count) }
        if rest.hasPrefix("officeDocument/relationships") {
            let type = rest.dropFirst("officeDocument/relationships".count)   // "" or "/worksheet"
            return "http://schemas.openxmlformats.org/officeDocument/2006/relationships" + renamed(String(type.dropFirst()), prefix: type.isEmpty ? "" : "/")
        }
        if rest.hasPrefix("officeDocument/") { return "http://schemas.openxmlformats.org/officeDocument/2006/" + renamed(String(rest.dropFirst("officeDocument/".count)), prefix: "") }
        return nil
    }

    /// Strict spells two names in camel case where Transitional uses hyphens.
    private static func renamed(_ name: String, prefix: String) -> String {
        switch name {
        case "extendedProperties": prefix + "extended-properties"
        case "customProperties": prefix + "custom-properties"
        default: prefix + name
        }
    }

    /// Parts written through the translation (XML); others (images, VML, binaries) are copied.
    static func isTranslated(_ part: String) -> Bool {
        let lower = part.lowercased()
        return lower.hasSuffix(".xml") || lower.hasSuffix(".rels")
    }
}
