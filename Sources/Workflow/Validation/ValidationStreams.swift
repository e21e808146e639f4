import Foundation
import XLSXKit

/// The outputs of a validation that are written while the rows are read — the cleaned list
/// (`规范化.xlsx`), the findings file the annotated copy reads back, and the JSON's findings — on
/// a second thread, so that reading and checking the rows (on the caller's thread) and writing
/// them out use both cores.
///
/// Records and findings are handed over in batches to a `BoundedWorker`; at most
/// `maxBatchesInFlight` wait, so memory stays bounded.
final class ValidationStreams: @unchecked Sendable {
    static let batchSize = 256
    static let maxBatchesInFlight = 8

    private enum Item {
        case record(row: Int, values: [Field: CellValue], extras: [CellValue])
        case finding(Finding)
    }

    /// Filled on the caller's thread, handed over when full.
    private var batch: [Item] = []
    private let worker = BoundedWorker(label: "sheetflow.validation-streams", limit: ValidationStreams.maxBatchesInFlight)

    // Used only on the worker's thread.
    private let cleaned: CleanedListWriter
    private let findingLines: BufferedFile
    private let jsonFindings: BufferedFile
    private var jsonCount = 0

    /// Writes the cleaned list to `cleanedList` (laid out by `layout()`, asked when the first
    /// record arrives), the findings file to `findingsFile` and the JSON's findings array body to
    /// `jsonFindingsFile`.
    init(cleanedList: String, findingsFile: String, jsonFindingsFile: String, layout: @escaping () -> RosterLayout) throws {
        cleaned = try CleanedListWriter(path: cleanedList, layout: layout)
        findingLines = try BufferedFile(path: findingsFile)
        jsonFindings = try BufferedFile(path: jsonFindingsFile)
        batch.reserveCapacity(Self.batchSize)
    }

    /// Queues a normalised record for the cleaned list.
    func add(row: Int, values: [Field: CellValue], extras: [CellValue]) throws {
        batch.append(.record(row: row, values: values, extras: extras))
        if batch.count >= Self.batchSize { try handOver() }
    }

    /// Queues a finding for the findings file and the JSON.
    func add(_ finding: Finding) throws {
        batch.append(.finding(finding))
        if batch.count >= Self.batchSize { try handOver() }
    }

    private func handOver() throws {
        let items = batch
        batch.removeAll(keepingCapacity: true)
        try worker.submit { [self] in
            for item in items {
                switch item {
                case .record(let row, let values, let extras): try cleaned.write(row: row, values: values, extras: extras)
                case .finding(let finding):
                    try findingLines.write(finding.line)
                    try jsonFindings.write((jsonCount == 0 ? "\n" : ",\n") + finding.json)
                    jsonCount += 1
                }
            }
        }
    }

    /// Writes what is queued and closes every file. Returns whether the cleaned list has records
    /// or a header (false: nothing was a list, and the file is removed).
    func finish(hasLayout: Bool) throws -> Bool {
        try handOver()
        return try worker.finish {
            try findingLines.close()
            try jsonFindings.close()
            return try cleaned.close(hasLayout: hasLayout)
        }
    }
}

/// `规范化.xlsx`: every record as the checks normalised it, one column per field found in the
/// input, then the input's other columns as they were.
private final class CleanedListWriter {
    let path: String
    private let writer: WorkbookWriter
    private let layout: () -> RosterLayout
    private let header, text, date: StyleID
    private var sheet: SheetWriter?
    private var fields: [Field] = []
    private var styles: [StyleID] = []

    init(path: String, layout: @escaping () -> RosterLayout) throws {
        self.path = path
        self.layout = layout
        writer = try WorkbookWriter(path: path, options: .init(sharedStringLimit: 20_000))
        header = writer.style(.header)
        text = writer.style(.text)
        date = writer.style(.date)
    }

    func write(row: Int, values: [Field: CellValue], extras: [CellValue]) throws {
        if sheet == nil {
            let layout = layout()
            fields = Field.allCases.filter { layout.columns[$0] != nil }
            styles = fields.map { $0.isText ? text : .standard }
            let extraHeaders = layout.otherColumns.sorted { $0.key < $1.key }.map(\.value)
            let widths = fields.enumerated().map { SheetSetup.Column($0.offset + 1, width: $0.element == .id ? 21 : nil) }
            sheet = try writer.addSheet("名单", setup: SheetSetup(columns: widths, fitColumns: true, freeze: CellReference("A2"),
                                                                 print: .init(repeatRows: 1...1)))
            try sheet!.writeRow((fields.map(\.rawValue) + extraHeaders).map { WriteCell(.string($0), style: header) })
        }
        var cells = fields.indices.map { index -> WriteCell in
            let value = values[fields[index]] ?? .empty
            if case .date = value { return WriteCell(value, style: date) }
            return WriteCell(value, style: styles[index])
        }
        cells += extras.map { WriteCell($0) }
        try sheet!.writeRow(cells)
    }

    /// Closes the workbook; without any record it has an empty 名单 sheet, and without a layout
    /// it is removed (returns false).
    func close(hasLayout: Bool) throws -> Bool {
        if sheet == nil { _ = try writer.addSheet("名单") }
        try writer.close()
        if sheet == nil && !hasLayout {
            try? FileManager.default.removeItem(atPath: path)
            return false
        }
        return true
    }
}

/// A text file written through a 64 KiB buffer.
final class BufferedFile {
    private let handle: FileHandle
    private var buffer = Data()

    init(path: String) throws {
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw XLSXError(.unreadableFile, "无法在输出文件夹中写文件", file: path)
        }
        self.handle = handle
        buffer.reserveCapacity(1 << 17)
    }

    func write(_ text: String) throws {
        buffer.append(contentsOf: text.utf8)
        if buffer.count > 1 << 16 { try flush() }
    }

    func write(_ bytes: Data) throws {
        try flush()
        try handle.write(contentsOf: bytes)
    }

    func flush() throws {
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    func close() throws {
        try flush()
        try handle.close()
    }
}
