import CLibXML2

/// Why libxml2 could not produce a tree.
package struct XMLFailure: Error, Sendable {
    package enum Kind: Sendable, Equatable {
        /// A libxml2 well-formedness error with its `xmlParserErrors` code.
        case libxml2(code: Int32)
        case doctype
        case tooDeep(limit: Int)
        case tooManyAttributes(limit: Int)
        case tooManyNames(limit: Int)
    }
    package var kind: Kind
    package var message: String
    package var line: Int
    package var column: Int
    /// Where the parse stopped; empty when it failed before the first element.
    package var elementPath: String = ""
    /// The byte offset just past the root element's end tag, when libxml2 failed on content after
    /// it ("Extra content at the end of the document").
    package var rootEnd: Int?
}

/// The caps the tree builder enforces on hostile input.
package struct XMLLimits: Sendable, Hashable {
    /// The deepest element nesting accepted.
    package var maxDepth: Int
    /// The most attributes (namespace declarations included) one start tag may carry.
    package var maxAttributesPerElement: Int
    /// The most distinct names (elements, attributes, namespace URIs) outside ``KnownNames``.
    package var maxDistinctNames: Int

    package init(maxDepth: Int, maxAttributesPerElement: Int = 256, maxDistinctNames: Int = 10_000) {
        self.maxDepth = maxDepth
        self.maxAttributesPerElement = maxAttributesPerElement
        self.maxDistinctNames = maxDistinctNames
    }
}

/// A libxml2 message that did not stop the parse (namespace errors and the like).
package struct XMLNotice: Sendable {
    package var message: String
    package var line: Int
}

/// Builds an ``XMLTree`` from bytes with libxml2's SAX2 interface.
///
/// Security (libxml2 2.9.14 include/libxml/parser.h:1091-1117): `XML_PARSE_NONET`, never `NOENT`, `DTDLOAD`, `DTDATTR`,
/// `DTDVALID`, `HUGE` or `XINCLUDE`; a DOCTYPE stops the parse the moment libxml2 reports it, before any entity
/// declaration is read; nesting deeper than `maxDepth` stops the parse.
package enum SAXTreeBuilder {
    package struct Output: Sendable {
        package var tree: XMLTree
        package var notices: [XMLNotice]
    }

    /// Parses UTF-8 bytes (the caller has already transcoded) into a tree, with default caps
    /// besides the depth.
    package static func build(_ bytes: UnsafeRawBufferPointer, maxDepth: Int) -> Result<Output, XMLFailure> {
        build(bytes, limits: XMLLimits(maxDepth: maxDepth))
    }

    /// Parses UTF-8 bytes (the caller has already transcoded) into a tree.
    package static func build(
        _ bytes: UnsafeRawBufferPointer,
        limits: XMLLimits
    ) -> Result<Output, XMLFailure> {
        LibXML2.ensureInitialized()
        guard let base = bytes.baseAddress, bytes.count > 0 else {
            return .failure(
                XMLFailure(kind: .libxml2(code: 4), message: "document is empty", line: 1, column: 1)
            )
        }
        guard var parser = ParserContextPool.take() else {
            return .failure(
                XMLFailure(kind: .libxml2(code: 2), message: "libxml2 could not allocate a parser", line: 0, column: 0)
            )
        }
        if let excess = AttributeScan.firstTag(over: limits.maxAttributesPerElement, in: bytes) {
            ParserContextPool.giveBack(parser)
            return .failure(
                XMLFailure(
                    kind: .tooManyAttributes(limit: limits.maxAttributesPerElement),
                    message: "an element has more than \(limits.maxAttributesPerElement) attributes",
                    line: excess.line,
                    column: excess.column
                )
            )
        }
        let ctxt = parser.context
        let state = UnsafeMutablePointer<SAXBuilderState>.allocate(capacity: 1)
        state.initialize(
            to: SAXBuilderState(
                context: ctxt,
                limits: limits,
                capacityHint: bytes.count,
                source: UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt8.self), count: bytes.count),
                parser: &parser
            )
        )
        defer {
            state.pointee.returnBuffers(to: &parser)
            state.deinitialize(count: 1)
            state.deallocate()
            ParserContextPool.giveBack(parser)
        }
        var handler = makeHandler()
        ferrule_setSAX(ctxt, &handler, state)
        // xmlCtxtReadMemory resets the context (keeping its dictionary and our SAX handler) and
        // applies the options: NONET, and IGNORE_ENC because the input is already UTF-8.
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_IGNORE_ENC.rawValue)
        if let document = xmlCtxtReadMemory(
            ctxt,
            base.assumingMemoryBound(to: CChar.self),
            Int32(clamping: bytes.count),
            nil,
            nil,
            options
        ) {
            xmlFreeDoc(document)
        }

        if let failure = state.pointee.failure {
            return .failure(failure)
        }
        if ferrule_wellFormed(ctxt) == 0 || state.pointee.storage.nodes.isEmpty {
            return .failure(
                XMLFailure(kind: .libxml2(code: 4), message: "document has no root element", line: 1, column: 1)
            )
        }
        state.pointee.storage.text.append(contentsOf: state.pointee.text.elements)
        state.pointee.storage.attributeText.append(contentsOf: state.pointee.attributeText.elements)
        return .success(Output(tree: XMLTree(state.pointee.storage), notices: state.pointee.notices))
    }

    private static func makeHandler() -> xmlSAXHandler {
        var h = xmlSAXHandler()
        h.initialized = XML_SAX2_MAGIC
        h.startElementNs = { ctx, localname, prefix, uri, nbNamespaces, namespaces, nbAttributes, _, attributes in
            guard let ctx, let localname else { return }
            ctx.assumingMemoryBound(to: SAXBuilderState.self).pointee.startElement(
                localname: localname,
                prefix: prefix,
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
        h.comment = { ctx, value in
            guard let ctx, let value else { return }
            ctx.assumingMemoryBound(to: SAXBuilderState.self).pointee.comment(value)
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
/// Lives behind an `UnsafeMutablePointer` owned by ``SAXTreeBuilder/build(_:limits:)`` for the
/// duration of one synchronous `xmlParseDocument` call on one thread.
struct SAXBuilderState {
    var storage = StoragePool.take()
    /// Open-addressed (pointer → known-name ID) table: libxml2 interns names in its dictionary,
    /// so a name is the same pointer for as long as the parser context lives (see ``PooledParser``).
    var nameCache: [(UnsafeRawPointer?, Int32)]
    /// The open elements, innermost last.
    var stack: [Int32]
    /// The first few namespace URI pointers seen (a CWMP message has about five), scanned
    /// before ``namespaceIndex`` is hashed.
    var namespaceCache: [(UnsafeRawPointer, Int32)]
    /// The namespace URI pointer found last and its ID (most elements and attributes repeat it).
    var lastNamespace: (pointer: UnsafeRawPointer?, id: Int32) = (nil, 0)
    /// Every namespace URI pointer seen → its ID.
    var namespaceIndex: [UnsafeRawPointer: Int32] = [:]
    /// Namespace URI → ID (two pointers may spell one URI), kept once a document uses more than
    /// `linearNamespaces` URIs; below that the URIs are scanned.
    var namespaceIDs: [String: Int32] = [:]
    /// Dictionary pointer of a name outside ``KnownNames`` → its per-document ID.
    var dynamicIndex: [UnsafeRawPointer: Int32] = [:]
    /// Name outside ``KnownNames`` → its per-document ID.
    var dynamicIDs: [String: Int32] = [:]
    /// Changes whenever the in-scope namespace declarations change, so a resolved QName prefix
    /// can be reused until then.
    var scopeGeneration = 0
    var lastPrefix: [UInt8] = []
    var lastPrefixGeneration = -1
    var lastPrefixURI: Int32 = 0
    /// In-scope namespace declarations, innermost last. Prefixes are libxml2 dictionary strings,
    /// valid for the whole parse; a nil prefix is the default namespace.
    var scope: [(prefix: UnsafePointer<xmlChar>?, length: Int, uri: Int32)]
    /// For each open element that declared namespaces: its depth and the `scope` count before it.
    var scopeMarks: [(depth: Int, mark: Int)]
    /// Element text and attribute values, copied into `storage.text` and `storage.attributeText`
    /// once the parse succeeds (``ScratchBuffer``); offsets in nodes and attributes point into these.
    let text: ScratchBuffer<UInt8>
    let attributeText: ScratchBuffer<UInt8>
    /// True while the innermost open element has no child element yet: its text is kept.
    var leafOpen = false
    var notices: [XMLNotice] = []
    var failure: XMLFailure?
    /// The byte offset just past the root element's end tag, once it has closed.
    var rootEnd: Int?
    let context: xmlParserCtxtPtr
    let maxDepth: Int
    let maxDistinctNames: Int
    /// The document as libxml2 reads it, for the text of a leaf as written (``XMLTree/sourceText(of:)``).
    let source: UnsafeBufferPointer<UInt8>
    /// The source offset just past the start tag of the innermost open element.
    var bodyStart = 0

    init(
        context: xmlParserCtxtPtr,
        limits: XMLLimits,
        capacityHint: Int,
        source: UnsafeBufferPointer<UInt8>,
        parser: inout PooledParser
    ) {
        self.context = context
        self.source = source
        self.maxDepth = limits.maxDepth
        self.maxDistinctNames = limits.maxDistinctNames
        // Move (not copy) the recycled buffers in, so the first write does not copy them.
        nameCache = parser.knownNames
        parser.knownNames = []
        stack = parser.scratch.stack
        namespaceCache = parser.scratch.namespaceCache
        scope = parser.scratch.scope
        scopeMarks = parser.scratch.scopeMarks
        text = parser.scratch.text
        attributeText = parser.scratch.attributeText
        parser.scratch = PooledParser.Scratch(text: text, attributeText: attributeText)
        storage.nodes.reserveCapacity(capacityHint / 40)
    }

    /// Scratch buffers above this many bytes are freed after the parse instead of kept.
    static let maxPooledTextBytes = 8 << 20

    /// Hands the recycled buffers back to `parser`, emptied (capacity kept).
    mutating func returnBuffers(to parser: inout PooledParser) {
        parser.knownNames = nameCache
        stack.removeAll(keepingCapacity: true)
        namespaceCache.removeAll(keepingCapacity: true)
        scope.removeAll(keepingCapacity: true)
        scopeMarks.removeAll(keepingCapacity: true)
        // The text buffers stay with the parser; one huge message does not pin its memory.
        text.reset(keepingAtMost: Self.maxPooledTextBytes)
        attributeText.reset(keepingAtMost: Self.maxPooledTextBytes)
        parser.scratch = PooledParser.Scratch(
            stack: stack,
            namespaceCache: namespaceCache,
            scope: scope,
            scopeMarks: scopeMarks,
            text: text,
            attributeText: attributeText
        )
    }

    /// The open elements, shortened in the middle when deep so messages stay readable.
    var elementPath: String {
        let names = stack.map { name(storage.nodes[Int($0)].name) }
        guard names.count > 12 else { return "/" + names.joined(separator: "/") }
        return "/" + names.prefix(6).joined(separator: "/") + "/…(\(names.count - 9) more)…/"
            + names.suffix(3).joined(separator: "/")
    }

    /// Stops the parse with a failure at the parser's current position (the first failure wins).
    private mutating func stop(_ kind: XMLFailure.Kind, _ message: String) {
        if failure == nil {
            failure = XMLFailure(
                kind: kind,
                message: message,
                line: Int(ferrule_currentLine(context)),
                column: Int(ferrule_currentColumn(context)),
                elementPath: elementPath
            )
        }
        xmlStopParser(context)
    }

    func name(_ id: Int32) -> String {
        id < KnownNames.count ? KnownNames.names[Int(id)] : storage.dynamicNames[Int(id - KnownNames.count)]
    }

    private mutating func internName(_ pointer: UnsafePointer<xmlChar>) -> Int32 {
        let key = UnsafeRawPointer(pointer)
        var slot = Int(truncatingIfNeeded: (UInt(bitPattern: Int(bitPattern: key)) &* 0x9E37_79B9_7F4A_7C15) >> 58)
        var probes = 0
        while let cached = nameCache[slot].0, probes < 8 {
            if cached == key { return nameCache[slot].1 }
            slot = (slot + 1) & 63
            probes += 1
        }
        if !dynamicIndex.isEmpty, let existing = dynamicIndex[key] { return existing }
        let id: Int32
        let bytes = UnsafeBufferPointer(start: pointer, count: strlen(pointer))
        if let known = KnownNames.id(bytes: bytes) {
            id = known
            if probes < 8 { nameCache[slot] = (key, id) }
            return id
        }
        let name = String(decoding: bytes, as: UTF8.self)
        if let existing = dynamicIDs[name] {
            id = existing
        } else {
            id = KnownNames.count + Int32(storage.dynamicNames.count)
            storage.dynamicNames.append(name)
            dynamicIDs[name] = id
            checkDistinctNames()
        }
        // Not in the cross-document cache: a dynamic name's ID is only valid in this document.
        dynamicIndex[key] = id
        return id
    }

    private mutating func internNamespace(_ pointer: UnsafePointer<xmlChar>?) -> Int32 {
        guard let pointer else { return 0 }
        let key = UnsafeRawPointer(pointer)
        if key == lastNamespace.pointer { return lastNamespace.id }
        let found = namespaceCache.withUnsafeBufferPointer { cache -> Int32? in
            for i in 0..<cache.count where cache[i].0 == key { return cache[i].1 }
            return nil
        }
        if let found {
            lastNamespace = (key, found)
            return found
        }
        if !namespaceIndex.isEmpty, let id = namespaceIndex[key] { return id }
        let uri = String(cString: pointer)
        let id: Int32
        if let existing = existingNamespace(uri) {
            id = existing
        } else {
            id = Int32(storage.namespaces.count)
            storage.namespaces.append(uri)
            if storage.namespaces.count > Self.linearNamespaces {
                if namespaceIDs.isEmpty {
                    for (i, known) in storage.namespaces.enumerated() where i > 0 { namespaceIDs[known] = Int32(i) }
                } else {
                    namespaceIDs[uri] = id
                }
            }
            checkDistinctNames()
        }
        // The first pointers are found by a scan of `namespaceCache`; only the rest are hashed.
        if namespaceCache.count < 8 {
            namespaceCache.append((key, id))
        } else {
            namespaceIndex[key] = id
        }
        return id
    }

    /// Up to this many namespace URIs (a CWMP message has about five) are found by a linear scan
    /// instead of hashing each URI; ``namespaceIDs`` is filled once a document uses more.
    private static let linearNamespaces = 16

    /// The ID of a namespace URI the document already uses (0 for the empty URI), or nil.
    private func existingNamespace(_ uri: String) -> Int32? {
        if uri.isEmpty { return 0 }
        guard storage.namespaces.count > Self.linearNamespaces else {
            return storage.namespaces.firstIndex(of: uri).map { Int32($0) }
        }
        return namespaceIDs[uri]
    }

    /// Stops the parse once the document has used more distinct names than the cap.
    private mutating func checkDistinctNames() {
        guard storage.dynamicNames.count + storage.namespaces.count - 1 > maxDistinctNames, failure == nil else {
            return
        }
        stop(
            .tooManyNames(limit: maxDistinctNames),
            "the document uses more than \(maxDistinctNames) distinct element, attribute and "
                + "namespace names"
        )
    }

    mutating func startElement(
        localname: UnsafePointer<xmlChar>,
        prefix: UnsafePointer<xmlChar>?,
        uri: UnsafePointer<xmlChar>?,
        namespaceCount: Int,
        namespaces: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?,
        attributeCount: Int,
        attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
    ) {
        if stack.count >= maxDepth {
            stop(
                .tooDeep(limit: maxDepth),
                "elements are nested deeper than the limit of \(maxDepth)"
            )
            return
        }
        let index = Int32(storage.nodes.count)
        let parent = stack.last ?? -1
        if parent >= 0 {
            // Text the parent had before its first child (the indentation of pretty-printed XML) is
            // mixed content: it is dropped from the buffer, and the parent's text length stays 0.
            let p = Int(parent)
            if storage.nodes[p].firstChild < 0 {
                text.truncate(to: Int(storage.nodes[p].textStart))
                storage.nodes[p].firstChild = index
            } else {
                storage.nodes[Int(storage.nodes[p].lastChild)].nextSibling = index
            }
            storage.nodes[p].lastChild = index
        }

        if namespaceCount > 0, let namespaces {
            scopeMarks.append((stack.count, scope.count))
            scopeGeneration += 1
            for i in 0..<namespaceCount {
                let prefix = namespaces[2 * i]
                scope.append((prefix, prefix.map { strlen($0) } ?? 0, internNamespace(namespaces[2 * i + 1])))
            }
        }

        // Envelope, Body and the RPC: how they were written, for GenieACS's namespace lookup.
        if stack.count <= 2, prefix != nil || namespaceCount > 0 {
            var declarations: [(prefix: String, uri: String)] = []
            if let namespaces {
                for i in 0..<namespaceCount {
                    declarations.append(
                        (
                            namespaces[2 * i].map { String(cString: $0) } ?? "",
                            namespaces[2 * i + 1].map { String(cString: $0) } ?? ""
                        )
                    )
                }
            }
            storage.outer.append(
                XMLTree.OuterElement(
                    node: index,
                    prefix: prefix.map { String(cString: $0) } ?? "",
                    declarations: declarations
                )
            )
        }
        var node = XMLTree.Node(name: internName(localname), namespace: internNamespace(uri), parent: parent)
        node.textStart = Int32(text.count)
        var line: Int32 = 0
        var column: Int32 = 0
        ferrule_tagStart(context, &line, &column)
        node.line = line
        node.column = column
        node.attributeStart = Int32(storage.attributes.count)
        if attributeCount > 0, let attributes {
            node.attributeCount = Int32(attributeCount)
            for i in 0..<attributeCount {
                guard let name = attributes[5 * i], let valueStart = attributes[5 * i + 3],
                    let valueEnd = attributes[5 * i + 4]
                else { continue }
                let value = UnsafeBufferPointer(start: valueStart, count: valueEnd - valueStart)
                let nameID = internName(name)
                let valueOffset = Int32(attributeText.count)
                attributeText.append(valueStart, value.count)
                var valueNamespace: Int32 = 0
                if nameID == KnownNames.type || nameID == KnownNames.arrayType {
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
        leafOpen = true
        // libxml2 stands at the start tag's `>` or `/>` (parser.c xmlParseStartTag2): the body
        // starts after the next `>` (attribute values are behind it).
        var offset = Int(xmlByteConsumed(context))
        while offset < source.count, source[offset] != UInt8(ascii: ">") { offset += 1 }
        bodyStart = Swift.min(offset + 1, source.count)
    }

    /// The namespace bound to the prefix of a QName-valued attribute (`xsd:string` → XML Schema).
    private mutating func resolvePrefix(ofQName value: UnsafeBufferPointer<xmlChar>) -> Int32 {
        var start = value.startIndex
        while start < value.endIndex, value[start].isXMLWhitespace { start += 1 }
        var end = start
        while end < value.endIndex, value[end] != UInt8(ascii: ":") { end += 1 }
        let prefix =
            end < value.endIndex
            ? UnsafeBufferPointer(rebasing: value[start..<end]) : UnsafeBufferPointer(rebasing: value[start..<start])
        if lastPrefixGeneration == scopeGeneration, Self.equal(lastPrefix, prefix) { return lastPrefixURI }
        var uri: Int32 = 0
        for declaration in scope.reversed() where declaration.length == prefix.count {
            if let p = declaration.prefix {
                var same = true
                for k in 0..<prefix.count where p[k] != prefix[prefix.startIndex + k] {
                    same = false
                    break
                }
                guard same else { continue }
            }
            uri = declaration.uri
            break
        }
        lastPrefix = Array(prefix)
        lastPrefixGeneration = scopeGeneration
        lastPrefixURI = uri
        return uri
    }

    /// Byte equality without the generic `elementsEqual` machinery (a hot path).
    static func equal(_ a: [UInt8], _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        return a.withUnsafeBufferPointer { a in
            for i in 0..<a.count where a[i] != b[i] { return false }
            return true
        }
    }

    mutating func endElement() {
        guard let index = stack.popLast() else { return }
        // libxml2 has consumed the end tag's `>` when it reports the end (parser.c xmlParseEndTag2).
        if stack.isEmpty, rootEnd == nil { rootEnd = Int(xmlByteConsumed(context)) }
        if leafOpen {
            let i = Int(index)
            storage.nodes[i].textLength = Int32(text.count) - storage.nodes[i].textStart
            noteSourceText(of: index)
        }
        // The parent, innermost again, has a child now.
        leafOpen = false
        if let last = scopeMarks.last, last.depth == stack.count {
            scopeMarks.removeLast()
            scope.removeLast(scope.count - last.mark)
            scopeGeneration += 1
        }
    }

    /// Keeps the text of leaf `index` as written between its tags when it differs from the text
    /// read (an entity or character reference, a comment, a CDATA section, a CR): GenieACS 1.2.16
    /// reads that slice, undecoded (lib/xml-parser.ts:265-266), for names and codes.
    private mutating func noteSourceText(of index: Int32) {
        // libxml2 has consumed the end tag's `>` (parser.c xmlParseEndTag2); the end tag holds no `<`.
        var end = Swift.min(Int(xmlByteConsumed(context)), source.count)
        while end > bodyStart, source[end - 1] != UInt8(ascii: "<") { end -= 1 }
        end -= 1
        guard end > bodyStart else { return }  // `<a/>`, `<a></a>`: no text either way
        let node = storage.nodes[Int(index)]
        let read = UnsafeBufferPointer(rebasing: text.elements[Int(node.textStart)...])
        let written = UnsafeBufferPointer(rebasing: source[bodyStart..<end])
        if read.count == written.count, Self.same(read, written) { return }
        storage.sourceTexts[index] = String(decoding: written, as: UTF8.self)
    }

    private static func same(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        for k in 0..<a.count where a[k] != b[k] { return false }
        return true
    }

    mutating func characters(_ bytes: UnsafePointer<xmlChar>, _ count: Int) {
        // Text after a child element is mixed content, which is dropped: skip it at once.
        guard leafOpen else { return }
        text.append(bytes, count)
    }

    mutating func cdata(_ bytes: UnsafePointer<xmlChar>, _ count: Int) {
        guard let top = stack.last else { return }
        storage.nodes[Int(top)].hasCDATA = true
        text.append(bytes, count)
    }

    /// Keeps a comment in the text of the open leaf as written, `<!--…-->`: GenieACS 1.2.16 keeps
    /// element text verbatim, slicing it between the tags (lib/xml-parser.ts:262), and skips a
    /// comment only as a node (lib/xml-parser.ts:272-277), so it stores `V5R020<!-- build -->C00S115`
    /// as the value. A comment between elements is dropped with the other mixed content.
    mutating func comment(_ value: UnsafePointer<xmlChar>) {
        guard leafOpen, let top = stack.last else { return }
        storage.nodes[Int(top)].hasComment = true
        Self.commentOpen.withUnsafeBufferPointer { p in
            if let base = p.baseAddress { text.append(base, p.count) }
        }
        text.append(value, strlen(value))
        Self.commentClose.withUnsafeBufferPointer { p in
            if let base = p.baseAddress { text.append(base, p.count) }
        }
    }

    private static let commentOpen: [UInt8] = Array("<!--".utf8)
    private static let commentClose: [UInt8] = Array("-->".utf8)

    mutating func doctype() {
        stop(
            .doctype,
            "a DOCTYPE is not allowed in a SOAP message"
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
                    elementPath: elementPath,
                    // XML_ERR_DOCUMENT_END or _RESERVED_XML_NAME: something (a second `<?xml`) follows the root.
                    rootEnd: error.code == 5 || error.code == 64 ? rootEnd : nil
                )
            }
        } else if notices.count < 32 {
            notices.append(XMLNotice(message: message, line: Int(error.line)))
        }
    }
}
