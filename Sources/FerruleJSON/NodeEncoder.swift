/// A coding key for array positions and `super`.
struct IndexKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(stringValue: String) { self.stringValue = stringValue }
    init(intValue: Int) {
        self.stringValue = String(intValue)
        self.intValue = intValue
    }
}

/// The `Encoder` handed to `encode(to:)`: writes into one node.
struct NodeEncoder: Encoder {
    let node: JSONNode
    let codingPath: [any CodingKey]
    let sendableInfo: [CodingUserInfoKey: any Sendable]
    var userInfo: [CodingUserInfoKey: Any] { sendableInfo }

    init(node: JSONNode, codingPath: [any CodingKey], userInfo: [CodingUserInfoKey: any Sendable]) {
        self.node = node
        self.codingPath = codingPath
        self.sendableInfo = userInfo
    }

    func child(_ node: JSONNode, _ key: any CodingKey) -> NodeEncoder {
        NodeEncoder(node: node, codingPath: codingPath + [key], userInfo: sendableInfo)
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        node.makeObject()
        return KeyedEncodingContainer(KeyedNodeContainer<Key>(encoder: self))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        node.makeArray()
        return UnkeyedNodeContainer(encoder: self)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { SingleNodeContainer(encoder: self) }

    /// The JSON value of a primitive, or nil when `value` must encode itself.
    static func primitive(_ value: some Encodable, at path: [any CodingKey]) throws -> JSONValue? {
        switch value {
        case let v as String: return .string(v)
        case let v as Bool: return .bool(v)
        case let v as Int: return .number(String(v))
        case let v as Int8: return .number(String(v))
        case let v as Int16: return .number(String(v))
        case let v as Int32: return .number(String(v))
        case let v as Int64: return .number(String(v))
        case let v as UInt: return .number(String(v))
        case let v as UInt8: return .number(String(v))
        case let v as UInt16: return .number(String(v))
        case let v as UInt32: return .number(String(v))
        case let v as UInt64: return .number(String(v))
        case let v as Double: return try number(v, at: path)
        case let v as Float: return try number(Double(v), at: path)
        default: return nil
        }
    }

    static func number(_ v: Double, at path: [any CodingKey]) throws -> JSONValue {
        guard v.isFinite else {
            throw EncodingError.invalidValue(v, .init(codingPath: path, debugDescription: "\(v) is not valid JSON"))
        }
        let text = String(describing: v)
        return .number(text.hasSuffix(".0") ? String(text.dropLast(2)) : text)
    }

    func encode(_ value: some Encodable, into target: JSONNode, key: any CodingKey) throws {
        if let leaf = try Self.primitive(value, at: codingPath + [key]) {
            target.content = .leaf(leaf)
        } else {
            try value.encode(to: child(target, key))
        }
    }
}
