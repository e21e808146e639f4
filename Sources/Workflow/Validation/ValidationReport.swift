import Foundation
import XLSXKit

/// The outputs of `validate` for one input (the input itself is never touched):
/// `<名>-校验报告.xlsx` (an annotated copy: errors red, warnings yellow, each with a comment, and a
/// first sheet 校验结果), `<名>-规范化.xlsx` (the cleaned list) and `<名>-findings.json`.
public struct ValidationReport: Sendable {
    public var summary: ValidationSummary
    public var annotatedCopy: String
    public var cleanedList: String?
    public var findingsJSON: String

    /// Most cells coloured and commented in the annotated copy; the rest are listed in 校验结果 and the JSON.
    public static let annotationLimit = 5_000

    /// A normalised record handed on while the report is written, with the validator that read it
    /// (for its layout, kind and 数据截至).
    public typealias RecordObserver = (Validator, _ sheet: String?, _ row: Int, _ values: [Field: CellValue], _ extras: [CellValue]) throws -> Void

    /// Told each finding as it is made (in row order; the duplicate checks' after the rows).
    public typealias FindingObserver = (Finding) throws -> Void

    /// Validates `input` and writes the three outputs into `folder`; each normalised record is
    /// also handed to `observe` (the register takes them in during the same pass), each finding
    /// to `seen`; `rowsRead` is called once the last record has been observed, before the
    /// outputs are finished.
    public static func write(input: String, options: ValidationOptions, folder: String,
                             observe: RecordObserver? = nil, rowsRead: (() throws -> Void)? = nil,
                             findings seen: FindingObserver? = nil) throws -> ValidationReport {
        let base = URL(fileURLWithPath: input).deletingPathExtension().lastPathComponent
        let json = "\(folder)/\(base)-findings.json"
        let annotated = "\(folder)/\(base)-校验报告.xlsx"
        let cleaned = "\(folder)/\(base)-规范化.xlsx"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)

        // The findings stream to a temporary file (read back for 校验结果) and, as JSON, to another
        // (the JSON is assembled once the counts are known); both and the cleaned list are written
        // on a second thread while the rows are read.
        let findingsPart = "\(folder)/.\(base)-findings.sheetflow-tmp"
        let jsonFindingsPart = "\(folder)/.\(base)-findings-json.sheetflow-tmp"
        defer {
            try? FileManager.default.removeItem(atPath: findingsPart)
            try? FileManager.default.removeItem(atPath: jsonFindingsPart)
        }
        let validator = Validator(path: input, options: options)
        let streams = try ValidationStreams(cleanedList: cleaned, findingsFile: findingsPart, jsonFindingsFile: jsonFindingsPart,
                                            layout: { validator.layout! })
        var annotations = Annotations()
        var records = 0
        let summary = try validator.run(finding: { finding, style in
            try streams.add(finding)
            annotations.add(finding, style: style)
            try seen?(finding)
        }, record: { sheet, row, values, extras in
            records += 1
            if records % 10_000 == 0 { options.progress?(records) }
            try observe?(validator, sheet, row, values, extras)
            try streams.add(row: row, values: values, extras: extras)
        })
        try rowsRead?()
        let cleanedPath: String? = try streams.finish(hasLayout: summary.layout != nil) ? cleaned : nil

        try writeJSON(summary: summary, findings: jsonFindingsPart, to: json)
        try annotate(input: input, summary: summary, annotations: annotations, findingsPart: findingsPart, to: annotated)
        return ValidationReport(summary: summary, annotatedCopy: annotated, cleanedList: cleanedPath, findingsJSON: json)
    }

    /// The annotated copy: coloured, commented cells and a first sheet 校验结果.
    private static func annotate(input: String, summary: ValidationSummary, annotations: Annotations, findingsPart: String, to path: String) throws {
        // A list sent as .xls is annotated on an .xlsx copy of its values, merges and formats.
        var editable = input
        let original = try WorkbookReader(path: input)
        if original.format != .xlsx {
            editable = path + ".copy.xlsx"
            try WorkbookCopy.write(original, to: editable)
        }
        defer { if editable != input { try? FileManager.default.removeItem(atPath: editable) } }
        let editor = try WorkbookEditor(path: editable)
        for (name, marks) in annotations.marks.sorted(by: { $0.key < $1.key }) {
            guard let sheet = editor.reader.sheets.first(where: { $0.name == name }) else { continue }
            let edits = editor.edits(for: sheet)
            for (cell, mark) in marks.sorted(by: { $0.key < $1.key }) { // comments in cell order, the same every run
                edits.setStyle(try editor.derivedStyle(from: mark.style, fill: mark.severity == .error ? "FFFFC7CE" : "FFFFEB9C"), at: cell)
                edits.addComment(CellComment(cell: cell, text: mark.messages.joined(separator: "\n")))
            }
        }
        let name = ExcelLimits.sheetName(from: "校验结果", existing: editor.reader.sheets.map(\.name))   // an input may be a report itself
        let findings = try FindingsIndex(path: findingsPart, sheets: summary.layout?.parts.map(\.sheet.name) ?? [])
        let form = try ValidationSummarySheet(editor: editor, summary: summary, annotations: annotations, findings: findings,
                                              people: try peopleNamed(in: input, summary: summary, rows: findings.rowsWithoutName))
        try editor.insertFirstSheet(form.sheet(named: name))
        try editor.save(to: path)
    }

    /// Names and ID cells of the rows whose findings were made after the rows were read (the
    /// duplicate checks), read back from the input: sheet → row → (姓名, what the ID cell holds).
    public static func peopleNamed(in input: String, summary: ValidationSummary,
                                    rows wanted: [String: Set<Int>]) throws -> [String: [Int: (name: String?, id: String?)]] {
        guard let layout = summary.layout, !wanted.isEmpty else { return [:] }
        var people: [String: [Int: (name: String?, id: String?)]] = [:]
        let reader = try WorkbookReader(path: input)
        for part in layout.parts {
            guard let rows = wanted[part.sheet.name] else { continue }
            try reader.forEachRow(in: part.sheet, only: rows) { row in
                guard rows.contains(row.index) else { return }
                func text(_ field: Field) -> String? {
                    guard let column = layout.columns[field] else { return nil }
                    let value = row.value(atColumn: column)
                    return value == .empty ? nil : TextCleaning.trimmed(value.text)
                }
                people[part.sheet.name, default: [:]][row.index] = (text(.name), text(.id))
            }
        }
        return people
    }

    /// `回执：低保名单.xls（…），名单，11 条记录，数据截至 2026-10-31；错误 10 处、…` — the receipt's
    /// sentence about a validated file, named `name` (default: the file's own name).
    public static func receipt(_ summary: ValidationSummary, name: String? = nil) -> String {
        var summary = summary
        if let name { summary.file = name }
        let unsure = summary.kindConfidence == .low ? "（看不出是哪一类文件，登记时不会计入；请注明类别，见 sheetflow ingest --help）" : ""
        return "回执：\(URL(fileURLWithPath: summary.file).lastPathComponent)\(formatNote(summary))，\(summary.kind.rawValue)\(unsure)，"
            + "\(summary.records) 条记录，数据截至 \(summary.asOf.iso8601)；\(verdict(summary))"
    }

    /// What the receipt says about the file's format: nothing for an .xlsx named so; for another
    /// format, which it was (and that its name said otherwise) and that the report is an .xlsx.
    public static func formatNote(_ summary: ValidationSummary) -> String {
        let named = URL(fileURLWithPath: summary.file).pathExtension.lowercased()
        let sameName = summary.format.usualExtensions.contains(named)
        if summary.format == .xlsx && sameName { return "" }
        let what = sameName ? "文件是 \(summary.format.displayName)" : "文件名是 .\(named)，内容实为 \(summary.format.displayName)"
        return summary.format == .xlsx ? "（\(what)）" : "（\(what)，已照常读取；校验报告为 .xlsx，原文件未改动）"
    }

    /// `请修改标红的 3 处错误后重新报送；标黄的 5 处警告请核实。` — what the sender should do, in one sentence.
    public static func instruction(_ summary: ValidationSummary) -> String {
        let errors = summary.severities[.error, default: 0], warnings = summary.severities[.warning, default: 0]
        switch (errors, warnings) {
        case (0, 0): return "没有发现问题，可以报送。"
        case (0, _): return "没有错误，可以报送；标黄的 \(warnings) 处警告请核实，并在源文件中改正。"
        case (_, 0): return "请修改标红的 \(errors) 处错误后重新报送。"
        default: return "请修改标红的 \(errors) 处错误后重新报送；标黄的 \(warnings) 处警告请一并核实。"
        }
    }

    /// `错误 3 处、警告 5 处、提示 2 条，请修改错误后再报送。`
    public static func verdict(_ summary: ValidationSummary) -> String {
        let counts = "错误 \(summary.severities[.error, default: 0]) 处、警告 \(summary.severities[.warning, default: 0]) 处、提示 \(summary.severities[.info, default: 0]) 条"
        return summary.errors > 0 ? "\(counts)，请修改错误后再报送。" : "\(counts)，没有错误，可以报送。"
    }

    /// Reads the streamed findings back line by line: each line's length in bytes (with its line
    /// break) and the finding it holds (nil for a line that is not one).
    static func forEachFindingLine(in path: String, _ body: (Int, Finding?) throws -> Void) throws {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var filled = 0
        while true {
            if filled == buffer.count { buffer += [UInt8](repeating: 0, count: buffer.count) } // a line longer than the buffer
            let read = buffer.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress! + filled, $0.count - filled) }
            let end = filled + max(read, 0)
            // Every complete line in the buffer; the rest moves to the front.
            var start = 0
            try buffer.withUnsafeBufferPointer { bytes in
                var index = 0
                while index < end {
                    if bytes[index] == 0x0A || (read <= 0 && index == end - 1) {
                        let stop = bytes[index] == 0x0A ? index : index + 1
                        let line = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<stop]), as: UTF8.self)
                        try body(index + 1 - start, Finding(line: Substring(line)))
                        start = index + 1
                    }
                    index += 1
                }
            }
            if read <= 0 { return }
            buffer.withUnsafeMutableBytes { raw in
                if start > 0 { memmove(raw.baseAddress!, raw.baseAddress! + start, end - start) }
            }
            filled = end - start
        }
    }

    /// The JSON: the file's facts, then the findings array written while validating.
    private static func writeJSON(summary: ValidationSummary, findings: String, to path: String) throws {
        let head: [String: Any] = ["file": URL(fileURLWithPath: summary.file).lastPathComponent, "kind": summary.kind.rawValue,
                                   "as_of": summary.asOf.iso8601, "as_of_source": summary.asOfSource, "records": summary.records]
        var text = String(decoding: try JSONSerialization.data(withJSONObject: head, options: [.sortedKeys, .withoutEscapingSlashes]), as: UTF8.self)
        text.removeLast() // "}"
        let temporary = path + ".sheetflow-tmp"
        let out = try BufferedFile(path: temporary)
        try out.write(text + ",\"findings\":[")
        guard let body = FileHandle(forReadingAtPath: findings) else { throw XLSXError(.unreadableFile, "无法写出 JSON", file: path) }
        defer { try? body.close() }
        while let chunk = try body.read(upToCount: 1 << 20), !chunk.isEmpty { try out.write(chunk) }
        try out.write("\n]}\n")
        try out.close()
        guard rename(temporary, path) == 0 else { throw XLSXError(.unreadableFile, "无法写出 JSON", file: path) }
    }
}

/// Which cells of the input get a colour and a comment, gathered while the findings stream by
/// (capped at `ValidationReport.annotationLimit` cells).
struct Annotations {
    struct Mark {
        var severity: Severity
        var style: Int
        var messages: [String]
    }

    private(set) var marks: [String: [CellReference: Mark]] = [:]
    private(set) var count = 0
    private(set) var omitted = 0

    mutating func add(_ finding: Finding, style: Int?) {
        guard finding.severity != .info, let sheet = finding.sheet, let cell = finding.cell.flatMap(CellReference.init) else { return }
        let text = "[\(finding.rule)] \(finding.message)"
        if var mark = marks[sheet]?[cell] {
            mark.severity = min(mark.severity, finding.severity)
            mark.messages.append(text)
            marks[sheet]![cell] = mark
        } else if count < ValidationReport.annotationLimit {
            marks[sheet, default: [:]][cell] = Mark(severity: finding.severity, style: style ?? 0, messages: [text])
            count += 1
        } else {
            omitted += 1
        }
    }
}
