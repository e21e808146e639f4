/// OPC part names: resolving relationship targets and naming relationship parts.
///
/// Part names are kept without a leading slash (`xl/workbook.xml`), as zip entries are named.
enum PartName {
    /// The folder a part lives in: `xl/worksheets/sheet1.xml` → `xl/worksheets`.
    static func folder(of part: String) -> String {
        guard let slash = part.lastIndex(of: "/") else { return "" }
        return String(part[..<slash])
    }

    /// The relationships part for `part`: `xl/workbook.xml` → `xl/_rels/workbook.xml.rels`; the package's is `_rels/.rels`.
    static func relationshipsPart(for part: String) -> String {
        guard !part.isEmpty else { return "_rels/.rels" }
        let folder = folder(of: part)
        let file = part.split(separator: "/").last.map(String.init) ?? part
        return (folder.isEmpty ? "" : folder + "/") + "_rels/" + file + ".rels"
    }

    /// Resolves a relationship `target` written in `source`: absolute (`/xl/…`) or relative with `.` and `..`.
    static func resolve(_ target: String, from source: String) -> String {
        var path = target.map { $0 == "\\" ? "/" : $0 }.reduce(into: "") { $0.append($1) }
        if let hash = path.firstIndex(of: "#") { path = String(path[..<hash]) }
        let base: [Substring]
        if path.hasPrefix("/") {
            base = []
        } else {
            base = folder(of: source).split(separator: "/")
        }
        var components = Array(base)
        for component in path.split(separator: "/") {
            switch component {
            case ".": continue
            case "..": if !components.isEmpty { components.removeLast() }
            default: components.append(component)
            }
        }
        return components.joined(separator: "/")
    }
}
