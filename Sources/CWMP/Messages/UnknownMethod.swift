/// A generic element: what an RPC TR-069 does not define is read into (a vendor `X_…` method).
public struct GenericElement: Sendable, Hashable, Codable {
    public var name: String
    /// The element's text (only for elements without children).
    public var text: String
    public var children: [GenericElement]

    public init(name: String, text: String = "", children: [GenericElement] = []) {
        self.name = name
        self.text = text
        self.children = children
    }

    init(_ e: XMLElement) {
        name = e.localName
        children = e.children.map(GenericElement.init)
        text = children.isEmpty ? e.text : ""
    }

    func write(_ w: inout BodyWriter) {
        if children.isEmpty {
            w.field(name, text)
        } else {
            w.structure(name) { w in
                for child in children { child.write(&w) }
            }
        }
    }
}

/// An RPC that TR-069 does not define: kept as its name and children, never rejected.
public struct UnknownMethod: Sendable, Hashable, Codable {
    /// The RPC element's local name.
    public var name: String
    public var children: [GenericElement]

    public init(name: String, children: [GenericElement]) {
        self.name = name
        self.children = children
    }
}

extension UnknownMethod: BodyMessage {
    var elementName: String { name }

    func writeXML(_ w: inout BodyWriter) {
        for child in children { child.write(&w) }
    }
}
