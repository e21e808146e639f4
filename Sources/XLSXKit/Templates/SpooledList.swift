import Foundation

/// A template list written to a temporary file as its records are produced, and read back (as
/// often as a fill needs) when its template is filled: many lists can be gathered in one pass
/// over their source with memory that does not grow with the records. Values keep their kind
/// (text, number, date, boolean, error, empty). The file is removed by `remove()` or when the
/// list is released.
public final class SpooledList {
    public let fields: [String]
    /// Records appended so far.
    public private(set) var count = 0
    private let path: String
    private var buffer: [UInt8] = []
    private let handle: FileHandle

    /// A new, empty list whose file goes in `folder`.
    public init(fields: [String], folder: String) throws {
        self.fields = fields
        path = "\(folder)/.sheetflow-list-\(UUID().uuidString)"
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw XLSXError(.unreadableFile, "cannot create a temporary file", file: path)
        }
        self.handle = handle
        buffer.reserveCapacity(1 << 16)
    }

    deinit { remove() }

    /// Appends one record (values in `fields` order).
    public func append(_ record: [CellValue]) throws {
        count += 1
        put(UInt32(record.count))
        for value in record {
            switch value {
            case .empty: buffer.append(0)
            case .string(let text): buffer.append(1); put(text)
            case .number(let number): buffer.append(2); put(number.bitPattern)
            case .date(let date):
                buffer.append(3)
                for part in [date.year, date.month, date.day, date.hour, date.minute, date.second, date.millisecond] { put(UInt32(truncatingIfNeeded: part)) }
                buffer.append(date.hasDate ? 1 : 0)
            case .boolean(let flag): buffer.append(4); buffer.append(flag ? 1 : 0)
            case .error(let text): buffer.append(5); put(text)
            case .duration(let days): buffer.append(6); put(days.bitPattern)
            }
        }
        if buffer.count >= 1 << 16 { try flush() }
    }

    /// The list to fill a template with: the records appended so far (take it once they all are).
    public var list: TemplateList {
        let path = path, count = count
        return TemplateList(fields: fields, count: count) { [self] body in
            try flush()
            guard let reader = FileHandle(forReadingAtPath: path) else { throw XLSXError(.unreadableFile, "temporary list is gone", file: path) }
            defer { try? reader.close() }
            var decoder = Decoder(reader)
            for _ in 0..<count { try body(try decoder.record()) }
        }
    }

    /// Removes the temporary file.
    public func remove() {
        try? handle.close()
        unlink(path)
    }

    private func flush() throws {
        guard !buffer.isEmpty else { return }
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    private func put<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { buffer.append(contentsOf: $0) }
    }

    private func put(_ text: String) {
        put(UInt32(text.utf8.count))
        buffer.append(contentsOf: text.utf8)
    }

    /// Reads records back in chunks.
    private struct Decoder {
        let handle: FileHandle
        var bytes: [UInt8] = []
        var position = 0

        init(_ handle: FileHandle) { self.handle = handle }

        mutating func need(_ count: Int) throws {
            guard bytes.count - position < count else { return }
            bytes.removeFirst(position)
            position = 0
            while bytes.count < count {
                guard let chunk = try handle.read(upToCount: max(1 << 16, count)), !chunk.isEmpty else {
                    throw XLSXError(.unreadableFile, "temporary list ends early")
                }
                bytes.append(contentsOf: chunk)
            }
        }

        mutating func integer<T: FixedWidthInteger>(_: T.Type) throws -> T {
            try need(MemoryLayout<T>.size)
            var value: T = 0
            withUnsafeMutableBytes(of: &value) { $0.copyBytes(from: bytes[position..<(position + MemoryLayout<T>.size)]) }
            position += MemoryLayout<T>.size
            return T(littleEndian: value)
        }

        mutating func byte() throws -> UInt8 {
            try need(1)
            position += 1
            return bytes[position - 1]
        }

        mutating func text() throws -> String {
            let length = Int(try integer(UInt32.self))
            try need(length)
            defer { position += length }
            return String(decoding: bytes[position..<(position + length)], as: UTF8.self)
        }

        mutating func record() throws -> [CellValue] {
            let count = Int(try integer(UInt32.self))
            var values: [CellValue] = []
            values.reserveCapacity(count)
            for _ in 0..<count {
                switch try byte() {
                case 1: values.append(.string(try text()))
                case 2: values.append(.number(Double(bitPattern: try integer(UInt64.self))))
                case 3:
                    var parts: [Int] = []
                    for _ in 0..<7 { parts.append(Int(Int32(bitPattern: try integer(UInt32.self)))) }
                    var date = ExcelDateTime(year: parts[0], month: parts[1], day: parts[2], hour: parts[3], minute: parts[4], second: parts[5])
                    date.millisecond = parts[6]
                    date.hasDate = try byte() == 1
                    values.append(.date(date))
                case 4: values.append(.boolean(try byte() == 1))
                case 5: values.append(.error(try text()))
                case 6: values.append(.duration(Double(bitPattern: try integer(UInt64.self))))
                default: values.append(.empty)
                }
            }
            return values
        }
    }
}
