import Testing
@testable import XLSXKit

@Suite("Formula evaluator")
struct FormulaEvaluatorTests {
    /// A small grid: A1:A4 numbers, B1:B4 categories, C1 text.
    struct Grid: FormulaEvaluator.Context {
        var cells: [CellReference: CellValue] = [
            CellReference("A1")!: .number(180), CellReference("A2")!: .number(200.5), CellReference("A3")!: .number(100),
            CellReference("A4")!: .string("备注"), CellReference("B1")!: .string("低保对象"), CellReference("B2")!: .string("特困人员"),
            CellReference("B3")!: .string("低保对象"), CellReference("C1")!: .string("合计"), CellReference("D1")!: .number(65),
        ]
        func value(at cell: CellReference, sheet: String?) -> CellValue { cells[cell] ?? .empty }
        func forEachValue(in range: CellRange, sheet: String?, _ body: (CellValue) -> Void) {
            for (cell, value) in cells.sorted(by: { $0.key < $1.key }) where range.contains(cell) { body(value) }
        }
    }

    @Test("functions the templates use", arguments: [
        ("SUM(A1:A4)", CellValue.number(480.5)), ("COUNT(A1:A4)", .number(3)), ("COUNTA(A1:B4)", .number(7)),
        ("AVERAGE(A1:A3)", .number(480.5 / 3)), ("COUNTIF(B1:B4,\"低保对象\")", .number(2)),
        ("SUMIF(B1:B4,\"低保对象\",A1:A4)", .number(280)), ("COUNTIF(A1:A4,\">=150\")", .number(2)),
        ("ROUND(A2/3,2)", .number(66.83)), ("ROUND(2.5,0)", .number(3)), ("(A1+A3)*2-1", .number(559)),
        ("C1&\"：\"&SUM(A1:A3)", .string("合计：480.5")), ("IF(D1>=60,\"待遇领取\",\"缴费\")", .string("待遇领取")),
        ("A1/0", .error("#DIV/0!")), ("SUM(A:A)", .number(480.5)), ("MAX(A1:A3)-MIN(A1:A3)", .number(100.5)),
        ("-A1+10%", .number(-179.9)),
        // A rate guarded against a zero denominator: the error stays in the branch IF does not take.
        ("IF(E1=0,0,ROUND(A1/E1*100,2))", .number(0)), ("IF(A3=0,0,ROUND(A1/A3*100,2))", .number(180)),
        ("ROUND(A1/E1*100,2)", .error("#DIV/0!")), ("A1/E1+1", .error("#DIV/0!")), ("COUNT(A1/E1,A1)", .number(1)),
    ])
    func evaluates(formula: String, expected: CellValue) {
        #expect(FormulaEvaluator.evaluate(formula, in: Grid()) == expected, "\(formula)")
    }

    @Test("unsupported functions give no value rather than a guess")
    func unsupported() {
        #expect(FormulaEvaluator.evaluate("VLOOKUP(A1,B1:C4,2,FALSE)", in: Grid()) == nil)
        #expect(FormulaEvaluator.evaluate("SUM(A1:A3", in: Grid()) == nil)
    }
}
