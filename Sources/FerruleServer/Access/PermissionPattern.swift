/// Checks the permission patterns a token is created with, so a typo is refused at creation
/// instead of silently granting nothing.
public enum PermissionPattern {
    /// Why `pattern` is not a permission pattern, or nil when it is one.
    ///
    /// A pattern is `*`, a dotted name (`isp.cpe.read`) or a dotted prefix ending in `.*`
    /// (`isp.network.*`); names use lower-case letters, digits, `_` and `-`.
    public static func problem(_ pattern: String) -> String? {
        if pattern == "*" { return nil }
        let name = pattern.hasSuffix(".*") ? String(pattern.dropLast(2)) : pattern
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        guard !name.isEmpty, parts.allSatisfy({ !$0.isEmpty }) else {
            return
                "\"\(pattern.prefix(80))\" is not a permission: expected dotted names such as isp.cpe.read, isp.*, or *"
        }
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789_-".unicodeScalars)
        guard name.unicodeScalars.allSatisfy({ allowed.contains($0) || $0 == "." }) else {
            return
                "\"\(pattern.prefix(80))\" is not a permission: use lower-case letters, digits, _ and - between dots, and * only alone or as a last .* part"
        }
        return nil
    }

    /// Whether `pattern` can match any permission Ferrule checks (a pattern that matches none is
    /// allowed but worth a warning: `isp.cpe.reed`).
    public static func matchesKnownPermission(_ pattern: String) -> Bool {
        let known = Permission.allCases.map(\.rawValue) + ServerPermission.allCases.map(\.rawValue)
        return known.contains { PermissionSet.pattern(pattern, matches: $0) }
    }
}
