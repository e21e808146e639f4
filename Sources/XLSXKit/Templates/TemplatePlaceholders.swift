/// The placeholders a template asks for: what data it needs, without filling it.
public struct TemplatePlaceholders: Sendable, Equatable {
    /// `{name}` single values.
    public var values: Set<String> = []
    /// List name (`""` for `{.field}`) → the fields its repeated rows use, in template order.
    public var lists: [String: [String]] = [:]

    /// Reads every worksheet of `template`.
    public init(template: String) throws {
        let reader = try WorkbookReader(path: template)
        try reader.requireXLSX()
        do {
            for sheet in reader.sheets where sheet.kind == .worksheet {
                try reader.forEachRow(in: sheet) { row in
                    for position in 0..<row.count {
                        guard case .string(let string) = row[position].value else { continue }
                        guard let text = TemplateText(string) else { continue }
                        values.formUnion(text.singles)
                        for field in text.fields where !(lists[field.list]?.contains(field.name) ?? false) {
                            lists[field.list, default: []].append(field.name)
                        }
                    }
                }
            }
        } catch let error as XLSXError {
            throw error.inFile(template)
        }
    }
}
