import Testing
@testable import XLSXKit

@Suite("Formula references")
struct FormulaReferenceTests {
    @Test("shared-formula translation moves relative parts only", arguments: [
        ("A2*2", 3, 0, "A5*2"),
        ("SUM($A$1:A1)", 4, 1, "SUM($A$1:B5)"),
        ("$B2+C$3", 2, 2, "$B4+E$3"),
        ("'花名册 (2)'!A1+Sheet2!$C1", 1, 1, "'花名册 (2)'!B2+Sheet2!$C2"),
        ("SUM(A:A)+SUM(1:2)", 1, 1, "SUM(B:B)+SUM(2:3)"),
        ("IF(A1=\"A1\",LOG10(A1),TRUE)", 1, 0, "IF(A2=\"A1\",LOG10(A2),TRUE)"),
        ("COUNTIF(G5:G9,\"低保对象\")", 0, 2, "COUNTIF(I5:I9,\"低保对象\")"),
        ("A1-1", -1, 0, "#REF!-1"),
        ("_xlfn.CONCAT(A1,B1)&名单区域", 1, 0, "_xlfn.CONCAT(A2,B2)&名单区域"),
        ("1E+10*A1+0.5", 0, 1, "1E+10*B1+0.5"),
    ])
    func offset(formula: String, rows: Int, columns: Int, expected: String) {
        #expect(FormulaReferences.offset(formula, rows: rows, columns: columns) == expected)
    }

    @Test("inserting rows moves what is at or below, anchored or not; ranges over the insertion grow")
    func insertingRows() {
        #expect(FormulaReferences.insertingRows("SUM(F5:F5)", before: 6, count: 999) == "SUM(F5:F5)")
        #expect(FormulaReferences.insertingRows("SUM(F5:F6)", before: 6, count: 999) == "SUM(F5:F1005)")
        #expect(FormulaReferences.insertingRows("F7*$F$8+F3", before: 6, count: 2) == "F9*$F$10+F3")
        #expect(FormulaReferences.insertingRows("Other!F7+F7", before: 6, count: 2) == "Other!F7+F9")
        #expect(FormulaReferences.insertingRows("'名单'!F7", before: 6, count: 2, onSheet: "名单") == "'名单'!F9")
    }
}

extension FormulaReferenceTests {
    @Test("a formula in a repeated row is copied with its record: its own row follows, ranges on it do not stretch, rows below move")
    func copyingRow() {
        #expect(FormulaReferences.copyingRow("IF(D6=0,0,ROUND(E6/D6*100,2))", row: 6, count: 10, index: 2) == "IF(D8=0,0,ROUND(E8/D8*100,2))")
        #expect(FormulaReferences.copyingRow("SUM(C6:E6)+$D$6+F10", row: 6, count: 10, index: 3) == "SUM(C9:E9)+$D$6+F19")
        #expect(FormulaReferences.copyingRow("SUM($E$6:E6)", row: 6, count: 10, index: 4) == "SUM($E$6:E10)")
        #expect(FormulaReferences.copyingRow("其他!D6+D6+A2", row: 6, count: 5, index: 1, onSheet: "表") == "其他!D6+D7+A2")
    }

    @Test("a repeated template row stretches ranges over it and moves what is below")
    func expandingRow() {
        #expect(FormulaReferences.expandingRow("SUM(F5:F5)", row: 5, count: 1000) == "SUM(F5:F1004)")
        #expect(FormulaReferences.expandingRow("SUM(F4:F6)+F7", row: 5, count: 3) == "SUM(F4:F8)+F9")
        #expect(FormulaReferences.expandingRow("F5*2+$A$1", row: 5, count: 3) == "F5*2+$A$1")
        #expect(FormulaReferences.expandingRow("COUNTIF(G5:G5,\"低保对象\")/F7", row: 5, count: 2) == "COUNTIF(G5:G6,\"低保对象\")/F8")
        #expect(FormulaReferences.expandingRow("SUM(F5:F5)", row: 5, count: 0) == nil, "an empty list leaves nothing to sum")
        #expect(FormulaReferences.expandingRow("F7-F4", row: 5, count: 0) == "F6-F4")
        #expect(FormulaReferences.expandingRow("SUM(A:A)", row: 5, count: 9) == "SUM(A:A)")
    }
}
