import ContentHash

/// The text of an API token and how it is checked: `frl_<id>_<secret>`, where `id` is 8 random
/// bytes in hex (the lookup key, not secret) and `secret` 32 random bytes (256 bits) in hex.
///
/// The store keeps `SHA-256(salt ‖ secret)` with a random 16-byte salt per token; a presented
/// token is hashed the same way and compared in constant time. A fast hash is enough: the secret
/// has 256 bits of entropy, so there is no dictionary to slow down (unlike a password).
public struct TokenSecret: Sendable, Hashable {
    /// The lookup id (16 hex digits).
    public let id: String
    /// The secret part (64 hex digits).
    let secret: String

    /// The prefix every Ferrule API token starts with, so secret scanners can recognise one.
    public static let prefix = "frl_"

    /// A new random token (the system's cryptographic random source: `getrandom` on Linux).
    public static func generate() -> TokenSecret {
        var generator = SystemRandomNumberGenerator()
        return TokenSecret(id: hex(randomBytes(8, &generator)), secret: hex(randomBytes(32, &generator)))
    }

    init(id: String, secret: String) {
        self.id = id
        self.secret = secret
    }

    /// Parses a presented token; nil when it is not shaped like one (so nothing is looked up).
    public init?(parsing text: some StringProtocol) {
        guard text.utf8.count == Self.prefix.utf8.count + 16 + 1 + 64, text.hasPrefix(Self.prefix) else { return nil }
        let body = text.dropFirst(Self.prefix.count)
        let id = body.prefix(16)
        let rest = body.dropFirst(16)
        guard rest.first == "_" else { return nil }
        let secret = rest.dropFirst()
        guard Self.isHex(id), Self.isHex(secret) else { return nil }
        self.init(id: String(id), secret: String(secret))
    }

    /// The whole token as the client sends it. Shown once, at creation.
    public var text: String { Self.prefix + id + "_" + secret }

    /// A new random salt for a token's hash.
    static func newSalt() -> String {
        var generator = SystemRandomNumberGenerator()
        return hex(randomBytes(16, &generator))
    }

    /// `SHA-256(salt ‖ secret)` in hex.
    func hash(salt: String) -> String { SHA256.hex(Array((salt + secret).utf8)) }

    /// Whether this secret hashes, with `salt`, to `storedHash`; constant time in the hash's length.
    func matches(salt: String, storedHash: String) -> Bool {
        Self.constantTimeEquals(Array(hash(salt: salt).utf8), Array(storedHash.utf8))
    }

    /// Compares two byte strings without stopping at the first difference.
    static func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }

    private static func isHex(_ text: some StringProtocol) -> Bool {
        text.utf8.allSatisfy {
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0)
        }
    }

    private static func randomBytes(_ count: Int, _ generator: inout SystemRandomNumberGenerator) -> [UInt8] {
        (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    private static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension TokenSecret: CustomStringConvertible {
    /// `frl_<id>_…`: never the secret, so a token in a log line or an error shows only its id.
    public var description: String { Self.prefix + id + "_…" }
}
