/// A credential carried in a message (Download `Password`, ChangeDUState `Password`).
///
/// Its description is always redacted, so it cannot reach a log by string interpolation; JSON
/// output shows it only when the encoder does not ask for redaction (``Redaction/userInfoKey``).
public struct SecretString: Sendable, Hashable, Codable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The secret itself. Read it only to put it on the wire.
    public var value: String

    public init(_ value: String) { self.value = value }
    public init(stringLiteral value: String) { self.value = value }

    public var description: String { value.isEmpty ? "" : Redaction.marker }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(encoder.redactsSecrets && !value.isEmpty ? Redaction.marker : value)
    }

    public init(from decoder: any Decoder) throws {
        value = try decoder.singleValueContainer().decode(String.self)
    }
}
