/// Writes the children of an RPC element: unqualified children, SOAP-encoded arrays with exact
/// `soap-enc:arrayType` counts, and `xsi:type` on every value (cwmp-1-2.xsd:537-559; GenieACS 1.2.16 lib/soap.ts:326).
struct BodyWriter {
    var xml: XMLWriter

    mutating func field(_ name: String, _ value: String) { xml.element(name, value) }
    mutating func field(_ name: String, _ value: UInt32) { xml.element(name, String(value)) }
    mutating func field(_ name: String, _ value: Int32) { xml.element(name, String(value)) }
    mutating func field(_ name: String, _ value: Bool) { xml.element(name, value ? "1" : "0") }

    mutating func optionalField(_ name: String, _ value: String?) {
        if let value { xml.element(name, value) }
    }

    /// A nested structure element.
    mutating func structure(_ name: String, _ attributes: [(String, String)] = [], _ body: (inout BodyWriter) -> Void) {
        xml.open(name, attributes)
        body(&self)
        xml.close(name)
    }

    /// A SOAP-encoded array whose item elements are all named `itemName`.
    ///
    /// - Parameter itemType: the qualified item type for `arrayType` (`cwmp:ParameterValueStruct`).
    mutating func array<T>(
        _ name: String,
        itemType: String,
        _ items: [T],
        _ body: (T, inout BodyWriter) -> Void
    ) {
        let attributes = [("soap-enc:arrayType", "\(itemType)[\(items.count)]")]
        if items.isEmpty {
            xml.element(name, "", attributes)
            return
        }
        xml.open(name, attributes)
        for item in items { body(item, &self) }
        xml.close(name)
    }

    /// A `xsd:string[n]` array.
    mutating func stringArray(_ name: String, _ items: [String], itemType: String = "xsd:string") {
        array(name, itemType: itemType, items) { item, w in w.xml.element("string", item) }
    }
}

/// What a ``CWMPBody`` case carries: a message that knows its element name, writes its children
/// and encodes as JSON.
protocol BodyMessage: Encodable, Sendable {
    /// The RPC element's local name.
    var elementName: String { get }
    func writeXML(_ writer: inout BodyWriter)
}

/// What every typed RPC provides: its element name, a tolerant reader and a strict writer.
protocol CWMPRPC: BodyMessage, Hashable, Codable {
    /// The RPC element's local name (`Inform`, `GetParameterValuesResponse`).
    static var methodName: String { get }
    init(xml element: XMLElement, _ decoder: inout BodyDecoder)
}

extension CWMPRPC {
    var elementName: String { Self.methodName }
}

/// An RPC that carries nothing (`RebootResponse`, `FactoryReset`, …).
protocol EmptyCWMPRPC: CWMPRPC {
    init()
}

extension EmptyCWMPRPC {
    init(xml element: XMLElement, _ decoder: inout BodyDecoder) { self.init() }
    func writeXML(_ writer: inout BodyWriter) {}
}
