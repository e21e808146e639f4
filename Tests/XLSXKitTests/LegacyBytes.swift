@testable import XLSXKit

/// Hand-built Excel 97–2003 files for the tests: a minimal compound file ([MS-CFB], 512-byte
/// sectors: FAT, directory, one stream) around a minimal BIFF8 or BIFF5 workbook stream, and
/// the hostile variants of both.
enum LegacyBytes {
    static func u16(_ value: UInt16) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8)] }
    static func u32(_ value: UInt32) -> [UInt8] { u16(UInt16(value & 0xFFFF)) + u16(UInt16(value >> 16)) }
    static func utf16(_ text: String) -> [UInt8] { text.utf16.flatMap { u16($0) } }

    /// One BIFF record; `length` overrides the stated length (a record longer than its stream).
    static func record(_ type: UInt16, _ data: [UInt8], length: UInt16? = nil) -> [UInt8] {
        u16(type) + u16(length ?? UInt16(data.count)) + data
    }

    /// A BIFF8 workbook: one sheet 名单 with A1 = string 0 (甲) and B1 = string `index` of an SST
    /// holding 甲 and 乙 and claiming `claimedStrings`.
    static func biff8Workbook(claimedStrings: UInt32 = 2, index: UInt32 = 1, filePass: Bool = false,
                              recordTooLong: Bool = false, bofVersion: UInt16 = 0x0809) -> [UInt8] {
        let bof = u16(0x0600) + u16(0x0005) + [UInt8](repeating: 0, count: 12)
        var globals = record(bofVersion, bof)
        if filePass { globals += record(0x002F, u16(1) + [UInt8](repeating: 0, count: 52)) }
        globals += record(0x0042, u16(1200))
        let sheetName = utf16("名单")
        let boundSheetAt = globals.count
        globals += record(0x0085, u32(0) + [0, 0, 2, 1] + sheetName)
        globals += record(0x00FC, u32(2) + u32(claimedStrings) + u16(1) + [1] + utf16("甲") + u16(1) + [1] + utf16("乙"))
        if recordTooLong { globals += record(0x0092, [0, 0], length: 60_000) }
        globals += record(0x000A, [])
        let sheetAt = UInt32(globals.count)
        globals.replaceSubrange(boundSheetAt + 4..<boundSheetAt + 8, with: u32(sheetAt))
        var sheet = record(0x0809, u16(0x0600) + u16(0x0010) + [UInt8](repeating: 0, count: 12))
        sheet += record(0x00FD, u16(0) + u16(0) + u16(0) + u32(0))
        sheet += record(0x00FD, u16(0) + u16(1) + u16(0) + u32(index))
        sheet += record(0x000A, [])
        return globals + sheet
    }

    /// A BIFF5 (Excel 5/95) workbook in code page `codePage`: sheet 花名册 with A1 = 张三 (GBK
    /// bytes), B2 = 180.5 (NUMBER) and C2 = 42 (RK).
    static func biff5Workbook(codePage: UInt16) -> [UInt8] {
        let sheetName: [UInt8] = [0xBB, 0xA8, 0xC3, 0xFB, 0xB2, 0xE1]   // 花名册 in GBK
        let name: [UInt8] = [0xD5, 0xC5, 0xC8, 0xFD]                    // 张三 in GBK
        var globals = record(0x0809, u16(0x0500) + u16(0x0005) + [0, 0, 0, 0])
        globals += record(0x0042, u16(codePage))
        let boundSheetAt = globals.count
        globals += record(0x0085, u32(0) + [0, 0, UInt8(sheetName.count)] + sheetName)
        globals += record(0x000A, [])
        let sheetAt = UInt32(globals.count)
        globals.replaceSubrange(boundSheetAt + 4..<boundSheetAt + 8, with: u32(sheetAt))
        var sheet = record(0x0809, u16(0x0500) + u16(0x0010) + [0, 0, 0, 0])
        sheet += record(0x0204, u16(0) + u16(0) + u16(0) + u16(UInt16(name.count)) + name)
        sheet += record(0x0203, u16(1) + u16(1) + u16(0) + withUnsafeBytes(of: (180.5).bitPattern.littleEndian, Array.init))
        sheet += record(0x027E, u16(1) + u16(2) + u16(0) + u32(42 << 2 | 2))
        sheet += record(0x000A, [])
        return globals + sheet
    }

    /// Ways to break the container.
    struct Damage {
        /// The sector shift the header claims (nil: the true one).
        var sectorShift: UInt16?
        var directoryLoops = false
        var streamStart: UInt32 = 2
        var streamSize: UInt32?
        var difatLoops = false
        var rootIsStream = false
        var cutBytes = 0
    }

    /// A compound file holding `stream` as `Workbook` (padded to 4 KiB, so it sits in regular
    /// sectors), with 512-byte sectors (version 3) or 4096-byte ones (version 4).
    static func compoundFile(_ stream: [UInt8], sectorSize: Int = 512, damage: Damage = Damage()) -> [UInt8] {
        let free: UInt32 = 0xFFFF_FFFF, end: UInt32 = 0xFFFF_FFFE
        var data = stream
        if data.count < 4096 { data += [UInt8](repeating: 0, count: 4096 - data.count) }
        if data.count % sectorSize != 0 { data += [UInt8](repeating: 0, count: sectorSize - data.count % sectorSize) }
        let streamSectors = data.count / sectorSize
        var fat = [0xFFFF_FFFD, damage.directoryLoops ? 1 : end]
        for index in 0..<streamSectors { fat.append(index == streamSectors - 1 ? end : UInt32(3 + index)) }
        fat += [UInt32](repeating: free, count: sectorSize / 4 - fat.count)

        let shift = damage.sectorShift ?? (sectorSize == 4096 ? 12 : 9)
        var header = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 16)
        header += u16(0x3E) + u16(sectorSize == 4096 ? 4 : 3) + u16(0xFFFE) + u16(shift) + u16(6) + [UInt8](repeating: 0, count: 6)
        header += u32(0) + u32(damage.difatLoops ? 110 : 1) + u32(1) + u32(0) + u32(4096) + u32(end) + u32(0)
        let difatSector = UInt32(2 + streamSectors)
        header += u32(damage.difatLoops ? difatSector : end) + u32(damage.difatLoops ? 1 : 0)
        header += u32(0) + [UInt32](repeating: free, count: 108).flatMap(u32)
        header += [UInt8](repeating: 0, count: sectorSize - header.count)   // version 4: the header fills a 4096-byte sector

        func entry(_ name: String, type: UInt8, child: UInt32, start: UInt32, size: UInt32) -> [UInt8] {
            let encoded = utf16(name) + [0, 0]
            var bytes = encoded + [UInt8](repeating: 0, count: 64 - encoded.count)
            bytes += u16(UInt16(encoded.count)) + [type, 1] + u32(free) + u32(free) + u32(child)
            bytes += [UInt8](repeating: 0, count: 16 + 4 + 16) + u32(start) + u32(size) + u32(0)
            return bytes
        }
        var directory = entry("Root Entry", type: damage.rootIsStream ? 2 : 5, child: 1, start: end, size: 0)
        directory += entry("Workbook", type: 2, child: free, start: damage.streamStart, size: damage.streamSize ?? UInt32(data.count))
        directory += [UInt8](repeating: 0, count: sectorSize - directory.count)

        var file = header + fat.flatMap(u32) + directory + data
        if damage.difatLoops {
            file += [UInt32](repeating: free, count: 127).flatMap(u32) + u32(difatSector)   // a DIFAT sector pointing to itself
            file += [UInt8](repeating: 0, count: 512 * 112)
        }
        return Array(file.dropLast(damage.cutBytes))
    }

    /// The hostile shapes, each with the error it must be refused with.
    enum Hostile: String, CaseIterable, CustomStringConvertible {
        case directoryLoops, sectorPastEnd, sectorSize1024, streamLargerThanFile, truncated, difatLoops, noRootEntry
        case recordLongerThanStream, stringIndexBeyondTable, passwordToOpen, unknownCodePage, excel4

        var description: String { rawValue }

        var bytes: [UInt8] {
            switch self {
            case .directoryLoops: compoundFile(biff8Workbook(), damage: Damage(directoryLoops: true))
            case .sectorPastEnd: compoundFile(biff8Workbook(), damage: Damage(streamStart: 100_000))
            case .sectorSize1024: compoundFile(biff8Workbook(), damage: Damage(sectorShift: 10))
            case .streamLargerThanFile: compoundFile(biff8Workbook(), damage: Damage(streamSize: 0xFFFF_FF00))
            case .truncated: compoundFile(biff8Workbook(), damage: Damage(cutBytes: 1536))
            case .difatLoops: compoundFile(biff8Workbook(), damage: Damage(difatLoops: true))
            case .noRootEntry: compoundFile(biff8Workbook(), damage: Damage(rootIsStream: true))
            case .recordLongerThanStream: compoundFile(biff8Workbook(recordTooLong: true))
            case .stringIndexBeyondTable: compoundFile(biff8Workbook(index: 99))
            case .passwordToOpen: compoundFile(biff8Workbook(filePass: true))
            case .unknownCodePage: compoundFile(biff5Workbook(codePage: 12345))
            case .excel4: compoundFile(biff8Workbook(bofVersion: 0x0409))
            }
        }

        var expected: XLSXError.Code {
            switch self {
            case .truncated: .truncated
            case .passwordToOpen: .encrypted
            case .unknownCodePage: .unknownCodePage
            case .excel4: .legacyExcel
            default: .corruptArchive
            }
        }
    }
}
