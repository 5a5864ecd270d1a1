/// Recognises parameters and fields whose values are secrets (WiFi passphrases, credentials), so
/// outputs can hide them. TR-181 marks these `hidden="true"`; the leaf names below cover them and
/// the TR-098 and vendor spellings seen in device exports.
public enum SecretParameters {
    private static let secretLeafSuffixes = [
        "password", "passphrase", "presharedkey", "wepkey", "keypassphrase", "secret", "psk", "passwd",
        "authenticationkey", "sharedkey",
    ]

    /// The suffixes as bytes, for the allocation-free check of ASCII names.
    private static let secretLeafSuffixBytes = secretLeafSuffixes.map { Array($0.utf8) }
    private static let publicLeafSuffixBytes = ["numberofentries", "enable", "status"].map { Array($0.utf8) }

    /// Whether the value of the parameter at `path` is a secret.
    ///
    /// The leaf is the last non-empty dot-separated part, compared case-insensitively with the
    /// suffixes. ASCII leaves (every TR-069 name) are checked on bytes without allocating: this runs
    /// for every parameter a report prints.
    public static func isSecret(_ path: String) -> Bool {
        var path = path
        if let answer = path.withUTF8({ asciiIsSecret($0) }) { return answer }
        let trimmed = path.hasSuffix(".") ? path.dropLast() : Substring(path)
        let leaf = trimmed.split(separator: ".").last.map { $0.lowercased() } ?? ""
        if leaf.hasSuffix("numberofentries") || leaf.hasSuffix("enable") || leaf.hasSuffix("status") { return false }
        return secretLeafSuffixes.contains { leaf.hasSuffix($0) }
    }

    /// ``isSecret(_:)`` for a name whose leaf is ASCII; nil when the leaf is not (Unicode lower-casing
    /// applies then).
    private static func asciiIsSecret(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
        let dot = UInt8(ascii: ".")
        var end = bytes.count
        while end > 0, bytes[end - 1] == dot { end -= 1 }
        var start = end
        while start > 0, bytes[start - 1] != dot {
            guard bytes[start - 1] < 0x80 else { return nil }
            start -= 1
        }
        let leaf = UnsafeBufferPointer(rebasing: bytes[start..<end])
        func hasSuffix(_ suffix: [UInt8]) -> Bool {
            guard suffix.count <= leaf.count else { return false }
            let offset = leaf.count - suffix.count
            for i in 0..<suffix.count {
                var b = leaf[offset + i]
                if b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") { b |= 0x20 }
                if b != suffix[i] { return false }
            }
            return true
        }
        if publicLeafSuffixBytes.contains(where: hasSuffix) { return false }
        return secretLeafSuffixBytes.contains(where: hasSuffix)
    }
}

/// How secrets are shown when an encoder redacts them.
public enum Redaction {
    /// What replaces a secret value.
    public static let marker = "<redacted>"
    /// Set this `userInfo` key to `true` on a JSON encoder to hide secrets in its output.
    public static let userInfoKey: CodingUserInfoKey = {
        guard let key = CodingUserInfoKey(rawValue: "ferrule.redactSecrets") else {
            preconditionFailure("a constant, valid CodingUserInfoKey")
        }
        return key
    }()
}

extension Encoder {
    /// Whether the caller asked for secrets to be replaced by ``Redaction/marker``.
    var redactsSecrets: Bool { (userInfo[Redaction.userInfoKey] as? Bool) ?? false }
}

extension Redaction {
    /// `url` with its authority's user information (`user:password@`) shown as `<redacted>@`.
    public static func url(_ url: String) -> String {
        let bytes = Array(url.utf8)
        guard let separator = bytes.indices.first(where: { bytes[$0...].starts(with: "://".utf8) }) else { return url }
        let start = separator + 3
        let end = bytes[start...].firstIndex {
            $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#")
        }
        guard let at = bytes[start..<(end ?? bytes.count)].lastIndex(of: UInt8(ascii: "@")) else { return url }
        let scheme = String(decoding: bytes[..<start], as: UTF8.self)
        let rest = String(decoding: bytes[at...], as: UTF8.self)
        return scheme + marker + rest
    }

    /// What output shows of parameter `path`'s `value` when secrets are hidden: ``marker`` for a
    /// secret parameter's (``SecretParameters/isSecret(_:)``), a URL's `user:password@` hidden in
    /// any other (a ConnectionRequestURL may carry its credentials), else the value as it is.
    public static func parameterValue(_ value: String, path: String) -> String {
        guard !value.isEmpty else { return value }
        if SecretParameters.isSecret(path) { return marker }
        return value.utf8.contains(UInt8(ascii: "@")) ? url(value) : value
    }

    /// ``url(_:)`` when `encoder` asks for redaction, else `url` as it is.
    static func url(_ url: String, for encoder: any Encoder) -> String {
        encoder.redactsSecrets ? Self.url(url) : url
    }
}
