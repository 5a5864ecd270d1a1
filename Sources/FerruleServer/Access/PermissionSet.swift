/// The seed platform's permission model: grants such as `isp.cpe.read`, `*` (everything) and
/// `prefix.*` (`prefix` and anything below it), and explicit denies that win over any grant.
public struct PermissionSet: Sendable, Hashable, Codable {
    /// Granted patterns.
    public var grants: [String]
    /// Denied patterns: a request matching one is refused whatever is granted.
    public var denies: [String]

    /// Creates a set from granted and denied patterns.
    public init(grants: [String], denies: [String] = []) {
        self.grants = grants
        self.denies = denies
    }

    /// Whether `permission` (e.g. `isp.network.pon.write`) is allowed.
    public func allows(_ permission: String) -> Bool {
        if denies.contains(where: { Self.pattern($0, matches: permission) }) { return false }
        return grants.contains(where: { Self.pattern($0, matches: permission) })
    }

    /// Whether `permission` is granted by its own name (no `*` or `prefix.*` grant counts) and
    /// not denied: for the operator's permissions, which a token made to be "everything of a
    /// tenant" must not carry by accident (``ServerPermission/metricsRead``).
    public func grantsByName(_ permission: String) -> Bool {
        if denies.contains(where: { Self.pattern($0, matches: permission) }) { return false }
        return grants.contains(permission)
    }

    /// `*` matches everything; `a.b.*` matches `a.b` and `a.b.anything`; otherwise equality.
    static func pattern(_ pattern: String, matches permission: String) -> Bool {
        if pattern == "*" { return true }
        if pattern.hasSuffix(".*") {
            let prefix = pattern.dropLast(2)
            return permission == prefix || permission.hasPrefix(prefix + ".")
        }
        return pattern == permission
    }
}
