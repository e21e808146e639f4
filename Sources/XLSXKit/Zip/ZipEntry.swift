/// One file in a zip archive, as its central directory describes it.
public struct ZipEntry: Sendable, Equatable {
    /// Name as stored (UTF-8 when flagged or valid, otherwise decoded as code page 437).
    public let name: String
    /// Compression method: 0 stored, 8 deflate.
    public let method: UInt16
    /// General-purpose flags (bit 0 encrypted, bit 3 data descriptor, bit 11 UTF-8 name).
    public let flags: UInt16
    /// CRC-32 of the inflated data.
    public let crc32: UInt32
    /// Size of the stored (compressed) data.
    public let compressedSize: UInt64
    /// Size after inflating.
    public let uncompressedSize: UInt64
    /// Where the entry's local header starts.
    public let localHeaderOffset: UInt64

    /// Whether the entry is encrypted (zip traditional or strong encryption).
    public var isEncrypted: Bool { flags & 1 != 0 }
    /// Whether the entry names a directory.
    public var isDirectory: Bool { name.hasSuffix("/") }
}
