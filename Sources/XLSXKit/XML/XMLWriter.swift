/// A small XML writer for SpreadsheetML parts: appends to a byte buffer and hands it to a sink
/// in chunks, so a part of any size is written in constant memory.
///
/// Text is escaped for XML; characters XML 1.0 cannot carry (control characters) become
/// SpreadsheetML's `_xHHHH_` escapes, and a literal `_xHHHH_` in the text is protected as `_x005F_xHHHH_`.
final class XMLWriter {
    /// The buffer lives behind a pointer: accesses through it carry none of the dynamic
    /// exclusivity checks a class's stored property gets, which matter at millions of appends.
    private let storage: UnsafeMutablePointer<ByteBuffer>
    private var buffer: ByteBuffer {
        _read { yield storage.pointee }
        _modify { yield &storage.pointee }
    }
    private let sink: ([UInt8]) throws -> Void
    private let chunkSize: Int

    /// A writer flushing to `sink` whenever `chunkSize` bytes have accumulated.
    init(chunkSize: Int = 1 << 16, sink: @escaping ([UInt8]) throws -> Void) {
        self.sink = sink
        self.chunkSize = chunkSize
        storage = .allocate(capacity: 1)
        storage.initialize(to: ByteBuffer(capacity: min(chunkSize, 1 << 16) + 4096))
    }

    deinit {
        storage.deinitialize(count: 1)
        storage.deallocate()
    }

    /// A writer that collects everything in memory (small parts).
    static func collecting() -> (XMLWriter, () -> [UInt8]) {
        final class Box { var bytes: [UInt8] = [] }
        let box = Box()
        let writer = XMLWriter(chunkSize: .max) { box.bytes += $0 }
        return (writer, { try? writer.flush(); return box.bytes })
    }

    /// The standard declaration.
    func declaration() {
        raw("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n")
    }

    /// Markup written as is.
    @inline(__always)
    func raw(_ text: StaticString) {
        buffer.append(contentsOf: UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Markup written as is (caller guarantees it needs no escaping).
    func raw(_ text: String) {
        var text = text
        text.withUTF8 { buffer.append(contentsOf: UnsafeRawBufferPointer($0)) }
    }

    /// Markup bytes written as is (copied from a well-formed part).
    func raw(bytes: UnsafeRawBufferPointer) {
        buffer.append(contentsOf: bytes)
    }

    /// Element text, escaped.
    func text(_ text: String) {
        escape(text, quotes: false)
    }

    /// Attribute value, escaped (including quotes).
    func attribute(_ text: String) {
        escape(text, quotes: true)
    }

    /// ` name="value"` with the value escaped.
    func attribute(_ name: StaticString, _ value: String) {
        raw(" ")
        raw(name)
        raw("=\"")
        escape(value, quotes: true)
        raw("\"")
    }

    /// ` name="value"` for an integer.
    func attribute(_ name: StaticString, _ value: Int) {
        raw(" ")
        raw(name)
        raw("=\"")
        integer(value)
        raw("\"")
    }

    /// A decimal integer.
    @inline(__always)
    func integer(_ value: Int) {
        if value < 0 {
            buffer.append(UInt8(ascii: "-"))
            integer(-value)
            return
        }
        if value < 10 {
            buffer.append(UInt8(48 + value))
            return
        }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var n = value
        withUnsafeMutableBytes(of: &digits) { bytes in
            while n > 0 {
                bytes[19 - count] = UInt8(48 + n % 10)
                n /= 10
                count += 1
            }
            buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[(20 - count)...]))
        }
    }

    /// A number as the shortest round-trip decimal (integers without a fraction).
    func number(_ value: Double) {
        if value == value.rounded(), abs(value) < 1e15 {
            integer(Int(value))
        } else {
            raw(value.description)
        }
    }

    /// A cell reference such as `AB12`.
    @inline(__always)
    func cellReference(row: Int, column: Int) {
        var letters: (UInt8, UInt8, UInt8) = (0, 0, 0)
        var count = 0
        var n = column
        withUnsafeMutableBytes(of: &letters) { bytes in
            while n > 0 && count < 3 {
                bytes[2 - count] = UInt8(65 + (n - 1) % 26)
                n = (n - 1) / 26
                count += 1
            }
            buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[(3 - count)...]))
        }
        integer(row)
    }

    /// Hands what is buffered to the sink if a chunk is full.
    @inline(__always)
    func flushIfNeeded() throws {
        if buffer.count >= chunkSize { try flush() }
    }

    /// Hands everything buffered to the sink.
    func flush() throws {
        guard buffer.count > 0 else { return }
        try sink(buffer.bytes)
        buffer.removeAll()
    }

    private func escape(_ text: String, quotes: Bool) {
        var text = text
        text.withUTF8 { bytes in
            var needsWork = false
            for byte in bytes where byte < 0x20 || byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">")
                || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "_") {
                needsWork = true
                break
            }
            guard needsWork else {
                buffer.append(contentsOf: UnsafeRawBufferPointer(bytes))
                return
            }
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                switch byte {
                case UInt8(ascii: "&"): raw("&amp;")
                case UInt8(ascii: "<"): raw("&lt;")
                case UInt8(ascii: ">"): raw("&gt;")
                case UInt8(ascii: "\"") where quotes: raw("&quot;")
                case 0x09, 0x0A, 0x0D:
                    if quotes {
                        raw("&#x")
                        buffer.append(byte == 0x09 ? UInt8(ascii: "9") : byte == 0x0A ? UInt8(ascii: "A") : UInt8(ascii: "D"))
                        raw(";")
                    } else {
                        buffer.append(byte)
                    }
                case 0..<0x20:
                    raw("_x00")
                    buffer.append(XMLWriter.hex[Int(byte >> 4)])
                    buffer.append(XMLWriter.hex[Int(byte & 0xF)])
                    raw("_")
                case UInt8(ascii: "_") where XMLWriter.isEscapeLike(bytes, at: index):
                    raw("_x005F_")
                default:
                    buffer.append(byte)
                }
                index += 1
            }
        }
    }

    private static let hex: [UInt8] = Array("0123456789ABCDEF".utf8)

    /// Whether `_xHHHH_` starts at `index` (and must be protected so readers do not decode it).
    private static func isEscapeLike(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        guard index + 6 < bytes.count, bytes[index + 1] == UInt8(ascii: "x"), bytes[index + 6] == UInt8(ascii: "_") else { return false }
        return (2...5).allSatisfy { offset in
            let byte = bytes[index + offset]
            return (48...57).contains(byte) || (65...70).contains(byte) || (97...102).contains(byte)
        }
    }
}

/// A growable byte buffer on unsafe memory: appends without Swift's exclusivity and uniqueness
/// checks, which dominate when a writer appends a few bytes millions of times.
struct ByteBuffer {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int
    private let owner: Owner

    /// Frees the memory when the last copy of the buffer goes away.
    private final class Owner {
        var pointer: UnsafeMutablePointer<UInt8>
        init(_ pointer: UnsafeMutablePointer<UInt8>) { self.pointer = pointer }
        deinit { pointer.deallocate() }
    }

    init(capacity: Int) {
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
        owner = Owner(base)
    }

    /// The contents as an array (copies).
    var bytes: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        if count == capacity { grow(count + 1) }
        base[count] = byte
        count += 1
    }

    @inline(__always)
    mutating func append(contentsOf bytes: UnsafeRawBufferPointer) {
        guard bytes.count > 0 else { return }
        if count + bytes.count > capacity { grow(count + bytes.count) }
        UnsafeMutableRawPointer(base + count).copyMemory(from: bytes.baseAddress!, byteCount: bytes.count)
        count += bytes.count
    }

    mutating func removeAll() { count = 0 }

    private mutating func grow(_ needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        grown.update(from: base, count: count)
        owner.pointer.deallocate()
        owner.pointer = grown
        base = grown
        capacity = newCapacity
    }
}
