/// Recognises parameters and fields whose values are secrets (WiFi passphrases, credentials), so
/// outputs can hide them. TR-181 marks these `hidden="true"`; the leaf names below cover them and
/// the TR-098 and vendor spellings seen in device exports.
public enum SecretParameters {
    private static let secretLeafSuffixes = [
        "password", "passphrase", "presharedkey", "wepkey", "keypassphrase", "secret", "psk", "passwd",
        "authenticationkey", "sharedkey",
    ]

    /// Whether the value of the parameter at `path` is a secret.
    public static func isSecret(_ path: String) -> Bool {
        let trimmed = path.hasSuffix(".") ? path.dropLast() : Substring(path)
        let leaf = trimmed.split(separator: ".").last.map { $0.lowercased() } ?? ""
        if leaf.hasSuffix("numberofentries") || leaf.hasSuffix("enable") || leaf.hasSuffix("status") { return false }
        return secretLeafSuffixes.contains { leaf.hasSuffix($0) }
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
