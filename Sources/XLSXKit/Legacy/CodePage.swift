/// The code page of an Excel 5/95 (BIFF5/7) workbook's text, from its `CODEPAGE` record, and
/// its decoding to Unicode through iconv. (BIFF8 text is Unicode and needs none.)
struct CodePage {
    /// The Windows code page number, e.g. 936 for simplified Chinese (GBK).
    let number: Int
    private let iconvName: String

    /// The code page `number`, or nil when sheetflow cannot decode it.
    init?(_ number: Int) {
        let names: [Int: String] = [
            936: "GB18030", 950: "CP950", 932: "CP932", 949: "CP949", 437: "CP437", 850: "CP850", 866: "CP866",
            874: "CP874", 1250: "CP1250", 1251: "CP1251", 1252: "CP1252", 1253: "CP1253", 1254: "CP1254",
            1255: "CP1255", 1256: "CP1256", 1257: "CP1257", 1258: "CP1258", 10000: "MACINTOSH", 367: "ASCII",
            20127: "ASCII", 65001: "UTF-8", 32768: "MACINTOSH", 32769: "CP1252", 1200: "CP1252",
        ]
        guard let name = names[number] else { return nil }
        self.number = number
        iconvName = name
    }

    /// The text of `bytes`; throws `invalidText` for bytes the code page does not have.
    func decode(_ bytes: [UInt8]) throws -> String {
        if bytes.allSatisfy({ $0 < 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
        let transcoder = try TextTranscoder(from: iconvName, to: "UTF-8")
        let utf8 = try bytes.withUnsafeBytes { try transcoder.convert($0, final: true) }
        return String(decoding: utf8, as: UTF8.self)
    }
}
