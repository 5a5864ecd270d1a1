/// A compact, read-only element tree built from libxml2 SAX events.
///
/// Nodes live in one array and refer to each other by index; names and namespace URIs are interned,
/// and element text lives in one shared UTF-8 buffer. Only the text of elements without child
/// elements is kept (mixed content is dropped, as every surveyed ACS does), which is all CWMP needs.
/// A class so that element views share it with one reference count, not one per array.
package final class XMLTree: Sendable {
    let storage: Storage
    /// Per-document names (those not in ``KnownNames``) → ID, for lookups by name.
    private let dynamicIDs: [String: Int32]
    /// The interned ID of the XML Schema namespace, or -1 when the document does not use it.
    let xmlSchemaNamespace: Int32

    init(_ storage: Storage) {
        self.storage = storage
        xmlSchemaNamespace = storage.namespaces.firstIndex(of: CWMPNamespaces.xmlSchema).map { Int32($0) } ?? -1
        var ids: [String: Int32] = [:]
        for (i, name) in storage.dynamicNames.enumerated() { ids[name] = KnownNames.count + Int32(i) }
        self.dynamicIDs = ids
    }

    deinit {
        StoragePool.recycle(storage)
    }

    /// The ID of a local name in this document, or nil when no element or attribute has it.
    func nameID(_ name: String) -> Int32? { KnownNames.id(name) ?? dynamicIDs[name] }

    /// The local name with this ID.
    func name(_ id: Int32) -> String {
        id < KnownNames.count ? KnownNames.names[Int(id)] : storage.dynamicNames[Int(id - KnownNames.count)]
    }

    var namespaces: [String] { storage.namespaces }
    var nodes: [Node] { storage.nodes }
    var attributes: [Attribute] { storage.attributes }
    var text: [UInt8] { storage.text }
    var attributeText: [UInt8] { storage.attributeText }

    package var root: XMLElement? { storage.nodes.isEmpty ? nil : XMLElement(tree: self, index: 0) }

    /// The text of node `index` (entities decoded, never trimmed).
    func text(of index: Int32) -> String {
        let n = storage.nodes[Int(index)]
        guard n.textLength > 0 else { return "" }
        let start = Int(n.textStart)
        return storage.text.withUnsafeBufferPointer {
            String(decoding: UnsafeBufferPointer(rebasing: $0[start..<start + Int(n.textLength)]), as: UTF8.self)
        }
    }

    /// The text of node `index` as GenieACS 1.2.16 reads it: the characters between its tags as
    /// written, references undecoded, comments, CDATA markup and CR kept, never trimmed
    /// (lib/xml-parser.ts:265-266 slices the body; lib/soap.ts reads names and FaultCodes so,
    /// decoding only values and strings with `decodeEntities`).
    func sourceText(of index: Int32) -> String {
        // Most documents have no such leaf: no hashing on the hot path of large responses.
        storage.sourceTexts.isEmpty ? text(of: index) : storage.sourceTexts[index] ?? text(of: index)
    }

    /// The text of node `index` without surrounding XML white space, made into a String once.
    func trimmedText(of index: Int32) -> String {
        let n = storage.nodes[Int(index)]
        guard n.textLength > 0 else { return "" }
        var start = Int(n.textStart)
        var end = start + Int(n.textLength)
        return storage.text.withUnsafeBufferPointer { buffer in
            while start < end, buffer[start].isXMLWhitespace { start += 1 }
            while end > start, buffer[end - 1].isXMLWhitespace { end -= 1 }
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<end]), as: UTF8.self)
        }
    }

    /// Whether the text of node `index` starts or ends with XML white space (what
    /// ``trimmedText(of:)`` removes).
    func hasSurroundingWhitespace(of index: Int32) -> Bool {
        let n = storage.nodes[Int(index)]
        guard n.textLength > 0 else { return false }
        let start = Int(n.textStart)
        let end = start + Int(n.textLength) - 1
        return storage.text[start].isXMLWhitespace || storage.text[end].isXMLWhitespace
    }

    /// `true` for exactly `true` or `1`, `false` for exactly `false` or `0`, nil otherwise: the
    /// only spellings GenieACS 1.2.16 reads as booleans (lib/soap.ts:79-83), untrimmed.
    func exactBoolean(of index: Int32) -> Bool? {
        let n = storage.nodes[Int(index)]
        let start = Int(n.textStart)
        let count = Int(n.textLength)
        return storage.text.withUnsafeBufferPointer { buffer -> Bool? in
            func isWord(_ word: StaticString) -> Bool {
                guard count == word.utf8CodeUnitCount else { return false }
                for k in 0..<count where buffer[start + k] != word.utf8Start[k] { return false }
                return true
            }
            if isWord("1") || isWord("true") { return true }
            if isWord("0") || isWord("false") { return false }
            return nil
        }
    }

    /// The text of node `index` read as an xsd:boolean (`1`, `0`, `true`, `false`, ASCII letters in
    /// any case, XML white space around), or nil for any other text.
    func asciiBoolean(of index: Int32) -> Bool? {
        let n = storage.nodes[Int(index)]
        var start = Int(n.textStart)
        var end = start + Int(n.textLength)
        return storage.text.withUnsafeBufferPointer { buffer -> Bool? in
            while start < end, buffer[start].isXMLWhitespace { start += 1 }
            while end > start, buffer[end - 1].isXMLWhitespace { end -= 1 }
            func isWord(_ word: StaticString) -> Bool {
                guard end - start == word.utf8CodeUnitCount else { return false }
                for k in 0..<word.utf8CodeUnitCount where buffer[start + k] | 0x20 != word.utf8Start[k] { return false }
                return true
            }
            if end - start == 1 {
                if buffer[start] == UInt8(ascii: "1") { return true }
                if buffer[start] == UInt8(ascii: "0") { return false }
                return nil
            }
            if isWord("true") { return true }
            if isWord("false") { return false }
            return nil
        }
    }

    /// What the SAX builder fills in.
    struct Storage: Sendable {
        /// Local names not in ``KnownNames``, with IDs from `KnownNames.count` up.
        var dynamicNames: [String] = []
        /// Interned namespace URIs; index 0 means "no namespace".
        var namespaces: [String] = [""]
        var nodes: [Node] = []
        var attributes: [Attribute] = []
        var text: [UInt8] = []
        var attributeText: [UInt8] = []
        /// The prefix and namespace declarations, as written, of the elements at depth 0-2
        /// (Envelope; Header and Body; the RPC and header fields) that have either, in document
        /// order: GenieACS 1.2.16 reads an Inform's CWMP namespace from these texts, not from the
        /// namespace the element is in (lib/soap.ts:873-888).
        var outer: [OuterElement] = []
        /// The text of a leaf as written between its tags, for the few leaves where that is not
        /// the text read (references, comments, CDATA, CR): see ``XMLTree/sourceText(of:)``.
        var sourceTexts: [Int32: String] = [:]
    }

    /// How an element near the root was written: its prefix (`""` for none) and its `xmlns`
    /// declarations (prefix `""` for the default namespace).
    struct OuterElement: Sendable {
        var node: Int32
        var prefix: String
        var declarations: [(prefix: String, uri: String)]
    }

    struct Node: Sendable {
        var name: Int32
        var namespace: Int32
        var parent: Int32
        var firstChild: Int32 = -1
        var lastChild: Int32 = -1
        var nextSibling: Int32 = -1
        var textStart: Int32 = 0
        var textLength: Int32 = 0
        var attributeStart: Int32 = 0
        var attributeCount: Int32 = 0
        var line: Int32 = 0
        var column: Int32 = 0
        var hasCDATA = false
        /// A comment stood in the element's text (kept there, ``SAXBuilderState/comment(_:)``).
        var hasComment = false
    }

    struct Attribute: Sendable {
        var name: Int32
        var namespace: Int32
        var valueStart: Int32
        var valueLength: Int32
        /// For QName-valued attributes (`xsi:type`, `soapenc:arrayType`): the namespace URI bound to the
        /// value's prefix where the attribute appeared, or 0 when unbound or unprefixed.
        var valueNamespace: Int32
    }
}

/// A view of one element of an ``XMLTree``.
package struct XMLElement: Sendable {
    package let tree: XMLTree
    package let index: Int32

    private var node: XMLTree.Node { tree.storage.nodes[Int(index)] }

    package var localName: String { tree.name(node.name) }
    /// The interned ID of the local name (``KnownNames`` or per document), compared without a String.
    var nameID: Int32 { node.name }
    package var namespaceURI: String? {
        let ns = node.namespace
        return ns == 0 ? nil : tree.namespaces[Int(ns)]
    }
    package var line: Int { Int(node.line) }
    /// 1-based byte column of the `<` that opens the element (0 when unknown).
    package var column: Int { Int(node.column) }
    /// ``column`` when known, nil otherwise.
    package var knownColumn: Int? { node.column > 0 ? Int(node.column) : nil }

    /// The element's own text, exactly as sent (entities decoded, never trimmed).
    package var text: String { tree.text(of: index) }

    /// The text as GenieACS 1.2.16 reads names and codes: as written between the tags, undecoded
    /// and untrimmed (``XMLTree/sourceText(of:)``).
    package var sourceText: String { tree.sourceText(of: index) }

    /// The text with XML white space trimmed, for names, identifiers and numbers (never values).
    package var trimmedText: String { tree.trimmedText(of: index) }

    package var hasChildren: Bool { node.firstChild >= 0 }
    var hasText: Bool { node.textLength > 0 }
    var hasCDATA: Bool { node.hasCDATA }
    /// Whether the element's text holds a comment, kept as written (``SAXBuilderState/comment(_:)``).
    var hasComment: Bool { node.hasComment }

    var parent: XMLElement? {
        let p = node.parent
        return p < 0 ? nil : XMLElement(tree: tree, index: p)
    }

    package var children: XMLChildren { XMLChildren(tree: tree, first: node.firstChild) }

    /// The first child with this local name, whatever its namespace.
    package func child(_ name: String) -> XMLElement? {
        guard let id = tree.nameID(name) else { return nil }
        var c = node.firstChild
        while c >= 0 {
            let child = tree.nodes[Int(c)]
            if child.name == id { return XMLElement(tree: tree, index: c) }
            c = child.nextSibling
        }
        return nil
    }

    /// The node indexes of the last child named `a` and the last named `b` (interned IDs), -1 for
    /// none, and how many of each there are: one walk over the children, for the hot paths of large
    /// responses. The last, because GenieACS 1.2.16 reads a struct's fields by assignment in a loop
    /// over its children (lib/soap.ts:96-104, 148-156), so the last copy of a repeated one wins.
    func lastChildren(_ a: Int32, _ b: Int32) -> (Int32, Int32, countA: Int, countB: Int) {
        var first: Int32 = -1
        var second: Int32 = -1
        var countA = 0
        var countB = 0
        var c = node.firstChild
        while c >= 0 {
            let child = tree.storage.nodes[Int(c)]
            if child.name == a {
                first = c
                countA += 1
            } else if child.name == b {
                second = c
                countB += 1
            }
            c = child.nextSibling
        }
        return (first, second, countA, countB)
    }

    /// All children with this local name, whatever their namespace.
    package func children(_ name: String) -> [XMLElement] {
        guard let id = tree.nameID(name) else { return [] }
        var result: [XMLElement] = []
        var c = node.firstChild
        while c >= 0 {
            let child = tree.nodes[Int(c)]
            if child.name == id { result.append(XMLElement(tree: tree, index: c)) }
            c = child.nextSibling
        }
        return result
    }

    /// The prefix the element was written with (`""` for none) and its `xmlns` declarations
    /// (prefix `""` for the default), as GenieACS's parser sees them; recorded for the Envelope,
    /// its children and grandchildren only (deeper elements read as unprefixed, with none).
    var written: (prefix: String, declarations: [(prefix: String, uri: String)]) {
        let outer = tree.storage.outer
        var low = 0
        var high = outer.count
        while low < high {
            let mid = (low + high) / 2
            if outer[mid].node < index { low = mid + 1 } else { high = mid }
        }
        guard low < outer.count, outer[low].node == index else { return ("", []) }
        return (outer[low].prefix, outer[low].declarations)
    }

    /// The value of the attribute with this local name (any prefix), or nil.
    package func attribute(_ name: String) -> String? {
        attributeRecord(name).map(attributeValue)
    }

    /// The attribute with this local name, its value, and the namespace bound to the value's prefix.
    func qualifiedAttribute(_ name: String) -> (value: String, valueNamespace: String?)? {
        guard let a = attributeRecord(name) else { return nil }
        return (attributeValue(a), a.valueNamespace == 0 ? nil : tree.namespaces[Int(a.valueNamespace)])
    }

    private func attributeRecord(_ name: String) -> XMLTree.Attribute? {
        let n = node
        guard n.attributeCount > 0, let id = tree.nameID(name) else { return nil }
        for i in Int(n.attributeStart)..<Int(n.attributeStart + n.attributeCount)
        where tree.attributes[i].name == id {
            return tree.attributes[i]
        }
        return nil
    }

    private func attributeValue(_ a: XMLTree.Attribute) -> String {
        let start = Int(a.valueStart)
        return tree.attributeText.withUnsafeBufferPointer {
            String(decoding: UnsafeBufferPointer(rebasing: $0[start..<start + Int(a.valueLength)]), as: UTF8.self)
        }
    }

    /// The slash-separated local names from the root to this element, for messages.
    package var path: String {
        var names: [String] = []
        var current: XMLElement? = self
        while let e = current {
            names.append(e.localName)
            current = e.parent
        }
        return "/" + names.reversed().joined(separator: "/")
    }
}

/// The child elements of one element, in document order.
package struct XMLChildren: Sequence, Sendable {
    let tree: XMLTree
    let first: Int32

    package struct Iterator: IteratorProtocol {
        let tree: XMLTree
        var cursor: Int32
        package mutating func next() -> XMLElement? {
            guard cursor >= 0 else { return nil }
            let element = XMLElement(tree: tree, index: cursor)
            cursor = tree.storage.nodes[Int(cursor)].nextSibling
            return element
        }
    }

    package func makeIterator() -> Iterator { Iterator(tree: tree, cursor: first) }
}

extension String {
    /// The string without leading and trailing XML white space (space, tab, CR, LF).
    package func trimmingXMLWhitespace() -> String {
        let utf8 = self.utf8
        guard let first = utf8.first, let last = utf8.last else { return "" }
        if !first.isXMLWhitespace && !last.isXMLWhitespace { return self }
        guard let start = utf8.firstIndex(where: { !$0.isXMLWhitespace }),
            let end = utf8.lastIndex(where: { !$0.isXMLWhitespace })
        else { return "" }
        return String(decoding: utf8[start...end], as: UTF8.self)
    }
}

extension Substring {
    /// The substring without leading and trailing XML white space, as a String.
    package func trimmingXMLWhitespace() -> String { String(self).trimmingXMLWhitespace() }
}

extension UInt8 {
    package var isXMLWhitespace: Bool { self == 0x20 || self == 0x09 || self == 0x0A || self == 0x0D }
}
