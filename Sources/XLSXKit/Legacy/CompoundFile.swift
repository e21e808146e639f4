/// An OLE2 compound file ([MS-CFB]) opened for reading: the container of Excel 97–2003 `.xls`
/// (a `Workbook` or `Book` stream) and of password-protected `.xlsx` (`EncryptionInfo` and
/// `EncryptedPackage` streams).
///
/// Opening reads the header, the FAT (through the DIFAT), the mini FAT and the directory, each
/// bounded by the file's size: a chain that loops or points past the file, a sector size other
/// than 512 or 4096, or a stream larger than the file is refused as corrupt, never followed.
/// Stream data is read on demand through `CompoundStream`. The file is never modified.
final class CompoundFile {
    /// The eight bytes every compound file starts with.
    static let signature: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]

    /// One directory entry (storage or stream).
    struct Entry {
        enum Kind: UInt8 { case storage = 1, stream = 2, root = 5 }
        var name: String
        var kind: Kind
        var startSector: UInt32
        var size: UInt64
    }

    /// What a compound file holds, as far as the reader needs to know.
    enum Content { case encryptedWorkbook, legacyWorkbook(Entry), otherDocument }

    static let endOfChain: UInt32 = 0xFFFF_FFFE
    static let freeSector: UInt32 = 0xFFFF_FFFF
    /// Sector numbers from here up are markers (FAT, DIFAT, end of chain, free), not sectors.
    static let maxRegularSector: UInt32 = 0xFFFF_FFFA

    let file: FileHandleReader
    let sectorSize: Int
    let miniSectorSize: Int
    let miniStreamCutoff: UInt64
    /// Every directory entry, in directory order (entry 0 is the root).
    let entries: [Entry]
    private let fat: [UInt32]
    private let miniFat: [UInt32]
    /// Sectors in the file after the header (the last one possibly cut short).
    private let sectorCount: Int

    /// Reads the container's tables. Throws `corruptArchive` (or `truncated`) with the reason.
    init(_ file: FileHandleReader) throws {
        self.file = file
        let header = try file.read(at: 0, count: 512)
        func corrupt(_ detail: String) -> XLSXError { XLSXError(.corruptArchive, "compound file: \(detail)", file: file.path) }
        guard header.starts(with: CompoundFile.signature) else { throw corrupt("no signature") }
        let sectorShift = Int(header.u16(0x1E)), miniShift = Int(header.u16(0x20))
        guard sectorShift == 9 || sectorShift == 12 else { throw corrupt("sector size 2^\(sectorShift), not 512 or 4096") }
        guard miniShift == 6 else { throw corrupt("mini sector size 2^\(miniShift), not 64") }
        sectorSize = 1 << sectorShift
        miniSectorSize = 1 << miniShift
        miniStreamCutoff = UInt64(header.u32(0x38))
        let majorVersion = header.u16(0x1A)
        sectorCount = Int((file.size + UInt64(sectorSize) - 1) / UInt64(sectorSize)) - 1
        guard sectorCount > 0 else { throw XLSXError(.truncated, "compound file of \(file.size) bytes has no sectors", file: file.path) }

        // The FAT's sectors: 109 in the header, the rest in a chain of DIFAT sectors.
        let fatSectorCount = Int(header.u32(0x2C))
        guard fatSectorCount <= sectorCount else { throw corrupt("\(fatSectorCount) FAT sectors in a file of \(sectorCount)") }
        var fatSectors = (0..<109).map { header.u32(0x4C + $0 * 4) }.filter { $0 < CompoundFile.maxRegularSector }
        var difat = header.u32(0x44)
        var difatRead = 0
        let perSector = sectorSize / 4
        while difat < CompoundFile.maxRegularSector, fatSectors.count < fatSectorCount {
            guard Int(difat) < sectorCount else {
                throw XLSXError(.truncated, "compound file: DIFAT sector \(difat) past the end of the file", file: file.path)
            }
            difatRead += 1
            guard difatRead <= sectorCount else { throw corrupt("the DIFAT chain loops") }
            let sector = try CompoundFile.readSector(difat, of: file, size: sectorSize)
            fatSectors += (0..<perSector - 1).map { sector.u32($0 * 4) }.filter { $0 < CompoundFile.maxRegularSector }
            difat = sector.u32((perSector - 1) * 4)
        }
        fatSectors = Array(fatSectors.prefix(fatSectorCount))
        var fat: [UInt32] = []
        fat.reserveCapacity(fatSectors.count * perSector)
        for sector in fatSectors {
            guard Int(sector) < sectorCount else {
                throw XLSXError(.truncated, "compound file: FAT sector \(sector) past the end of the file", file: file.path)
            }
            let bytes = try CompoundFile.readSector(sector, of: file, size: sectorSize)
            for index in 0..<perSector { fat.append(bytes.u32(index * 4)) }
        }
        self.fat = fat

        // The directory: a chain of sectors of 128-byte entries.
        var entries: [Entry] = []
        for sector in try CompoundFile.chain(from: header.u32(0x30), in: fat, sectorCount: sectorCount, file: file.path) {
            let bytes = try CompoundFile.readSector(sector, of: file, size: sectorSize)
            for offset in stride(from: 0, to: sectorSize, by: 128) {
                guard let kind = Entry.Kind(rawValue: bytes[offset + 0x42]) else { continue }
                let length = min(Int(bytes.u16(offset + 0x40)), 64)
                let units = length >= 2 ? (0..<(length / 2 - 1)).map { bytes.u16(offset + $0 * 2) } : []
                var size = bytes.u64(offset + 0x78)
                if majorVersion == 3 { size &= 0xFFFF_FFFF }
                entries.append(Entry(name: String(decoding: units, as: UTF16.self), kind: kind,
                                     startSector: bytes.u32(offset + 0x74), size: size))
            }
        }
        guard let root = entries.first, root.kind == .root else { throw corrupt("the directory has no root entry") }
        self.entries = entries

        // The mini FAT, for streams under the cutoff (they live in the root's mini stream).
        var miniFat: [UInt32] = []
        if root.size > 0 {
            for sector in try CompoundFile.chain(from: header.u32(0x3C), in: fat, sectorCount: sectorCount, file: file.path) {
                let bytes = try CompoundFile.readSector(sector, of: file, size: sectorSize)
                for index in 0..<perSector { miniFat.append(bytes.u32(index * 4)) }
            }
        }
        self.miniFat = miniFat
    }

    /// Classifies the file by its stream names: what the reader should do with it.
    func content() -> Content {
        let streams = entries.filter { $0.kind == .stream }
        if streams.contains(where: { $0.name == "EncryptionInfo" || $0.name == "EncryptedPackage" }) { return .encryptedWorkbook }
        for name in ["workbook", "book"] {
            if let entry = streams.first(where: { $0.name.lowercased() == name }) { return .legacyWorkbook(entry) }
        }
        return .otherDocument
    }

    /// Opens a stream for reading. Throws `corruptArchive` when its size exceeds the file or its
    /// chain breaks off, loops or leaves the file.
    func open(_ entry: Entry) throws -> CompoundStream {
        guard entry.size <= file.size else {
            throw XLSXError(.corruptArchive, "compound file: stream \(entry.name) claims \(entry.size) bytes in a file of \(file.size)", file: file.path)
        }
        let size = Int(entry.size)
        if entry.size < miniStreamCutoff, entry.kind != .root {
            // Small stream: gather its mini sectors from the root's mini stream into memory (< 4 KiB).
            let root = try open(entries[0])
            var bytes: [UInt8] = []
            bytes.reserveCapacity(size)
            let needed = (size + miniSectorSize - 1) / miniSectorSize
            for sector in try CompoundFile.chain(from: entry.startSector, in: miniFat, sectorCount: Int(root.size) / miniSectorSize,
                                                 file: file.path, limit: needed) {
                root.seek(to: Int(sector) * miniSectorSize)
                bytes += try root.read(min(miniSectorSize, size - bytes.count))
            }
            guard bytes.count == size else {
                throw XLSXError(.corruptArchive, "compound file: stream \(entry.name) ends after \(bytes.count) of \(size) bytes", file: file.path)
            }
            return CompoundStream(bytes: bytes)
        }
        let needed = (size + sectorSize - 1) / sectorSize
        // The chain kept as runs of consecutive sectors: a few for a file written front to back.
        var runs = CompoundStream.Runs()
        try CompoundFile.walk(from: entry.startSector, in: fat, sectorCount: sectorCount, file: file.path, limit: needed) { runs.append($0) }
        guard runs.count >= needed else {
            throw XLSXError(.corruptArchive, "compound file: stream \(entry.name) ends after \(runs.count) of \(needed) sectors", file: file.path)
        }
        return CompoundStream(file: file, runs: runs, sectorSize: sectorSize, size: size)
    }

    /// The sectors of a chain, in order. With `limit`, stops after that many (a stream needs no
    /// more); without, the chain must end within the table, or it loops.
    static func chain(from start: UInt32, in table: [UInt32], sectorCount: Int, file: String, limit: Int? = nil) throws -> [UInt32] {
        var sectors: [UInt32] = []
        try walk(from: start, in: table, sectorCount: sectorCount, file: file, limit: limit) { sectors.append($0) }
        return sectors
    }

    /// Hands each sector of a chain to `body`, in order, with the same bounds as `chain`.
    private static func walk(from start: UInt32, in table: [UInt32], sectorCount: Int, file: String, limit: Int?,
                             _ body: (UInt32) -> Void) throws {
        var sector = start, walked = 0
        let cap = limit ?? min(table.count, sectorCount)
        while sector != endOfChain, walked < cap {
            guard sector < maxRegularSector, Int(sector) < table.count else {
                throw XLSXError(.corruptArchive, "compound file: chain points to sector \(sector) outside the table's \(table.count)", file: file)
            }
            guard Int(sector) < sectorCount else {
                // The table knows the sector but the file ends before it: a copy cut short.
                throw XLSXError(.truncated, "compound file: sector \(sector) is past the end of the file (\(sectorCount) sectors)", file: file)
            }
            body(sector)
            walked += 1
            sector = table[Int(sector)]
        }
        if limit == nil, sector != endOfChain {
            throw XLSXError(.corruptArchive, "compound file: a chain of sectors loops", file: file)
        }
    }

    /// Sector `sector`'s bytes (a last sector cut short by the file's end is filled with zeros).
    static func readSector(_ sector: UInt32, of file: FileHandleReader, size: Int) throws -> [UInt8] {
        let offset = (UInt64(sector) + 1) * UInt64(size)
        guard offset < file.size else {
            throw XLSXError(.truncated, "compound file: sector \(sector) starts past the end of the file", file: file.path)
        }
        var bytes = try file.read(at: offset, count: Int(min(UInt64(size), file.size - offset)))
        if bytes.count < size { bytes += [UInt8](repeating: 0, count: size - bytes.count) }
        return bytes
    }
}
