/// The keyed container of ``NodeEncoder``: members of an object node.
struct KeyedNodeContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: NodeEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    /// The member `key` names, as a place for one leaf.
    private func leaf(_ key: Key) -> NodeLeaf {
        NodeLeaf(node: encoder.node.member(key.stringValue), codingPath: codingPath)
    }

    mutating func encodeNil(forKey key: Key) throws { try leaf(key).encodeNil() }
    mutating func encode(_ value: Bool, forKey key: Key) throws { try leaf(key).encode(value) }
    mutating func encode(_ value: String, forKey key: Key) throws { try leaf(key).encode(value) }
    mutating func encode(_ value: Double, forKey key: Key) throws { try leaf(key).encode(value) }
    mutating func encode(_ value: Float, forKey key: Key) throws { try leaf(key).encode(value) }
    mutating func encode(_ value: Int, forKey key: Key) throws { try leaf(key).encode(value) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { try leaf(key).encode(value) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { try leaf(key).encode(value) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { try leaf(key).encode(value) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { try leaf(key).encode(value) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { try leaf(key).encode(value) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { try leaf(key).encode(value) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { try leaf(key).encode(value) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { try leaf(key).encode(value) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { try leaf(key).encode(value) }

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

/// The unkeyed container of ``NodeEncoder``: elements of an array node.
struct UnkeyedNodeContainer: UnkeyedEncodingContainer, LeafWriting {
    let encoder: NodeEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }
    var count: Int { encoder.node.count }

    private var nextKey: IndexKey { IndexKey(intValue: count) }

    /// The one leaf a primitive writes: a new element.
    func write(_ leaf: JSONValue) { encoder.node.element().content = .leaf(leaf) }

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

/// The single-value container of ``NodeEncoder``: a leaf, or a value that encodes itself there.
struct SingleNodeContainer: SingleValueEncodingContainer, LeafWriting {
    let encoder: NodeEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    /// The one leaf a primitive writes: this node.
    func write(_ leaf: JSONValue) { encoder.node.content = .leaf(leaf) }

    mutating func encode(_ value: some Encodable) throws {
        if let leaf = try NodeEncoder.primitive(value, at: codingPath) {
            write(leaf)
        } else {
            try value.encode(to: encoder)
        }
    }
}

/// A container that writes a primitive as one leaf: the one place where Swift's primitive values
/// become JSON values for the unkeyed and single-value containers, and for the keyed one through
/// ``NodeLeaf``. (``NodeEncoder/primitive(_:at:)`` does the same for a value only known as `Encodable`.)
protocol LeafWriting {
    var codingPath: [any CodingKey] { get }
    func write(_ leaf: JSONValue)
}

extension LeafWriting {
    func encodeNil() throws { write(.null) }
    func encode(_ value: Bool) throws { write(.bool(value)) }
    func encode(_ value: String) throws { write(.string(value)) }
    func encode(_ value: Double) throws { write(try NodeEncoder.number(value, at: codingPath)) }
    func encode(_ value: Float) throws { write(try NodeEncoder.number(Double(value), at: codingPath)) }
    func encode(_ value: Int) throws { write(.number(String(value))) }
    func encode(_ value: Int8) throws { write(.number(String(value))) }
    func encode(_ value: Int16) throws { write(.number(String(value))) }
    func encode(_ value: Int32) throws { write(.number(String(value))) }
    func encode(_ value: Int64) throws { write(.number(String(value))) }
    func encode(_ value: UInt) throws { write(.number(String(value))) }
    func encode(_ value: UInt8) throws { write(.number(String(value))) }
    func encode(_ value: UInt16) throws { write(.number(String(value))) }
    func encode(_ value: UInt32) throws { write(.number(String(value))) }
    func encode(_ value: UInt64) throws { write(.number(String(value))) }
}

/// One node that a primitive is written into.
struct NodeLeaf: LeafWriting {
    let node: JSONNode
    let codingPath: [any CodingKey]

    func write(_ leaf: JSONValue) { node.content = .leaf(leaf) }
}
