/// An Open Packaging Conventions package read from a zip: content types and relationships decide
/// where parts are. The only place that knows package paths.
final class OPCPackage {
    let archive: ZipArchive
    let contentTypes: ContentTypes

    /// Opens the package; throws `missingPart` without `[Content_Types].xml`.
    init(archive: ZipArchive) throws {
        self.archive = archive
        guard let entry = archive.entry(named: "[Content_Types].xml") else {
            // OpenDocument names its kind in a first entry `mimetype`.
            if let mimetype = archive.entry(named: "mimetype"), mimetype.uncompressedSize < 200,
               let kind = try? String(decoding: archive.contents(of: mimetype), as: UTF8.self), kind.hasPrefix("application/vnd.oasis.opendocument") {
                // WorkbookReader reads an OpenDocument spreadsheet itself; a package it is not.
                throw XLSXError(kind.contains("spreadsheet") ? .needsXLSX : .notASpreadsheet, "OpenDocument \(kind)", file: archive.path)
            }
            throw XLSXError(.missingPart, "[Content_Types].xml is missing", file: archive.path, part: "[Content_Types].xml")
        }
        contentTypes = try ContentTypes.parse(try archive.contents(of: entry), file: archive.path)
    }

    /// The zip entry of a part, or nil when the package lacks it.
    func entry(_ part: String) -> ZipEntry? { archive.entry(named: part) }

    /// The bytes of a part; throws `missingPart` when absent.
    func contents(of part: String) throws -> [UInt8] {
        guard let entry = entry(part) else {
            throw XLSXError(.missingPart, "part \(part) is missing", file: archive.path, part: part)
        }
        return try archive.contents(of: entry)
    }

    /// The relationships of a part (of the package when `part` is empty); none when it has no `.rels` part.
    func relationships(of part: String) throws -> [Relationship] {
        let relsPart = PartName.relationshipsPart(for: part)
        guard let entry = entry(relsPart) else { return [] }
        return try Relationships.parse(try archive.contents(of: entry), part: relsPart, source: part, file: archive.path)
    }

    /// The main workbook part: the package's `officeDocument` relationship, else the override typed as a workbook.
    func workbookPart() throws -> String {
        let workbookTypes = [".sheet.main+xml", ".sheet.macroEnabled.main+xml", ".template.main+xml", ".spreadsheetml.template.main+xml"]
        if let office = try relationships(of: "").first(where: { $0.hasType("officeDocument") && !$0.isExternal }) {
            let type = contentTypes.type(of: office.target) ?? ""
            if !type.isEmpty, !type.contains("spreadsheetml") && !type.contains("ms-excel") {
                throw XLSXError(.notASpreadsheet, "main document has content type \(type)", file: archive.path, part: office.target)
            }
            if entry(office.target) != nil { return office.target }
        }
        if let part = contentTypes.parts(where: { type in workbookTypes.contains { type.hasSuffix($0) } }).sorted().first,
           entry(part) != nil {
            return part
        }
        if contentTypes.parts(where: { $0.contains("wordprocessingml") || $0.contains("presentationml") }).first != nil {
            throw XLSXError(.notASpreadsheet, "package holds a Word or PowerPoint document", file: archive.path)
        }
        throw XLSXError(.missingPart, "no workbook part in the package", file: archive.path, part: "xl/workbook.xml")
    }
}
