/// A compact, read-only element tree built from libxml2 SAX events.
///
/// Nodes live in one array and refer to each other by index; names and namespace URIs are interned,
/// and element text lives in one shared UTF-8 buffer. Only the text of elements without child
/// elements is kept (mixed content is dropped, as every surveyed ACS does), which is all CWMP needs.
/// A class so that element views share it with one reference count, not one per array.
package final class XMLTree: Sendable {
    let storage: Storage
    /// Local name → interned index, for lookups by name.
    let nameIDs: [String: Int32]

    init(_ storage: Storage) {
        self.storage = storage
        var ids: [String: Int32] = [:]
        for (i, name) in storage.names.enumerated() { ids[name] = Int32(i) }
        self.nameIDs = ids
    }

    var names: [String] { storage.names }
    var namespaces: [String] { storage.namespaces }
    var nodes: [Node] { storage.nodes }
    var attributes: [Attribute] { storage.attributes }
    var text: [UInt8] { storage.text }
    var attributeText: [UInt8] { storage.attributeText }

    package var root: XMLElement? { storage.nodes.isEmpty ? nil : XMLElement(tree: self, index: 0) }

    /// What the SAX builder fills in.
    struct Storage: Sendable {
        /// Interned local names; index 0 is the empty string.
        var names: [String] = [""]
        /// Interned namespace URIs; index 0 means "no namespace".
        var namespaces: [String] = [""]
        var nodes: [Node] = []
        var attributes: [Attribute] = []
        var text: [UInt8] = []
        var attributeText: [UInt8] = []
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
        var hasCDATA = false
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

    package var localName: String { tree.names[Int(node.name)] }
    package var namespaceURI: String? {
        let ns = node.namespace
        return ns == 0 ? nil : tree.namespaces[Int(ns)]
    }
    package var line: Int { Int(node.line) }

    /// The element's own text, exactly as sent (entities decoded, never trimmed).
    package var text: String {
        let n = node
        guard n.textLength > 0 else { return "" }
        let start = Int(n.textStart)
        return tree.text.withUnsafeBufferPointer {
            String(decoding: UnsafeBufferPointer(rebasing: $0[start..<start + Int(n.textLength)]), as: UTF8.self)
        }
    }

    /// The text with XML white space trimmed, for names, identifiers and numbers (never values).
    package var trimmedText: String { text.trimmingXMLWhitespace() }

    package var hasChildren: Bool { node.firstChild >= 0 }
    var hasText: Bool { node.textLength > 0 }
    var hasCDATA: Bool { node.hasCDATA }

    var parent: XMLElement? {
        let p = node.parent
        return p < 0 ? nil : XMLElement(tree: tree, index: p)
    }

    package var children: XMLChildren { XMLChildren(tree: tree, first: node.firstChild) }

    /// The first child with this local name, whatever its namespace.
    package func child(_ name: String) -> XMLElement? {
        guard let id = tree.nameIDs[name] else { return nil }
        var c = node.firstChild
        while c >= 0 {
            let child = tree.nodes[Int(c)]
            if child.name == id { return XMLElement(tree: tree, index: c) }
            c = child.nextSibling
        }
        return nil
    }

    /// All children with this local name, whatever their namespace.
    package func children(_ name: String) -> [XMLElement] {
        guard let id = tree.nameIDs[name] else { return [] }
        var result: [XMLElement] = []
        var c = node.firstChild
        while c >= 0 {
            let child = tree.nodes[Int(c)]
            if child.name == id { result.append(XMLElement(tree: tree, index: c)) }
            c = child.nextSibling
        }
        return result
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
        guard n.attributeCount > 0, let id = tree.nameIDs[name] else { return nil }
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

extension StringProtocol {
    /// The string without leading and trailing XML white space (space, tab, CR, LF).
    package func trimmingXMLWhitespace() -> String {
        let bytes = Array(self.utf8)
        guard let first = bytes.first, let last = bytes.last else { return "" }
        if !first.isXMLWhitespace && !last.isXMLWhitespace { return String(self) }
        guard let start = bytes.firstIndex(where: { !$0.isXMLWhitespace }),
            let end = bytes.lastIndex(where: { !$0.isXMLWhitespace })
        else { return "" }
        return String(decoding: bytes[start...end], as: UTF8.self)
    }
}

extension UInt8 {
    package var isXMLWhitespace: Bool { self == 0x20 || self == 0x09 || self == 0x0A || self == 0x0D }
}
