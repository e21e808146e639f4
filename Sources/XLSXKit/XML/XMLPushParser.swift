import CLibXML

/// Streams one XML part through libxml2's SAX2 push parser into an `XMLEventHandler`.
///
/// Hardened for untrusted files: a DOCTYPE stops parsing (no DTD is loaded, no entity is ever
/// declared or expanded), network access is off, nesting deeper than `maxDepth` elements is
/// refused, and libxml2's default limits stay on (text nodes ≤ 10 MB). Memory: the parser's own
/// buffers plus one input chunk.
enum XMLPushParser {
    /// Deepest element nesting accepted; SpreadsheetML needs well under 20.
    static let maxDepth = 256

    /// Parses the zip entry `entry` of `archive`, calling `handler` for every event.
    static func parse(_ entry: ZipEntry, in archive: ZipArchive, with handler: XMLEventHandler) throws {
        let session = Session(handler: handler, part: entry.name, file: archive.path)
        defer { session.close() }
        try archive.stream(entry) { chunk in
            try session.feed(chunk)
        }
        try session.finish()
    }

    /// Parses bytes already in memory (small parts, tests).
    static func parse(_ bytes: [UInt8], part: String, file: String?, with handler: XMLEventHandler) throws {
        let session = Session(handler: handler, part: part, file: file)
        defer { session.close() }
        try bytes.withUnsafeBytes { try session.feed($0) }
        try session.finish()
    }

    /// One parse fed by the caller (for splicing: parts of a document go through the parser,
    /// others are copied around it).
    final class Session {
        let handler: XMLEventHandler
        let part: String
        let file: String?
        var context: xmlParserCtxtPtr?
        var xmlError: XLSXError?
        var depth = 0

        init(handler: XMLEventHandler, part: String, file: String?) {
            self.handler = handler
            self.part = part
            self.file = file
        }

        func close() {
            if let context { xmlFreeParserCtxt(context) }
            context = nil
            handler.parserContext = nil
        }

        func feed(_ chunk: UnsafeRawBufferPointer) throws {
            if context == nil { try start() }
            var offset = 0
            // xmlParseChunk takes an Int32 length.
            while offset < chunk.count {
                let count = min(chunk.count - offset, 1 << 30)
                let pointer = chunk.baseAddress!.advanced(by: offset).assumingMemoryBound(to: CChar.self)
                let status = xmlParseChunk(context, pointer, Int32(count), 0)
                try check(status)
                offset += count
            }
        }

        func finish() throws {
            if context == nil { try start() }
            try check(xmlParseChunk(context, nil, 0, 1))
        }

        private func check(_ status: Int32) throws {
            if let failure = handler.failure { throw failure }
            if let xmlError { throw xmlError }
            if status != 0 {
                throw XLSXError(.malformedXML, "libxml2 error \(status)", file: file, part: part)
            }
        }

        private func start() throws {
            sf_xml_initialize()
            var sax = xmlSAXHandler()
            sax.initialized = XML_SAX2_MAGIC
            sax.startElementNs = { context, localName, prefix, _, namespaceCount, namespaces, attributeCount, _, attributes in
                let session = Unmanaged<Session>.fromOpaque(context!).takeUnretainedValue()
                session.depth += 1
                if session.depth > XMLPushParser.maxDepth {
                    session.stop(XLSXError(.malformedXML, "elements nested deeper than \(XMLPushParser.maxDepth) levels",
                                           file: session.file, part: session.part, line: session.handler.currentLine))
                    return
                }
                session.handler.startElement(XMLName(pointer: localName!), prefix: prefix,
                                             namespaces: XMLNamespaces(count: Int(namespaceCount), raw: namespaces),
                                             XMLAttributes(count: Int(attributeCount), raw: attributes))
                session.stopIfFailed()
            }
            sax.endElementNs = { context, localName, _, _ in
                let session = Unmanaged<Session>.fromOpaque(context!).takeUnretainedValue()
                session.depth -= 1
                session.handler.endElement(XMLName(pointer: localName!))
                session.stopIfFailed()
            }
            sax.characters = { context, text, length in
                let session = Unmanaged<Session>.fromOpaque(context!).takeUnretainedValue()
                session.handler.characters(UnsafeBufferPointer(start: text, count: Int(length)))
                session.stopIfFailed()
            }
            sax.ignorableWhitespace = sax.characters
            sax.internalSubset = { context, name, _, _ in
                let session = Unmanaged<Session>.fromOpaque(context!).takeUnretainedValue()
                session.refuse("DOCTYPE \(name.map { String(cString: $0) } ?? "") is not allowed in OOXML parts")
            }
            sax.entityDecl = { context, name, _, _, _, _ in
                let session = Unmanaged<Session>.fromOpaque(context!).takeUnretainedValue()
                session.refuse("entity declaration \(name.map { String(cString: $0) } ?? "") refused")
            }
            sax.serror = { context, error in
                guard let context, let error else { return }
                let session = Unmanaged<Session>.fromOpaque(context).takeUnretainedValue()
                session.record(error.pointee)
            }
            let me = Unmanaged.passUnretained(self).toOpaque()
            guard let created = xmlCreatePushParserCtxt(&sax, me, nil, 0, nil) else {
                throw XLSXError(.malformedXML, "could not create an XML parser", file: file, part: part)
            }
            context = created
            handler.parserContext = created
            let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue)
            xmlCtxtUseOptions(created, options)
        }

        @inline(__always)
        private func stopIfFailed() {
            if handler.failure != nil, let context { xmlStopParser(context) }
        }

        private func refuse(_ detail: String) {
            stop(XLSXError(.forbiddenDTD, detail, file: file, part: part, line: handler.currentLine))
        }

        private func stop(_ error: XLSXError) {
            if xmlError == nil { xmlError = error }
            if let context { xmlStopParser(context) }
        }

        private func record(_ error: xmlError) {
            guard error.level.rawValue >= XML_ERR_ERROR.rawValue, xmlError == nil else { return }
            let message = error.message.map { String(cString: $0).trimmingWhitespace } ?? "XML error \(error.code)"
            xmlError = XLSXError(.malformedXML, message, file: file, part: part, line: Int(error.line))
        }
    }
}

extension String {
    /// The string without leading and trailing ASCII whitespace.
    var trimmingWhitespace: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[first...last])
    }
}
