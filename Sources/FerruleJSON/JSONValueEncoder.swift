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
