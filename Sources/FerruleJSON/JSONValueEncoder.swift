/// Encodes `Encodable` values to ``JSONValue`` without Foundation.
///
/// Paired with ``JSONValue/appendPretty(to:level:)`` this gives the bytes of Foundation's
/// pretty-printed, key-sorted `JSONEncoder` while a streamed command writes one record at a time:
/// the record becomes a value tree and is written straight into the output buffer, with no
/// intermediate text. Integers are written as their decimal text, `Bool` as `true`/`false`, `nil`
/// as `null`; floating-point numbers as Swift prints them (`1.5`, `1e+20`), whole ones without a
/// fraction (`1`, `-0`), as Foundation does. Non-finite numbers are an `EncodingError`.
///
/// ```swift
/// var encoder = JSONValueEncoder()
/// encoder.userInfo[someKey] = true
/// let value = try encoder.encode(report)
/// ```
public struct JSONValueEncoder: Sendable {
    /// Passed to every `encode(to:)` as the encoder's `userInfo`.
    public var userInfo: [CodingUserInfoKey: any Sendable] = [:]

    /// An encoder with no `userInfo`.
    public init() {}

    /// The JSON value of `value`.
    ///
    /// - Throws: `EncodingError.invalidValue` for a non-finite floating-point number or a value
    ///   that encodes nothing; whatever `value.encode(to:)` throws.
    public func encode(_ value: some Encodable) throws -> JSONValue {
        let node = JSONNode()
        try value.encode(to: NodeEncoder(node: node, codingPath: [], userInfo: userInfo))
        guard !node.isEmpty else {
            throw EncodingError.invalidValue(
                value,
                .init(codingPath: [], debugDescription: "Top-level \(type(of: value)) did not encode any values.")
            )
        }
        return node.value
    }
}

/// One value under construction: containers stay open (by reference) until the tree is read.
final class JSONNode {
    enum Content {
        case empty
        case leaf(JSONValue)
        case object(keys: [String], nodes: [JSONNode], index: [String: Int])
        case array([JSONNode])
    }

    var content = Content.empty

    var isEmpty: Bool {
        if case .empty = content { return true }
        return false
    }

    var value: JSONValue {
        switch content {
        case .empty: .object([])
        case .leaf(let value): value
        case .object(let keys, let nodes, _): .object(zip(keys, nodes).map { ($0, $1.value) })
        case .array(let nodes): .array(nodes.map(\.value))
        }
    }

    /// The member `key` of this object (made an object if still empty), new or replaced.
    func member(_ key: String) -> JSONNode {
        let node = JSONNode()
        guard case .object(var keys, var nodes, var index) = content else {
            content = .object(keys: [key], nodes: [node], index: [key: 0])
            return node
        }
        content = .empty
        if let at = index[key] {
            nodes[at] = node
        } else {
            index[key] = keys.count
            keys.append(key)
            nodes.append(node)
        }
        content = .object(keys: keys, nodes: nodes, index: index)
        return node
    }

    /// A new last element of this array (made an array if still empty).
    func element() -> JSONNode {
        let node = JSONNode()
        guard case .array(var nodes) = content else {
            content = .array([node])
            return node
        }
        content = .empty
        nodes.append(node)
        content = .array(nodes)
        return node
    }

    var count: Int {
        if case .array(let nodes) = content { return nodes.count }
        return 0
    }

    func makeObject() { if case .object = content {} else { content = .object(keys: [], nodes: [], index: [:]) } }
    func makeArray() { if case .array = content {} else { content = .array([]) } }
}

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

struct KeyedNodeContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: NodeEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    mutating func encodeNil(forKey key: Key) throws { encoder.node.member(key.stringValue).content = .leaf(.null) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { encoder.node.member(key.stringValue).content = .leaf(.bool(value)) }
    mutating func encode(_ value: String, forKey key: Key) throws { encoder.node.member(key.stringValue).content = .leaf(.string(value)) }
    mutating func encode(_ value: Double, forKey key: Key) throws { encoder.node.member(key.stringValue).content = .leaf(try NodeEncoder.number(value, at: codingPath)) }
    mutating func encode(_ value: Float, forKey key: Key) throws { encoder.node.member(key.stringValue).content = .leaf(try NodeEncoder.number(Double(value), at: codingPath)) }
    mutating func encode(_ value: Int, forKey key: Key) throws { encoder.node.member(key.stringValue).content = .leaf(.number(String(value))) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { encoder.node.member(key.stringValue).content = .leaf(.number(String(value))) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { encoder.node.member(key.stringValue).content = .leaf(.number(String(value))) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { encoder.node.member(key.stringValue).content = .leaf(.number(String(value))) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { encoder.node.member(key.stringValue).content = .leaf(.number(String(value))) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { encoder.node.member(key.stringValue).content = .leaf(.number(String(value))) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { encoder.node.member(key.stringValue).content = .leaf(.number(String(value))) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { encoder.node.member(key.stringValue).content = .leaf(.number(String(value))) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { encoder.node.member(key.stringValue).content = .leaf(.number(String(value))) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { encoder.node.member(key.stringValue).content = .leaf(.number(String(value))) }

    mutating func encode(_ value: some Encodable, forKey key: Key) throws {
        try encoder.encode(value, into: encoder.node.member(key.stringValue), key: key)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type,
        forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        encoder.child(encoder.node.member(key.stringValue), key).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        encoder.child(encoder.node.member(key.stringValue), key).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        encoder.child(encoder.node.member("super"), IndexKey(stringValue: "super"))
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        encoder.child(encoder.node.member(key.stringValue), key)
    }
}

struct UnkeyedNodeContainer: UnkeyedEncodingContainer {
    let encoder: NodeEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }
    var count: Int { encoder.node.count }

    private var nextKey: IndexKey { IndexKey(intValue: count) }

    mutating func encodeNil() throws { encoder.node.element().content = .leaf(.null) }
    mutating func encode(_ value: Bool) throws { encoder.node.element().content = .leaf(.bool(value)) }
    mutating func encode(_ value: String) throws { encoder.node.element().content = .leaf(.string(value)) }
    mutating func encode(_ value: Double) throws { encoder.node.element().content = .leaf(try NodeEncoder.number(value, at: codingPath)) }
    mutating func encode(_ value: Float) throws { encoder.node.element().content = .leaf(try NodeEncoder.number(Double(value), at: codingPath)) }
    mutating func encode(_ value: Int) throws { encoder.node.element().content = .leaf(.number(String(value))) }
    mutating func encode(_ value: Int8) throws { encoder.node.element().content = .leaf(.number(String(value))) }
    mutating func encode(_ value: Int16) throws { encoder.node.element().content = .leaf(.number(String(value))) }
    mutating func encode(_ value: Int32) throws { encoder.node.element().content = .leaf(.number(String(value))) }
    mutating func encode(_ value: Int64) throws { encoder.node.element().content = .leaf(.number(String(value))) }
    mutating func encode(_ value: UInt) throws { encoder.node.element().content = .leaf(.number(String(value))) }
    mutating func encode(_ value: UInt8) throws { encoder.node.element().content = .leaf(.number(String(value))) }
    mutating func encode(_ value: UInt16) throws { encoder.node.element().content = .leaf(.number(String(value))) }
    mutating func encode(_ value: UInt32) throws { encoder.node.element().content = .leaf(.number(String(value))) }
    mutating func encode(_ value: UInt64) throws { encoder.node.element().content = .leaf(.number(String(value))) }

    mutating func encode(_ value: some Encodable) throws {
        let key = nextKey
        try encoder.encode(value, into: encoder.node.element(), key: key)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<
        NestedKey
    > {
        let key = nextKey
        return encoder.child(encoder.node.element(), key).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let key = nextKey
        return encoder.child(encoder.node.element(), key).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        let key = nextKey
        return encoder.child(encoder.node.element(), key)
    }
}

struct SingleNodeContainer: SingleValueEncodingContainer {
    let encoder: NodeEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    mutating func encodeNil() throws { encoder.node.content = .leaf(.null) }
    mutating func encode(_ value: Bool) throws { encoder.node.content = .leaf(.bool(value)) }
    mutating func encode(_ value: String) throws { encoder.node.content = .leaf(.string(value)) }
    mutating func encode(_ value: Double) throws { encoder.node.content = .leaf(try NodeEncoder.number(value, at: codingPath)) }
    mutating func encode(_ value: Float) throws { encoder.node.content = .leaf(try NodeEncoder.number(Double(value), at: codingPath)) }
    mutating func encode(_ value: Int) throws { encoder.node.content = .leaf(.number(String(value))) }
    mutating func encode(_ value: Int8) throws { encoder.node.content = .leaf(.number(String(value))) }
    mutating func encode(_ value: Int16) throws { encoder.node.content = .leaf(.number(String(value))) }
    mutating func encode(_ value: Int32) throws { encoder.node.content = .leaf(.number(String(value))) }
    mutating func encode(_ value: Int64) throws { encoder.node.content = .leaf(.number(String(value))) }
    mutating func encode(_ value: UInt) throws { encoder.node.content = .leaf(.number(String(value))) }
    mutating func encode(_ value: UInt8) throws { encoder.node.content = .leaf(.number(String(value))) }
    mutating func encode(_ value: UInt16) throws { encoder.node.content = .leaf(.number(String(value))) }
    mutating func encode(_ value: UInt32) throws { encoder.node.content = .leaf(.number(String(value))) }
    mutating func encode(_ value: UInt64) throws { encoder.node.content = .leaf(.number(String(value))) }

    mutating func encode(_ value: some Encodable) throws {
        if let leaf = try NodeEncoder.primitive(value, at: codingPath) {
            encoder.node.content = .leaf(leaf)
        } else {
            try value.encode(to: encoder)
        }
    }
}
