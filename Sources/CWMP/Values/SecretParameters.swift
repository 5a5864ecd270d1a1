/// Recognises parameters and fields whose values are secrets (WiFi passphrases, credentials, PINs,
/// private keys), so outputs can hide them. The BBF models mark these `hidden="true"` or
/// `secured="true"` (every such parameter of tr-098-1-8-0, tr-104-2-0-2 and tr-181-2-17-0 in
/// Models/, except `Reset` and `ForceSample`, which are hidden because they always read false);
/// the leaf names below cover them and the TR-098 and vendor spellings seen in device exports.
/// `SecretParametersTests` checks the shipped models against them.
public enum SecretParameters {
    private static let secretLeafSuffixes = [
        "password", "passphrase", "presharedkey", "wepkey", "keypassphrase", "secret", "psk", "passwd",
        "authenticationkey", "sharedkey", "privatekey", "encryptionkey", "keyvalue",
        // Vendor spellings in real exports: TP-Link `GponAuthCtc.GponAuthCtcPwd`, `GponAuth.GponPwd`;
        // Nokia `X_ALU-COM_ServiceManage.DebugDyPass.PriKey` (an EC private key); SNMP community
        // strings, API and session tokens, credentials (LMAP `PrivateCredential`).
        "pwd", "prikey", "privkey", "secretkey", "authkey", "apikey", "accesskey", "sessionkey", "masterkey",
        "token", "community", "credential", "credentials",
    ]
    // Not `key` alone: TR-181's `Key` leaves are a DNS-SD text record's or an environment variable's
    // name, or an SSH public key, and `…Key` leaves are mostly table keys (`ClassificationKey`,
    // `BridgeKey`, `ParameterKey`); only the spellings above name secret keys.
    /// Leaves that are secrets only as a whole name: `WPS.PIN`, `USIM.PIN` (not `…Ping`).
    private static let secretLeaves = ["pin"]
    /// `Device.LocalAgent.ControllerTrust.Challenge.{i}.Value` (hidden in TR-181): a `Value` leaf
    /// is a secret under this object only.
    private static let challengeObject = ".Challenge."

    /// The suffixes as bytes, for the allocation-free check of ASCII names.
    private static let secretLeafSuffixBytes = secretLeafSuffixes.map { Array($0.utf8) }
    /// Leaves never secret though a suffix above matches: counts, switches, states, and the public
    /// half of a credential (LMAP `PublicCredential`, `TargetPublicCredential`).
    private static let publicLeafSuffixes = ["numberofentries", "enable", "status", "publiccredential"]
    private static let publicLeafSuffixBytes = publicLeafSuffixes.map { Array($0.utf8) }
    /// USP `Controller.{i}.Credential` is a reference to a `Credential` object (a path), not a secret.
    private static let publicLeaves = ["credential"]
    private static let publicLeafBytes = publicLeaves.map { Array($0.utf8) }

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
        if publicLeafSuffixes.contains(where: { leaf.hasSuffix($0) }) || publicLeaves.contains(leaf) { return false }
        if secretLeaves.contains(leaf) || (leaf == "value" && path.contains(challengeObject)) { return true }
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
        if publicLeafBytes.contains(where: { $0.count == leaf.count && hasSuffix($0) }) { return false }
        if leaf.count == 3, hasSuffix(pinBytes) { return true }
        if leaf.count == 5, hasSuffix(valueBytes) {
            return UnsafeBufferPointer(rebasing: bytes[..<start]).firstRange(of: challengeBytes) != nil
        }
        return secretLeafSuffixBytes.contains(where: hasSuffix)
    }

    private static let pinBytes = Array("pin".utf8)
    private static let valueBytes = Array("value".utf8)
    private static let challengeBytes = Array("Challenge.".utf8)
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
    /// `text` with the user information (`user:password@`) of every URL in it shown as
    /// `<redacted>@`: each `scheme://` authority, and `sip:`/`sips:` URIs (RFC 3261 §19.1.1) whose
    /// user part carries a password. A value may hold several URLs (`http://a,http://u:p@b/`).
    public static func url(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "@")) else { return text }
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var copied = 0
        var i = 0
        while i < bytes.count {
            guard let (start, end) = userInfo(in: bytes, at: i) else {
                i += 1
                continue
            }
            out += bytes[copied..<start]
            out += marker.utf8
            copied = end
            i = end
        }
        guard copied > 0 else { return text }
        out += bytes[copied...]
        return String(decoding: out, as: UTF8.self)
    }

    /// The user information (without its `@`) of a URL whose scheme separator starts at `i`:
    /// `://` followed by an authority holding `@`, or `sip:`/`sips:` at a word's start followed by
    /// `user:password@`; nil otherwise.
    private static func userInfo(in bytes: [UInt8], at i: Int) -> (Int, Int)? {
        func isEnd(_ byte: UInt8) -> Bool {
            byte == UInt8(ascii: "/") || byte == UInt8(ascii: "?") || byte == UInt8(ascii: "#") || byte <= 0x20
        }
        if bytes[i...].starts(with: "://".utf8) {
            let start = i + 3
            var end = start
            while end < bytes.count, !isEnd(bytes[end]) { end += 1 }
            guard let at = bytes[start..<end].lastIndex(of: UInt8(ascii: "@")) else { return nil }
            return (start, at)
        }
        let wordStart =
            i == 0 || bytes[i - 1] <= 0x20 || bytes[i - 1] == UInt8(ascii: ",")
            || bytes[i - 1] == UInt8(ascii: "<")
        guard wordStart else { return nil }
        let scheme: Int
        if Self.startsCaseInsensitively(bytes[i...], "sips:") {
            scheme = 5
        } else if Self.startsCaseInsensitively(bytes[i...], "sip:") {
            scheme = 4
        } else {
            return nil
        }
        let start = i + scheme
        var end = start
        while end < bytes.count, !isEnd(bytes[end]), bytes[end] != UInt8(ascii: ","), bytes[end] != UInt8(ascii: ">"),
            bytes[end] != UInt8(ascii: "@")
        {
            end += 1
        }
        guard end < bytes.count, bytes[end] == UInt8(ascii: "@"),
            bytes[start..<end].contains(UInt8(ascii: ":"))
        else { return nil }
        return (start, end)
    }

    private static func startsCaseInsensitively(_ bytes: ArraySlice<UInt8>, _ prefix: String) -> Bool {
        let prefix = Array(prefix.utf8)
        guard bytes.count >= prefix.count else { return false }
        return zip(bytes, prefix).allSatisfy { ($0 | 0x20) == $1 || $0 == $1 }
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
