/// How much room text takes in a cell, estimated the way column widths are counted: in Excel's
/// character units (the width of a digit in the workbook's default font), CJK and other wide
/// characters counting double. Used to fit column widths and the height of rows whose text wraps.
public enum TextLayout {
    /// Display width of the widest line in character units.
    public static func displayWidth(_ text: String) -> Int {
        lineWidths(text).max() ?? 0
    }

    /// Lines `text` takes in a wrapping cell `columnWidth` characters wide (at least 1). A little
    /// room is kept for the cell's padding, so the estimate errs towards one line more.
    public static func lines(_ text: String, columnWidth: Double) -> Int {
        let usable = max(1, columnWidth - 1.5)
        return max(1, lineWidths(text).reduce(0) { $0 + max(1, Int((Double($1) / usable).rounded(.up))) })
    }

    /// The height in points of a row showing `lines` lines of a `fontSize`-point font.
    public static func rowHeight(lines: Int, fontSize: Double) -> Double {
        (Double(max(1, lines)) * fontSize * 1.35 + 3).rounded(.up)
    }

    private static func lineWidths(_ text: String) -> [Int] {
        var widths: [Int] = []
        var lineWidth = 0
        for byte in text.utf8 {
            if byte == 0x0A {
                widths.append(lineWidth); lineWidth = 0
            } else if byte < 0x80 {
                lineWidth += 1
            } else if byte >= 0xE0 {
                lineWidth += 2 // three- and four-byte sequences: CJK, full-width forms
            } else if byte >= 0xC0 {
                lineWidth += 1
            }
        }
        widths.append(lineWidth)
        return widths
    }
}
