/// The textual rules of the BBF's named IP data types, checked by hand in one pass (no regex, no
/// backtracking), as TR-181 2.17 describes them (tr-181-2-17-0-cwmp-full.xml:210-316; TR-098 1.8 and
/// TR-104 2.0.2 repeat `IPAddress`):
///
/// - IPv4 addresses and subnet masks in dotted-decimal notation (`192.168.1.254`). A leading zero
///   (`010`) is a problem: `inet_aton` reads it as octal, so `010.0.0.1` is 8.0.0.1 to some tools
///   and 10.0.0.1 to others (RFC 6943 §3.1.1). The model's own IPv4 pattern admits it
///   (`[01]?[0-9]?[0-9]`, tr-181-2-17-0-cwmp-full.xml:254-255), so the validator makes it a warning
///   (``onlyZeroPadded(_:)``).
/// - IPv6 addresses in the three text forms of RFC 4291 §2.2 (full, `::`-compressed, with an
///   embedded dotted IPv4 tail); upper- or lower-case hex; never a zone identifier (`%eth0`,
///   RFC 4007 §11).
/// - Prefixes as `address/n` with n in 0…32 (IPv4) or 0…128 (IPv6), or `/n` when the address is
///   unspecified (RFC 4632).
/// - The empty string: unspecified or inapplicable.
enum IPTextForm: UInt8, Sendable, Hashable, Codable {
    case address, ipv4Address, ipv6Address, prefix, ipv4Prefix, ipv6Prefix

    /// The form of a named dataType, nil when the type has no IP text rule.
    init?(dataType: String?) {
        switch dataType {
        case "IPAddress": self = .address
        case "IPv4Address": self = .ipv4Address
        case "IPv6Address": self = .ipv6Address
        case "IPPrefix": self = .prefix
        case "IPv4Prefix": self = .ipv4Prefix
        case "IPv6Prefix": self = .ipv6Prefix
        default: return nil
        }
    }

    /// What `value` should have been, or nil when it is valid.
    func problem(_ value: String) -> String? {
        if value.isEmpty { return nil }
        var text = value
        return text.withUTF8 { problem(bytes: $0, zeros: false) }
    }

    /// Whether `value`'s only problem is a zero-padded IPv4 octet (`192.168.001.001`).
    func onlyZeroPadded(_ value: String) -> Bool {
        var text = value
        return text.withUTF8 { problem(bytes: $0, zeros: false) != nil && problem(bytes: $0, zeros: true) == nil }
    }

    /// `zeros`: leading zeros in IPv4 octets are let through.
    private func problem(bytes: UnsafeBufferPointer<UInt8>, zeros: Bool) -> String? {
        if let percent = bytes.firstIndex(of: UInt8(ascii: "%")), percent > 0 {
            return "an IPv6 address without a zone identifier (RFC 4007 %zone is not allowed)"
        }
        switch self {
        case .address:
            return Self.isIPv4(bytes[...], zeros: zeros) || Self.isIPv6(bytes[...], zeros: zeros)
                ? nil : "an IPv4 address in dotted-decimal (no leading zeros) or an RFC 4291 IPv6 address"
        case .ipv4Address:
            return Self.isIPv4(bytes[...], zeros: zeros)
                ? nil : "an IPv4 address in dotted-decimal, no leading zeros (192.0.2.1)"
        case .ipv6Address:
            return Self.isIPv6(bytes[...], zeros: zeros)
                ? nil : "an IPv6 address in an RFC 4291 §2.2 text form (2001:db8::1)"
        case .prefix, .ipv4Prefix, .ipv6Prefix:
            return prefixProblem(bytes, zeros: zeros)
        }
    }

    private func prefixProblem(_ bytes: UnsafeBufferPointer<UInt8>, zeros: Bool) -> String? {
        let expected: String =
            switch self {
            case .ipv4Prefix:
                "an IPv4 prefix address/n with n 0..32, dotted-decimal without leading zeros (192.0.2.0/24)"
            case .ipv6Prefix: "an IPv6 prefix address/n with n 0..128 (2001:db8::/32)"
            default: "an IPv4 (/0..32) or IPv6 (/0..128) prefix in CIDR notation (192.0.2.0/24, 2001:db8::/32)"
            }
        guard let slash = bytes.firstIndex(of: UInt8(ascii: "/")) else { return expected }
        let address = bytes[..<slash]
        let length = bytes[(slash + 1)...]
        guard (1...3).contains(length.count), length.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return expected }
        let n = length.reduce(0) { $0 * 10 + Int($1 - 0x30) }
        let v4 = Self.isIPv4(address, zeros: zeros)
        let v6 = !v4 && Self.isIPv6(address, zeros: zeros)
        switch self {
        case .ipv4Prefix: return (address.isEmpty || v4) && n <= 32 ? nil : expected
        case .ipv6Prefix: return (address.isEmpty || v6) && n <= 128 ? nil : expected
        default:
            if address.isEmpty { return n <= 128 ? nil : expected }
            return (v4 && n <= 32) || (v6 && n <= 128) ? nil : expected
        }
    }

    /// Four decimal octets 0…255 separated by dots, each without a leading zero unless `zeros`.
    static func isIPv4(_ bytes: Slice<UnsafeBufferPointer<UInt8>>, zeros: Bool = false) -> Bool {
        var octets = 0
        var digits = 0
        var value = 0
        var first: UInt8 = 0
        for b in bytes {
            if b == UInt8(ascii: ".") {
                guard digits > 0, octets < 3 else { return false }
                octets += 1
                digits = 0
                value = 0
            } else if b >= 0x30 && b <= 0x39 {
                if digits == 0 { first = b }
                digits += 1
                value = value * 10 + Int(b - 0x30)
                guard digits <= 3, value <= 255, zeros || !(digits > 1 && first == UInt8(ascii: "0")) else {
                    return false
                }
            } else {
                return false
            }
        }
        return octets == 3 && digits > 0
    }

    /// RFC 4291 §2.2: eight groups of 1–4 hex digits, at most one `::` standing for one or more
    /// zero groups, and optionally a dotted IPv4 tail in place of the last two groups.
    static func isIPv6(_ bytes: Slice<UnsafeBufferPointer<UInt8>>, zeros: Bool = false) -> Bool {
        var i = bytes.startIndex
        let end = bytes.endIndex
        guard i < end else { return false }
        var groups = 0
        var compressed = false
        if bytes[i] == UInt8(ascii: ":") {
            guard i + 1 < end, bytes[i + 1] == UInt8(ascii: ":") else { return false }
            compressed = true
            i += 2
        }
        while i < end {
            let start = i
            while i < end, i - start < 5, isHex(bytes[i]) { i += 1 }
            if i < end, bytes[i] == UInt8(ascii: ".") {
                // The dotted tail: the rest of the text, worth two groups.
                guard groups <= 6, isIPv4(bytes[start..<end], zeros: zeros) else { return false }
                groups += 2
                i = end
                break
            }
            guard (1...4).contains(i - start) else { return false }
            groups += 1
            if i == end { break }
            guard bytes[i] == UInt8(ascii: ":"), i + 1 < end else { return false }
            i += 1
            if bytes[i] == UInt8(ascii: ":") {
                guard !compressed else { return false }
                compressed = true
                i += 1
            }
        }
        return compressed ? groups <= 7 : groups == 8
    }

    private static func isHex(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66)
    }
}
