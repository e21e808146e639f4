/// Bounds on what reading an archive may inflate, so a zip bomb is refused instead of filling memory or disk.
public struct ZipLimits: Sendable, Equatable {
    /// Most bytes inflated from all entries of one archive together (default 8 GiB).
    public var maxTotalInflatedBytes: UInt64
    /// Most bytes one entry may inflate to (default 4 GiB).
    public var maxEntryInflatedBytes: UInt64
    /// Highest inflated ÷ compressed ratio allowed for an entry once it exceeds `ratioGraceBytes`.
    public var maxCompressionRatio: UInt64
    /// Entries smaller than this are never judged by their ratio (tiny repetitive parts are normal).
    public var ratioGraceBytes: UInt64
    /// Most entries a central directory may list.
    public var maxEntries: Int

    /// Creates limits; the defaults suit real workbooks up to Excel's full grid.
    public init(maxTotalInflatedBytes: UInt64 = 8 << 30, maxEntryInflatedBytes: UInt64 = 4 << 30,
                maxCompressionRatio: UInt64 = 1_000, ratioGraceBytes: UInt64 = 1 << 20,
                maxEntries: Int = 65_536) {
        self.maxTotalInflatedBytes = maxTotalInflatedBytes
        self.maxEntryInflatedBytes = maxEntryInflatedBytes
        self.maxCompressionRatio = maxCompressionRatio
        self.ratioGraceBytes = ratioGraceBytes
        self.maxEntries = maxEntries
    }

    /// The defaults.
    public static let standard = ZipLimits()
}
