import CLibXML
import Foundation

/// Streams `docProps/app.xml` through with a new first sheet counted in: its name leads
/// `TitlesOfParts` (the vector's `size` one larger) and the first group of `HeadingPairs` (the
/// worksheets) counts one more. A file without these lists is copied as it is.
final class AppPropertiesRewriter: XMLEchoHandler {
    private let sheetName: String
    private var inHeadingPairs = false, inTitles = false
    private var countedFirstGroup = false
    private var inFirstCount = false
    private var prefix = "vt"

    init(sheetName: String, xml: XMLWriter) {
        self.sheetName = sheetName
        super.init(xml: xml)
    }

    override func handleStart(_ name: XMLName, _ attributes: XMLAttributes) {
        if name.is("HeadingPairs") { inHeadingPairs = true }
        if name.is("TitlesOfParts") { inTitles = true }
        if name.is("vector"), inHeadingPairs || inTitles {
            let size = attributes["size"]?.integer ?? 0
            prefix = currentPrefix ?? "vt"
            echoStart(name, attributes, replacing: inTitles ? ["size": String(size + 1)] : [:])
            if inTitles {
                insert("<\(prefix):lpstr>")
                xml.text(sheetName)
                xml.raw("</\(prefix):lpstr>")
            }
            return
        }
        if inHeadingPairs, !countedFirstGroup, name.is("i4") {
            inFirstCount = true
        }
        echoStart(name, attributes)
    }

    override func handleText(_ text: UnsafeBufferPointer<UInt8>) {
        guard inFirstCount else { return echoText(text) }
        let number = Int(String(decoding: text, as: UTF8.self).trimmingCharacters(in: .whitespaces)) ?? 0
        closePendingTag()
        xml.text(String(number + 1))
    }

    override func handleEnd(_ name: XMLName, prefix: String?) {
        if inFirstCount, name.is("i4") {
            inFirstCount = false
            countedFirstGroup = true
        }
        if name.is("HeadingPairs") { inHeadingPairs = false }
        if name.is("TitlesOfParts") { inTitles = false }
        echoEnd(name, prefix: prefix)
    }
}
