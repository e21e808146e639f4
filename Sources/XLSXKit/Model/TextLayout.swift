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
        // One pass, no array: this runs for every wrapping cell of every filled record.
        var lines = 0, lineWidth = 0
        func endLine() { lines += max(1, Int((Double(lineWidth) / usable).rounded(.up))); lineWidth = 0 }
        for byte in text.utf8 {
            if byte == 0x0A { endLine() } else { lineWidth += width(ofLeadByte: byte) }
        }
        endLine()
        return lines
    }

    /// The display width a UTF-8 byte adds: 1 for ASCII, 2 for the lead byte of a three- or
    /// four-byte sequence (CJK, full-width forms), 1 for a two-byte one, 0 for continuation bytes.
    private static func width(ofLeadByte byte: UInt8) -> Int {
        byte < 0x80 ? 1 : byte >= 0xE0 ? 2 : byte >= 0xC0 ? 1 : 0
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
            } else {
                lineWidth += width(ofLeadByte: byte)
            }
        }
        widths.append(lineWidth)
        return widths
    }
}
