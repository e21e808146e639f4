/// Whether a sheet shows in Excel's tab bar.
public enum SheetState: String, Sendable, Equatable {
    /// Shown.
    case visible
    /// Hidden; the user can unhide it from the menu.
    case hidden
    /// Hidden so that only a macro or a file edit can show it.
    case veryHidden
}

/// What kind of sheet a workbook entry is.
public enum SheetKind: String, Sendable, Equatable {
    /// A grid of cells.
    case worksheet
    /// A sheet holding only a chart.
    case chartsheet
    /// An Excel 5 dialog or macro sheet (no ordinary cells for us).
    case other
}

/// A sheet as the workbook lists it: name, position, state, and the part holding it.
public struct SheetInfo: Sendable, Equatable {
    /// The tab name, e.g. `花名册`.
    public var name: String
    /// 0-based position in the workbook's tab order.
    public var index: Int
    /// Visible, hidden or very hidden.
    public var state: SheetState
    /// Worksheet, chartsheet or other.
    public var kind: SheetKind
    /// The part holding the sheet (e.g. `xl/worksheets/sheet1.xml`), nil when the relationship is missing.
    public var part: String?
}

/// A workbook-level name such as `_xlnm.Print_Titles` or a user's named range.
public struct DefinedName: Sendable, Equatable {
    /// The name, e.g. `_xlnm.Print_Area`.
    public var name: String
    /// The formula text it stands for, e.g. `花名册!$A$1:$L$20`.
    public var formula: String
    /// The 0-based sheet it is local to, nil for a workbook-wide name.
    public var localSheetIndex: Int?
    /// Whether the name is hidden from the user.
    public var isHidden: Bool
}
