import JWTKit

/// A JWT's claims as they were sent: every member of the payload, kept as a string, a list of
/// strings, a number or "something else", so the configured claim names (``JWTSettings``) can be
/// looked up after the signature is verified.
struct JWTClaims: JWTPayload {
    /// One claim's value.
    enum Value: Codable, Sendable, Hashable {
        case string(String)
        case strings([String])
        case number(Double)
        /// An object, a boolean, null or a mixed array: never a tenant, permission or time.
        case other

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let text = try? container.decode(String.self) {
                self = .string(text)
            } else if let number = try? container.decode(Double.self) {
                self = .number(number)
            } else if let texts = try? container.decode([String].self) {
                self = .strings(texts)
            } else {
                self = .other
            }
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .string(let text): try container.encode(text)
            case .strings(let texts): try container.encode(texts)
            case .number(let number): try container.encode(number)
            case .other: try container.encodeNil()
            }
        }

        /// A string, or the strings of a space-separated string (OAuth 2's `scope`), or a list.
        var strings: [String]? {
            switch self {
            case .string(let text): text.split(separator: " ").map(String.init)
            case .strings(let texts): texts
            default: nil
            }
        }
    }

    /// The claims by name.
    var values: [String: Value]

    init(_ values: [String: Value]) { self.values = values }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        var values: [String: Value] = [:]
        for key in container.allKeys.prefix(256) {
            values[key.stringValue] = (try? container.decode(Value.self, forKey: key)) ?? .other
        }
        self.values = values
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        for (name, value) in values { try container.encode(value, forKey: Key(stringValue: name)) }
    }

    /// Claims are checked by ``JWTVerifier`` against the settings, after the signature.
    func verify(using algorithm: some JWTAlgorithm) async throws {}
}
