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
    public typealias RecordObserver = (Validator, _ row: Int, _ values: [Field: CellValue], _ extras: [CellValue]) throws -> Void

    /// Validates `input` and writes the three outputs into `folder`; each normalised record is
    /// also handed to `observe` (the register takes them in during the same pass).
    public static func write(input: String, options: ValidationOptions, folder: String,
                             observe: RecordObserver? = nil) throws -> ValidationReport {
        let base = URL(fileURLWithPath: input).deletingPathExtension().lastPathComponent
        let json = "\(folder)/\(base)-findings.json"
        let annotated = "\(folder)/\(base)-校验报告.xlsx"
        let cleaned = "\(folder)/\(base)-规范化.xlsx"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)

        // Findings stream to a temporary file; the JSON is assembled once the counts are known.
        let findingsPart = "\(folder)/.\(base)-findings.sheetflow-tmp"
        _ = FileManager.default.createFile(atPath: findingsPart, contents: nil)
        guard let findingsHandle = FileHandle(forWritingAtPath: findingsPart) else {
            throw XLSXError(.unreadableFile, "无法在输出文件夹中写文件", file: folder)
        }
        defer { try? FileManager.default.removeItem(atPath: findingsPart) }
        var annotations = Annotations()
        var buffer = Data()
        let writer = try WorkbookWriter(path: cleaned)
        let header = writer.style(.header), text = writer.style(.text), date = writer.style(.date)
        var sheet: SheetWriter?
        var fieldsInList: [Field] = []
        var styles: [StyleID] = []
        var extraHeaders: [String] = []

        let validator = Validator(path: input, options: options)
        var records = 0
        let summary = try validator.run(finding: { finding, style in
            buffer.append(contentsOf: finding.line.utf8)
            if buffer.count > 1 << 16 { findingsHandle.write(buffer); buffer.removeAll(keepingCapacity: true) }
            annotations.add(finding, style: style)
        }, record: { row, values, extras in
            records += 1
            if records % 10_000 == 0 { options.progress?(records) }
            try observe?(validator, row, values, extras)
            if sheet == nil {
                let layout = validator.layout!
                fieldsInList = Field.allCases.filter { layout.columns[$0] != nil }
                styles = fieldsInList.map { $0.isText ? text : .standard }
                extraHeaders = layout.otherColumns.sorted { $0.key < $1.key }.map(\.value)
                let widths = fieldsInList.enumerated().map { SheetSetup.Column($0.offset + 1, width: $0.element == .id ? 21 : nil) }
                sheet = try writer.addSheet("名单", setup: SheetSetup(columns: widths, fitColumns: true, freeze: CellReference("A2"),
                                                                     print: .init(repeatRows: 1...1)))
                try sheet!.writeRow((fieldsInList.map(\.rawValue) + extraHeaders).map { WriteCell(.string($0), style: header) })
            }
            var row = fieldsInList.indices.map { index -> WriteCell in
                let value = values[fieldsInList[index]] ?? .empty
                if case .date = value { return WriteCell(value, style: date) }
                return WriteCell(value, style: styles[index])
            }
            row += extras.map { WriteCell($0) }
            try sheet!.writeRow(row)
        })
        findingsHandle.write(buffer)
        try findingsHandle.close()
        var cleanedPath: String? = cleaned
        if sheet == nil { _ = try writer.addSheet("名单"); cleanedPath = summary.layout == nil ? nil : cleaned }
        try writer.close()
        if cleanedPath == nil { try? FileManager.default.removeItem(atPath: cleaned) }

        try writeJSON(summary: summary, findingsPart: findingsPart, to: json)
        try annotate(input: input, summary: summary, annotations: annotations, findingsPart: findingsPart, to: annotated)
        return ValidationReport(summary: summary, annotatedCopy: annotated, cleanedList: cleanedPath, findingsJSON: json)
    }

    /// The annotated copy: coloured, commented cells and a first sheet 校验结果.
    private static func annotate(input: String, summary: ValidationSummary, annotations: Annotations, findingsPart: String, to path: String) throws {
        let editor = try WorkbookEditor(path: input)
        for (name, marks) in annotations.marks {
            guard let sheet = editor.reader.sheets.first(where: { $0.name == name }) else { continue }
            let edits = editor.edits(for: sheet)
            for (cell, mark) in marks {
                edits.setStyle(try editor.derivedStyle(from: mark.style, fill: mark.severity == .error ? "FFFFC7CE" : "FFFFEB9C"), at: cell)
                edits.addComment(CellComment(cell: cell, text: mark.messages.joined(separator: "\n")))
            }
        }
        let header = try editor.derivedStyle(from: 0, fill: "FFD9D9D9")
        let error = try editor.derivedStyle(from: 0, fill: "FFFFC7CE")
        let warning = try editor.derivedStyle(from: 0, fill: "FFFFEB9C")
        let summaryRows = summaryLines(summary, annotations: annotations)
        let name = ExcelLimits.sheetName(from: "校验结果", existing: editor.reader.sheets.map(\.name))   // an input may be a report itself
        try editor.insertFirstSheet(NewSheet(name: name, columnWidths: [8, 16, 10, 8, 12, 8, 90]) { row in
            for line in summaryRows { try row(line.map { NewSheet.Cell(.string($0)) }) }
            try row([])
            try row(["规则代码", "严重程度", "数量", "说明"].map { NewSheet.Cell(.string($0), style: header) })
            for rule in Rule.all where summary.counts[rule.code, default: 0] > 0 {
                let style = rule.severity == .error ? error : rule.severity == .warning ? warning : 0
                try row([NewSheet.Cell(.string(rule.code)), NewSheet.Cell(.string(rule.severity.label), style: style),
                         NewSheet.Cell(.number(Double(summary.counts[rule.code]!))), NewSheet.Cell(.string(rule.title))])
            }
            try row([])
            try row(["序号", "工作表", "单元格", "行", "规则代码", "严重程度", "问题说明及修改方法"].map { NewSheet.Cell(.string($0), style: header) })
            var number = 0
            try forEachFinding(in: findingsPart) { finding in
                number += 1
                let style = finding.severity == .error ? error : finding.severity == .warning ? warning : 0
                try row([NewSheet.Cell(.number(Double(number))), NewSheet.Cell(finding.sheet.map(CellValue.string) ?? .empty),
                         NewSheet.Cell(finding.cell.map(CellValue.string) ?? .empty), NewSheet.Cell(finding.row.map { .number(Double($0)) } ?? .empty),
                         NewSheet.Cell(.string(finding.rule)), NewSheet.Cell(.string(finding.severity.label), style: style),
                         NewSheet.Cell(.string(finding.message))])
            }
        })
        try editor.save(to: path)
    }

    /// The head of 校验结果: the file, its kind, 数据截至, the record count and the verdict.
    static func summaryLines(_ summary: ValidationSummary, annotations: Annotations) -> [[String]] {
        var lines = [
            ["名单校验结果"],
            ["文件", URL(fileURLWithPath: summary.file).lastPathComponent],
            ["文件类型", "\(summary.kind.rawValue)（把握：\(summary.kindConfidence.rawValue)）"],
            ["数据截至", "\(summary.asOf.iso8601)（来自\(summary.asOfSource)）"],
            ["记录数", String(summary.records)],
            ["结论", verdict(summary)],
        ]
        if annotations.omitted > 0 {
            lines.append(["说明", "问题较多，名单中只标注了前 \(ValidationReport.annotationLimit) 个单元格，其余 \(annotations.omitted) 处见下方明细和 JSON 文件。"])
        }
        return lines
    }

    /// `有 3 处错误、5 处警告、2 条提示，需修改后再报送。`
    public static func verdict(_ summary: ValidationSummary) -> String {
        let counts = "错误 \(summary.severities[.error, default: 0]) 处、警告 \(summary.severities[.warning, default: 0]) 处、提示 \(summary.severities[.info, default: 0]) 条"
        return summary.errors > 0 ? "\(counts)，请修改错误后再报送。" : "\(counts)，没有错误，可以报送。"
    }

    /// Reads the streamed findings back, one at a time.
    static func forEachFinding(in path: String, _ body: (Finding) throws -> Void) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else { return }
        defer { try? handle.close() }
        var pending = Data()
        while case let chunk = handle.readData(ofLength: 1 << 16), !chunk.isEmpty {
            pending.append(chunk)
            guard let last = pending.lastIndex(of: 0x0A) else { continue }
            let complete = String(decoding: pending[pending.startIndex..<last], as: UTF8.self)
            pending = Data(pending[pending.index(after: last)...])
            var start = complete.utf8.startIndex
            for index in complete.utf8.indices where complete.utf8[index] == 0x0A {
                if let finding = Finding(line: complete[start..<index]) { try body(finding) }
                start = complete.utf8.index(after: index)
            }
            if let finding = Finding(line: complete[start...]) { try body(finding) }
        }
    }

    private static func writeJSON(summary: ValidationSummary, findingsPart: String, to path: String) throws {
        let head: [String: Any] = ["file": URL(fileURLWithPath: summary.file).lastPathComponent, "kind": summary.kind.rawValue,
                                   "as_of": summary.asOf.iso8601, "as_of_source": summary.asOfSource, "records": summary.records]
        var text = String(decoding: try JSONSerialization.data(withJSONObject: head, options: [.sortedKeys, .withoutEscapingSlashes]), as: UTF8.self)
        text.removeLast() // "}"
        let temporary = path + ".sheetflow-tmp"
        _ = FileManager.default.createFile(atPath: temporary, contents: Data((text + ",\"findings\":[").utf8))
        guard let out = FileHandle(forWritingAtPath: temporary) else {
            throw XLSXError(.unreadableFile, "无法写出 JSON", file: path)
        }
        out.seekToEndOfFile()
        var chunk = Data()
        var first = true
        try forEachFinding(in: findingsPart) { finding in
            chunk.append(contentsOf: ((first ? "\n" : ",\n") + finding.json).utf8)
            first = false
            if chunk.count > 1 << 16 { out.write(chunk); chunk.removeAll(keepingCapacity: true) }
        }
        out.write(chunk)
        out.write(Data("\n]}\n".utf8))
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
