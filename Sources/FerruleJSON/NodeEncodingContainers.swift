/// The keyed container of ``NodeEncoder``: members of an object node.
struct KeyedNodeContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: NodeEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    mutating func encodeNil(forKey key: Key) throws { encoder.node.member(key.stringValue).content = .leaf(.null) }
    mutating func encode(_ value: Bool, forKey key: Key) throws {
        encoder.node.member(key.stringValue).content = .leaf(.bool(value))
    }
    mutating func encode(_ value: String, forKey key: Key) throws {
        encoder.node.member(key.stringValue).content = .leaf(.string(value))
    }
    mutating func encode(_ value: Double, forKey key: Key) throws {
        encoder.node.member(key.stringValue).content = .leaf(try NodeEncoder.number(value, at: codingPath))
    }
    mutating func encode(_ value: Float, forKey key: Key) throws {
        encoder.node.member(key.stringValue).content = .leaf(try NodeEncoder.number(Double(value), at: codingPath))
    }
    mutating func encode(_ value: Int, forKey key: Key) throws {
        encoder.node.member(key.stringValue).content = .leaf(.number(String(value)))
    }
    mutating func encode(_ value: Int8, forKey key: Key) throws {
        encoder.node.member(key.stringValue).content = .leaf(.number(String(value)))
    }
    mutating func encode(_ value: Int16, forKey key: Key) throws {
        encoder.node.member(key.stringValue).content = .leaf(.number(String(value)))
    }
    mutating func encode(_ value: Int32, forKey key: Key) throws {
        encoder.node.member(key.stringValue).content = .leaf(.number(String(value)))
    }
    mutating func encode(_ value: Int64, forKey key: Key) throws {
        encoder.node.member(key.stringValue).content = .leaf(.number(String(value)))
    }
    mutating func encode(_ value: UInt, forKey key: Key) throws {
        encoder.node.member(key.stringValue).content = .leaf(.number(String(value)))
    }
    mutating func encode(_ value: UInt8, forKey key: Key) throws {
        encoder.node.member(key.stringValue).content = .leaf(.number(String(value)))
    }
    mutating func encode(_ value: UInt16, forKey key: Key) throws {
        encoder.node.member(key.stringValue).content = .leaf(.number(String(value)))
    }
    mutating func encode(_ value: UInt32, forKey key: Key) throws {
        encoder.node.member(key.stringValue).content = .leaf(.number(String(value)))
    }
    mutating func encode(_ value: UInt64, forKey key: Key) throws {
        encoder.node.member(key.stringValue).content = .leaf(.number(String(value)))
    }

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
struct UnkeyedNodeContainer: UnkeyedEncodingContainer {
    let encoder: NodeEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }
    var count: Int { encoder.node.count }

    private var nextKey: IndexKey { IndexKey(intValue: count) }

    mutating func encodeNil() throws { encoder.node.element().content = .leaf(.null) }
    mutating func encode(_ value: Bool) throws { encoder.node.element().content = .leaf(.bool(value)) }
    mutating func encode(_ value: String) throws { encoder.node.element().content = .leaf(.string(value)) }
    mutating func encode(_ value: Double) throws {
        encoder.node.element().content = .leaf(try NodeEncoder.number(value, at: codingPath))
    }
    mutating func encode(_ value: Float) throws {
        encoder.node.element().content = .leaf(try NodeEncoder.number(Double(value), at: codingPath))
    }
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

/// The single-value container of ``NodeEncoder``: a leaf, or a value that encodes itself there.
struct SingleNodeContainer: SingleValueEncodingContainer {
    let encoder: NodeEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    mutating func encodeNil() throws { encoder.node.content = .leaf(.null) }
    mutating func encode(_ value: Bool) throws { encoder.node.content = .leaf(.bool(value)) }
    mutating func encode(_ value: String) throws { encoder.node.content = .leaf(.string(value)) }
    mutating func encode(_ value: Double) throws {
        encoder.node.content = .leaf(try NodeEncoder.number(value, at: codingPath))
    }
    mutating func encode(_ value: Float) throws {
        encoder.node.content = .leaf(try NodeEncoder.number(Double(value), at: codingPath))
    }
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
