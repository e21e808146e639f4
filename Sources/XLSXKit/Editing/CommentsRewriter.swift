/// Streams an existing comments part through, adding authors and comments at the end of their lists.
final class CommentsRewriter: XMLEchoHandler {
    private let comments: [CellComment]
    private var authors: [String] = []
    private var newAuthors: [String] = []
    private var inAuthor = false
    private var authorText = ""

    init(comments: [CellComment], xml: XMLWriter) {
        self.comments = comments
        super.init(xml: xml)
    }

    override func handleStart(_ name: XMLName, _ attributes: XMLAttributes) {
        if depth == 1 {
            echoStart(name, attributes, addingIfMissing: defaultNamespaceIfPrefixed())
            return
        }
        if name.is("author") { inAuthor = true; authorText = "" }
        echoStart(name, attributes)
    }

    override func handleText(_ text: UnsafeBufferPointer<UInt8>) {
        if inAuthor { authorText += String(decoding: text, as: UTF8.self) }
        echoText(text)
    }

    override func handleEnd(_ name: XMLName, prefix: String?) {
        if name.is("author") {
            inAuthor = false
            authors.append(authorText)
        } else if name.is("authors") {
            for comment in comments where !authors.contains(comment.author) && !newAuthors.contains(comment.author) {
                newAuthors.append(comment.author)
                let (w, result) = XMLWriter.collecting()
                w.raw("<author>"); w.text(comment.author); w.raw("</author>")
                insert(String(decoding: result(), as: UTF8.self))
            }
        } else if name.is("commentList") {
            let all = authors + newAuthors
            for comment in comments {
                let (w, result) = XMLWriter.collecting()
                w.raw("<comment"); w.attribute("ref", comment.cell.description)
                w.attribute("authorId", all.firstIndex(of: comment.author) ?? 0)
                w.raw("><text><r><rPr><sz val=\"9\"/><rFont val=\"宋体\"/><charset val=\"134\"/></rPr>")
                SharedStringsBuilder.writeText(comment.text, to: w)
                w.raw("</r></text></comment>")
                insert(String(decoding: result(), as: UTF8.self))
            }
        }
        echoEnd(name, prefix: prefix)
    }
}

/// Streams a relationships or content-types part through, adding elements before its end.
final class AppendingRewriter: XMLEchoHandler {
    private let additions: String

    init(additions: String, xml: XMLWriter) {
        self.additions = additions
        super.init(xml: xml)
    }

    override func handleEnd(_ name: XMLName, prefix: String?) {
        if depth == 1 { insert(additions) }
        echoEnd(name, prefix: prefix)
    }
}
