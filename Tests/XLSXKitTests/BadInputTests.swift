import Foundation
import TestSupport
import Testing
@testable import XLSXKit

/// Files a clerk may drop that are not readable workbooks: each gets its typed error and a
/// Chinese message, never a crash, a hang or a guess.
@Suite("Bad input")
struct BadInputTests {
    @Test("not a zip: text under an .xlsx name is said to be text")
    func notAZip() {
        let error = Fixture.readError("bad-not-a-zip.xlsx")
        #expect(error?.code == .otherFormat && error?.format == .text)
        #expect(error?.file?.hasSuffix("bad-not-a-zip.xlsx") == true)
        #expect(error?.message.contains("另存为") == true)
    }

    @Test("a password-protected workbook (encrypted with msoffcrypto-tool)")
    func encrypted() {
        let error = Fixture.readError("bad-encrypted.xlsx")
        #expect(error?.code == .encrypted)
        #expect(error?.message.contains("密码") == true)
    }

    @Test("missing [Content_Types].xml, workbook, or sheet part")
    func missingParts() {
        let contentTypes = Fixture.readError("bad-no-content-types.xlsx")
        #expect(contentTypes?.code == .missingPart)
        #expect(contentTypes?.part == "[Content_Types].xml")
        #expect(Fixture.readError("bad-no-workbook.xlsx")?.code == .missingPart)
        let sheet = Fixture.readError("bad-missing-sheet.xlsx")
        #expect(sheet?.code == .missingPart)
        #expect(sheet?.sheet == "数据")
        #expect(sheet?.part == "xl/worksheets/sheet1.xml")
    }

    @Test("a Word document renamed to .xlsx")
    func wordDocument() {
        #expect(Fixture.readError("bad-word-document.xlsx")?.code == .notASpreadsheet)
    }

    @Test("DOCTYPE with an external entity: refused, nothing read from disk",
          arguments: ["bad-xxe.xlsx", "bad-billion-laughs.xlsx"])
    func entities(name: String) {
        let error = Fixture.readError(name)
        #expect(error?.code == .forbiddenDTD)
        #expect(error?.part == "xl/worksheets/sheet1.xml")
        #expect(error?.line == 2)
        #expect(error?.message.contains("root:") == false)
    }

    @Test("invalid UTF-8 in the shared strings")
    func invalidUTF8() {
        let error = Fixture.readError("bad-invalid-utf8.xlsx")
        #expect(error?.code == .malformedXML)
        #expect(error?.part == "xl/sharedStrings.xml")
        #expect(error?.line != nil)
    }

    @Test("nesting 2,000 elements deep")
    func deepNesting() {
        let error = Fixture.readError("bad-deep-nesting.xlsx")
        #expect(error?.code == .malformedXML)
        #expect(error?.detail.contains("nested") == true)
    }

    @Test("cell and row references beyond XFD1048576")
    func beyondGrid() {
        let cell = Fixture.readError("bad-cell-beyond-grid.xlsx")
        #expect(cell?.code == .invalidCellReference)
        #expect(cell?.cell == "XFE4")
        #expect(cell?.sheet == "数据")
        #expect(cell?.message.contains("XFD1048576") == true)
        #expect(Fixture.readError("bad-row-beyond-grid.xlsx")?.code == .invalidCellReference)
    }

    @Test("a file that does not exist")
    func missingFile() {
        #expect(throws: XLSXError.self) { try WorkbookReader(path: "/nonexistent/名单.xlsx") }
    }

    @Test("a sheet name that is not in the workbook")
    func unknownSheet() throws {
        let workbook = try WorkbookReader(path: Fixture.path("openpyxl-roster.xlsx"))
        #expect(throws: XLSXError.self) { try workbook.sheet(named: "不存在") }
        #expect(try workbook.sheet(named: " 花名册 ").name == "花名册")
        #expect(throws: XLSXError.self) { try workbook.sheet(at: 3) }
    }

    @Test("a package with two entries of one name is refused: exactly the same, differing in case, or in \\ for /",
          arguments: ["xl/worksheets/sheet1.xml", "xl/worksheets/Sheet1.xml", "xl\\worksheets\\sheet1.xml", "/xl/worksheets/sheet1.xml"])
    func duplicateEntries(second: String) throws {
        let folder = try ExternalTool.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/两个sheet1.xlsx"
        // openpyxl writes a good workbook; Python's zipfile appends a second sheet under the name.
        _ = try ExternalTool.python("""
            import sys, warnings, zipfile, openpyxl
            book = openpyxl.Workbook(); book.active.append(["姓名", "身份证号"]); book.active.append(["张三", "440203199001011231"]); book.save(sys.argv[1])
            warnings.simplefilter("ignore")
            with zipfile.ZipFile(sys.argv[1], "a") as archive:
                archive.writestr(sys.argv[2], '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>另一个</t></is></c></row></sheetData></worksheet>')
            print("{}")
            """, [path, second])
        let error = try #require(throws: XLSXError.self) { try WorkbookReader(path: path) }
        #expect(error.code == .ambiguousPackage)
        #expect(error.message.hasPrefix("两个sheet1.xlsx，部件 "), "\(error.message)")
        #expect(error.message.contains("两个同名的部件"))
    }
}
