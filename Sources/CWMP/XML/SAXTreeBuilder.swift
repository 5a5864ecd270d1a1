import CLibXML2

/// Why libxml2 could not produce a tree.
package struct XMLFailure: Error, Sendable {
    package enum Kind: Sendable, Equatable {
        /// A libxml2 well-formedness error with its `xmlParserErrors` code.
        case libxml2(code: Int32)
        case doctype
        case tooDeep(limit: Int)
    }
    package var kind: Kind
    package var message: String
    package var line: Int
    package var column: Int
    package var elementPath: String
}

/// A libxml2 message that did not stop the parse (namespace errors and the like).
package struct XMLNotice: Sendable {
    package var message: String
    package var line: Int
}

/// Builds an ``XMLTree`` from bytes with libxml2's SAX2 interface.
///
/// Security (cwmp.md §4): `XML_PARSE_NONET`, never `NOENT`, `DTDLOAD`, `DTDATTR`, `DTDVALID`, `HUGE`
/// or `XINCLUDE`; a DOCTYPE stops the parse the moment libxml2 reports it, before any entity
/// declaration is read; nesting deeper than `maxDepth` stops the parse.
package enum SAXTreeBuilder {
    package struct Output: Sendable {
        package var tree: XMLTree
        package var notices: [XMLNotice]
    }

    /// Parses UTF-8 bytes (the caller has already transcoded) into a tree.
    package static func build(
        _ bytes: UnsafeRawBufferPointer,
        maxDepth: Int
    ) -> Result<Output, XMLFailure> {
        LibXML2.ensureInitialized()
        guard let base = bytes.baseAddress, bytes.count > 0 else {
            return .failure(
                XMLFailure(kind: .libxml2(code: 4), message: "document is empty", line: 1, column: 1, elementPath: "")
            )
        }
        guard
            let ctxt = xmlCreateMemoryParserCtxt(
                base.assumingMemoryBound(to: CChar.self),
                Int32(clamping: bytes.count)
            )
        else {
            return .failure(
                XMLFailure(
                    kind: .libxml2(code: 2),
                    message: "libxml2 could not allocate a parser",
                    line: 0,
                    column: 0,
                    elementPath: ""
                )
            )
        }
        defer { xmlFreeParserCtxt(ctxt) }

        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_IGNORE_ENC.rawValue)
        xmlCtxtUseOptions(ctxt, options)

        let state = UnsafeMutablePointer<SAXBuilderState>.allocate(capacity: 1)
        state.initialize(to: SAXBuilderState(context: ctxt, maxDepth: maxDepth, capacityHint: bytes.count))
        defer {
            state.deinitialize(count: 1)
            state.deallocate()
        }
        var handler = makeHandler()
        ferrule_setSAX(ctxt, &handler, state)
        xmlParseDocument(ctxt)

        if let failure = state.pointee.failure {
            return .failure(failure)
        }
        if ferrule_wellFormed(ctxt) == 0 || state.pointee.storage.nodes.isEmpty {
            return .failure(
                XMLFailure(
                    kind: .libxml2(code: 4),
                    message: "document has no root element",
                    line: 1,
                    column: 1,
                    elementPath: ""
                )
            )
        }
        return .success(Output(tree: XMLTree(state.pointee.storage), notices: state.pointee.notices))
    }

    private static func makeHandler() -> xmlSAXHandler {
        var h = xmlSAXHandler()
        h.initialized = XML_SAX2_MAGIC
        h.startElementNs = { ctx, localname, _, uri, nbNamespaces, namespaces, nbAttributes, _, attributes in
            guard let ctx, let localname else { return }
            ctx.assumingMemoryBound(to: SAXBuilderState.self).pointee.startElement(
                localname: localname,
                uri: uri,
                namespaceCount: Int(nbNamespaces),
                namespaces: namespaces,
                attributeCount: Int(nbAttributes),
                attributes: attributes
            )
        }
        h.endElementNs = { ctx, _, _, _ in
            guard let ctx else { return }
            ctx.assumingMemoryBound(to: SAXBuilderState.self).pointee.endElement()
        }
        h.characters = { ctx, ch, len in
            guard let ctx, let ch else { return }
            ctx.assumingMemoryBound(to: SAXBuilderState.self).pointee.characters(ch, Int(len))
        }
        h.ignorableWhitespace = h.characters
        h.cdataBlock = { ctx, ch, len in
            guard let ctx, let ch else { return }
            ctx.assumingMemoryBound(to: SAXBuilderState.self).pointee.cdata(ch, Int(len))
        }
        h.internalSubset = { ctx, _, _, _ in
            guard let ctx else { return }
            ctx.assumingMemoryBound(to: SAXBuilderState.self).pointee.doctype()
        }
        h.serror = { ctx, error in
            guard let ctx, let error else { return }
            ctx.assumingMemoryBound(to: SAXBuilderState.self).pointee.error(error.pointee)
        }
        return h
    }
}

/// The mutable state of one SAX parse, reached from the C callbacks through `userData`.
///
/// Lives behind an `UnsafeMutablePointer` owned by ``SAXTreeBuilder/build(_:maxDepth:)`` for the
/// duration of one synchronous `xmlParseDocument` call on one thread.
struct SAXBuilderState {
    var storage = XMLTree.Storage()
    var stack: [Int32] = []
    var pendingTextStart = 0
    var nameCache: [UnsafeRawPointer: Int32] = [:]
    var namespaceCache: [UnsafeRawPointer: Int32] = [:]
    /// In-scope namespace declarations (prefix bytes, interned URI), innermost last.
    var scope: [(prefix: [UInt8], uri: Int32)] = []
    var scopeMarks: [Int] = []
    var notices: [XMLNotice] = []
    var failure: XMLFailure?
    let context: xmlParserCtxtPtr
    let maxDepth: Int

    init(context: xmlParserCtxtPtr, maxDepth: Int, capacityHint: Int) {
        self.context = context
        self.maxDepth = maxDepth
        storage.nodes.reserveCapacity(capacityHint / 40)
        storage.text.reserveCapacity(capacityHint / 3)
    }

    /// The open elements, shortened in the middle when deep so messages stay readable.
    var elementPath: String {
        let names = stack.map { storage.names[Int(storage.nodes[Int($0)].name)] }
        guard names.count > 12 else { return "/" + names.joined(separator: "/") }
        return "/" + names.prefix(6).joined(separator: "/") + "/…(\(names.count - 9) more)…/"
            + names.suffix(3).joined(separator: "/")
    }

    private mutating func stop(_ failure: XMLFailure) {
        if self.failure == nil { self.failure = failure }
        xmlStopParser(context)
    }

    private mutating func internName(_ pointer: UnsafePointer<xmlChar>) -> Int32 {
        let key = UnsafeRawPointer(pointer)
        if let id = nameCache[key] { return id }
        let name = String(cString: pointer)
        let id: Int32
        if let existing = storage.names.firstIndex(of: name) {
            id = Int32(existing)
        } else {
            id = Int32(storage.names.count)
            storage.names.append(name)
        }
        nameCache[key] = id
        return id
    }

    private mutating func internNamespace(_ pointer: UnsafePointer<xmlChar>?) -> Int32 {
        guard let pointer else { return 0 }
        let key = UnsafeRawPointer(pointer)
        if let id = namespaceCache[key] { return id }
        let uri = String(cString: pointer)
        let id: Int32
        if let existing = storage.namespaces.firstIndex(of: uri) {
            id = Int32(existing)
        } else {
            id = Int32(storage.namespaces.count)
            storage.namespaces.append(uri)
        }
        namespaceCache[key] = id
        return id
    }

    mutating func startElement(
        localname: UnsafePointer<xmlChar>,
        uri: UnsafePointer<xmlChar>?,
        namespaceCount: Int,
        namespaces: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?,
        attributeCount: Int,
        attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
    ) {
        if stack.count >= maxDepth {
            stop(
                XMLFailure(
                    kind: .tooDeep(limit: maxDepth),
                    message: "elements are nested deeper than the limit of \(maxDepth)",
                    line: Int(ferrule_currentLine(context)),
                    column: Int(ferrule_currentColumn(context)),
                    elementPath: elementPath
                )
            )
            return
        }
        let index = Int32(storage.nodes.count)
        let parent = stack.last ?? -1
        if parent >= 0 {
            // Text the parent had before this child is mixed content: drop it.
            if storage.text.count > pendingTextStart {
                storage.text.removeLast(storage.text.count - pendingTextStart)
            }
            let p = Int(parent)
            if storage.nodes[p].firstChild < 0 {
                storage.nodes[p].firstChild = index
            } else {
                storage.nodes[Int(storage.nodes[p].lastChild)].nextSibling = index
            }
            storage.nodes[p].lastChild = index
        }

        scopeMarks.append(scope.count)
        if namespaceCount > 0, let namespaces {
            for i in 0..<namespaceCount {
                let prefix = namespaces[2 * i].map { Array(UnsafeBufferPointer(start: $0, count: strlen($0))) } ?? []
                scope.append((prefix, internNamespace(namespaces[2 * i + 1])))
            }
        }

        var node = XMLTree.Node(name: internName(localname), namespace: internNamespace(uri), parent: parent)
        node.textStart = Int32(storage.text.count)
        node.line = ferrule_currentLine(context)
        node.attributeStart = Int32(storage.attributes.count)
        if attributeCount > 0, let attributes {
            node.attributeCount = Int32(attributeCount)
            for i in 0..<attributeCount {
                guard let name = attributes[5 * i], let valueStart = attributes[5 * i + 3],
                    let valueEnd = attributes[5 * i + 4]
                else { continue }
                let value = UnsafeBufferPointer(start: valueStart, count: valueEnd - valueStart)
                let nameID = internName(name)
                let valueOffset = Int32(storage.attributeText.count)
                storage.attributeText.append(contentsOf: value)
                var valueNamespace: Int32 = 0
                let attributeName = storage.names[Int(nameID)]
                if attributeName == "type" || attributeName == "arrayType" {
                    valueNamespace = resolvePrefix(ofQName: value)
                }
                storage.attributes.append(
                    XMLTree.Attribute(
                        name: nameID,
                        namespace: internNamespace(attributes[5 * i + 2]),
                        valueStart: valueOffset,
                        valueLength: Int32(value.count),
                        valueNamespace: valueNamespace
                    )
                )
            }
        }
        storage.nodes.append(node)
        stack.append(index)
        pendingTextStart = storage.text.count
    }

    /// The namespace bound to the prefix of a QName-valued attribute (`xsd:string` → XML Schema).
    private func resolvePrefix(ofQName value: UnsafeBufferPointer<xmlChar>) -> Int32 {
        let trimmed = value.drop(while: { $0.isXMLWhitespace })
        let prefix: ArraySlice<UInt8>
        if let colon = trimmed.firstIndex(of: UInt8(ascii: ":")) {
            prefix = ArraySlice(trimmed[trimmed.startIndex..<colon])
        } else {
            prefix = []
        }
        for declaration in scope.reversed() where declaration.prefix.elementsEqual(prefix) {
            return declaration.uri
        }
        return 0
    }

    mutating func endElement() {
        guard let index = stack.popLast() else { return }
        let i = Int(index)
        if storage.nodes[i].firstChild >= 0 {
            if storage.text.count > pendingTextStart {
                storage.text.removeLast(storage.text.count - pendingTextStart)
            }
        } else {
            storage.nodes[i].textLength = Int32(storage.text.count) - storage.nodes[i].textStart
        }
        pendingTextStart = storage.text.count
        if let mark = scopeMarks.popLast(), scope.count > mark {
            scope.removeLast(scope.count - mark)
        }
    }

    mutating func characters(_ bytes: UnsafePointer<xmlChar>, _ count: Int) {
        guard !stack.isEmpty else { return }
        storage.text.append(contentsOf: UnsafeBufferPointer(start: bytes, count: count))
    }

    mutating func cdata(_ bytes: UnsafePointer<xmlChar>, _ count: Int) {
        guard let top = stack.last else { return }
        storage.nodes[Int(top)].hasCDATA = true
        storage.text.append(contentsOf: UnsafeBufferPointer(start: bytes, count: count))
    }

    mutating func doctype() {
        stop(
            XMLFailure(
                kind: .doctype,
                message: "a DOCTYPE is not allowed in a SOAP message",
                line: Int(ferrule_currentLine(context)),
                column: Int(ferrule_currentColumn(context)),
                elementPath: elementPath
            )
        )
    }

    mutating func error(_ error: xmlError) {
        let message = error.message.map { String(cString: $0) }?.trimmingXMLWhitespace() ?? "XML error"
        if error.level == XML_ERR_FATAL {
            if failure == nil {
                failure = XMLFailure(
                    kind: .libxml2(code: error.code),
                    message: message,
                    line: Int(error.line),
                    column: Int(error.int2),
                    elementPath: elementPath
                )
            }
        } else if notices.count < 32 {
            notices.append(XMLNotice(message: message, line: Int(error.line)))
        }
    }
}
