import Foundation
import TestSupport
import Testing
@testable import XLSXKit

/// The zip container: every layout real tools write, and every way a zip can be broken.
@Suite("Zip container")
struct ZipArchiveTests {
    @Test("data descriptors, ZIP64, stored entries, backslash names all read the same cells",
          arguments: ["zip-data-descriptor.xlsx", "zip-zip64.xlsx", "zip-stored.xlsx", "zip-backslash-names.xlsx"])
    func layouts(name: String) throws {
        let reference = try Fixture.rows("edge-cases.xlsx")
        #expect(try Fixture.rows(name) == reference)
    }

    @Test("data descriptor flag is set and sizes come from the central directory")
    func dataDescriptorFlag() throws {
        let archive = try ZipArchive(path: Fixture.path("zip-data-descriptor.xlsx"))
        let sheet = try #require(archive.entry(named: "xl/worksheets/sheet1.xml"))
        #expect(sheet.flags & 0x8 != 0)
        #expect(sheet.uncompressedSize > 0)
    }

    @Test("part lookup ignores case, backslashes and a leading slash; legacy names decode as CP437")
    func names() throws {
        let archive = try ZipArchive(path: Fixture.path("zip-backslash-names.xlsx"))
        #expect(archive.entry(named: "/xl/worksheets/sheet1.xml")?.name == "XL\\Worksheets\\Sheet1.xml")
        #expect(archive.entries.contains { $0.name == "docs/été.txt" })
        #expect(archive.entry(named: "xl/missing.xml") == nil)
    }

    @Test("CRC mismatch and wrong sizes are corrupt archives, naming the part")
    func corrupt() {
        for name in ["bad-crc.xlsx", "bad-wrong-size.xlsx"] {
            let error = Fixture.readError(name)
            #expect(error?.code == .corruptArchive, "\(name)")
            #expect(error?.part == "xl/worksheets/sheet1.xml", "\(name)")
            #expect(error?.message.contains("已损坏") == true, "\(name)")
        }
    }

    @Test("a truncated file says the copy did not finish")
    func truncated() {
        let error = Fixture.readError("bad-truncated.xlsx")
        #expect(error?.code == .truncated)
        #expect(error?.message.contains("不完整") == true)
    }

    @Test("a ratio limit refuses a zip bomb while inflating")
    func ratioLimit() {
        let limits = ZipLimits(maxCompressionRatio: 100, ratioGraceBytes: 1 << 20)
        let error = Fixture.readError("bad-zip-bomb.xlsx", limits: limits)
        #expect(error?.code == .limitExceeded)
        #expect(error?.message.contains("安全上限") == true)
    }

    @Test("a total-size limit refuses an archive that inflates too much")
    func totalLimit() {
        let limits = ZipLimits(maxTotalInflatedBytes: 4 << 20)
        #expect(Fixture.readError("bad-zip-bomb.xlsx", limits: limits)?.code == .limitExceeded)
        let perEntry = ZipLimits(maxEntryInflatedBytes: 1 << 20)
        #expect(Fixture.readError("bad-zip-bomb.xlsx", limits: perEntry)?.code == .limitExceeded)
    }

    @Test("the default limits refuse the bomb too")
    func defaultLimits() {
        let error = Fixture.readError("bad-zip-bomb.xlsx")
        #expect(error?.code == .limitExceeded || error?.code == .malformedXML)
    }

    @Test("streaming inflate delivers bounded chunks whose concatenation matches the whole entry")
    func chunkedStreaming() throws {
        let archive = try ZipArchive(path: Fixture.path("openpyxl-roster.xlsx"))
        let entry = try #require(archive.entry(named: "xl/worksheets/sheet1.xml"))
        var chunks: [[UInt8]] = []
        try archive.stream(entry, chunkSize: 64) { chunks.append(Array($0)) }
        #expect(chunks.count > 10)
        #expect(chunks.allSatisfy { $0.count <= 64 })
        #expect(chunks.flatMap { $0 } == (try archive.contents(of: entry)))
        #expect(chunks.flatMap { $0 }.count == Int(entry.uncompressedSize))
    }
}

/// The zip writer, checked by our reader and by Python's zipfile.
@Suite("Zip writer")
struct ZipWriterTests {
    @Test("more than 65,535 entries switch to ZIP64 end records that both readers accept")
    func zip64EntryCount() throws {
        let folder = try ExternalTool.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/many.zip"
        let zip = try ZipWriter(path: path)
        for index in 0..<66_000 {
            try zip.addEntry("e\(index).txt", bytes: Array("第\(index)项".utf8), compression: .stored)
        }
        try zip.close()
        let archive = try ZipArchive(path: path, limits: ZipLimits(maxEntries: 100_000))
        #expect(archive.entries.count == 66_000)
        let last = try #require(archive.entry(named: "e65999.txt"))
        #expect(String(decoding: try archive.contents(of: last), as: UTF8.self) == "第65999项")
        let check = try ExternalTool.run("python3", ["-c", """
        import sys, zipfile
        z = zipfile.ZipFile(sys.argv[1])
        print(len(z.infolist()), z.read("e65999.txt").decode(), z.testzip())
        """, path])
        #expect(check.stdout == "66000 第65999项 None\n")
    }

    @Test("deflated and stored entries round-trip with CRCs Python verifies")
    func roundTrip() throws {
        let folder = try ExternalTool.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/mixed.zip"
        let zip = try ZipWriter(path: path)
        let text = Array(String(repeating: "韶关市武江区低保对象名单，", count: 20_000).utf8)
        try zip.addEntry("deflated.txt", bytes: text, compression: .deflate(level: 6))
        try zip.addEntry("stored.txt", bytes: text, compression: .stored)
        try zip.addEntry("empty.txt", bytes: [], compression: .deflate(level: 1))
        try zip.close()
        let archive = try ZipArchive(path: path)
        #expect(try archive.contents(of: archive.entry(named: "deflated.txt")!) == text)
        #expect(try archive.contents(of: archive.entry(named: "stored.txt")!) == text)
        #expect(try archive.contents(of: archive.entry(named: "empty.txt")!).isEmpty)
        #expect(archive.entry(named: "deflated.txt")!.compressedSize < UInt64(text.count / 10))
        let check = try ExternalTool.run("python3", ["-c", "import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).testzip())", path])
        #expect(check.stdout == "None\n")
    }
}
