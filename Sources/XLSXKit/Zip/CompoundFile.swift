/// Recognises OLE compound files (Excel 97-2003 `.xls`, and password-protected `.xlsx`, which
/// Office wraps in a compound file holding `EncryptionInfo` and `EncryptedPackage` streams).
///
/// Only the directory is read: enough to tell the two apart and give the right advice.
enum CompoundFile {
    /// The eight bytes every compound file starts with.
    static let signature: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]

    /// What a compound file holds, as far as the clerk needs to know.
    enum Kind { case encryptedWorkbook, legacyWorkbook, otherDocument }

    /// Classifies the compound file by its directory's stream names.
    static func classify(_ file: FileHandleReader) -> Kind {
        let names = (try? streamNames(file)) ?? []
        if names.contains("EncryptionInfo") || names.contains("EncryptedPackage") { return .encryptedWorkbook }
        if names.contains("Workbook") || names.contains("Book") { return .legacyWorkbook }
        return names.isEmpty ? .legacyWorkbook : .otherDocument
    }

    /// Names of all directory entries; bounded against loops and absurd sizes.
    static func streamNames(_ file: FileHandleReader) throws -> Set<String> {
        let header = try file.read(at: 0, count: 512)
        let sectorShift = Int(header.u16(0x1E))
        guard sectorShift == 9 || sectorShift == 12 else { return [] }
        let sectorSize = 1 << sectorShift
        let sectorCount = Int(file.size / UInt64(sectorSize))
        func sectorOffset(_ sector: UInt32) -> UInt64 { UInt64(sector + 1) << UInt64(sectorShift) }

        // FAT sector numbers: 109 in the header, the rest in a chain of DIFAT sectors.
        var fatSectors: [UInt32] = (0..<109).map { header.u32(0x4C + $0 * 4) }.filter { $0 < 0xFFFF_FFFA }
        var difat = header.u32(0x44)
        var guardCount = 0
        while difat < 0xFFFF_FFFA, Int(difat) < sectorCount, guardCount < 10_000 {
            let sector = try file.read(at: sectorOffset(difat), count: sectorSize)
            let perSector = sectorSize / 4 - 1
            fatSectors += (0..<perSector).map { sector.u32($0 * 4) }.filter { $0 < 0xFFFF_FFFA }
            difat = sector.u32(perSector * 4)
            guardCount += 1
        }
        func next(_ sector: UInt32) throws -> UInt32 {
            let perSector = sectorSize / 4
            let index = Int(sector) / perSector
            guard index < fatSectors.count else { return 0xFFFF_FFFE }
            let bytes = try file.read(at: sectorOffset(fatSectors[index]) + UInt64((Int(sector) % perSector) * 4), count: 4)
            return bytes.u32(0)
        }

        var names = Set<String>()
        var sector = header.u32(0x30)
        var visited = Set<UInt32>()
        while sector < 0xFFFF_FFFA, Int(sector) < sectorCount, visited.insert(sector).inserted, visited.count < 10_000 {
            let bytes = try file.read(at: sectorOffset(sector), count: sectorSize)
            for entry in stride(from: 0, to: sectorSize, by: 128) {
                let length = min(Int(bytes.u16(entry + 0x40)), 64)
                guard length >= 2 else { continue }
                let units = (0..<(length / 2 - 1)).map { bytes.u16(entry + $0 * 2) }
                names.insert(String(decoding: units, as: UTF16.self))
            }
            sector = try next(sector)
        }
        return names
    }
}
