extension CWMPDateTime {
    /// Milliseconds since 1970-01-01T00:00:00Z (a zone-less value as UTC), the fraction cut to
    /// milliseconds: the number GenieACS keeps for an `xsd:dateTime` (lib/cwmp/db.ts:57-60 at v1.2.16).
    public var millisecondsSince1970: Double {
        var ms = Double(secondsSince1970) * 1000
        let digits = fraction.prefix(3)
        if let value = Int(digits) { ms += Double(value) * [1, 100, 10, 1][digits.count] }
        return ms
    }
}
