/// An API token as stored: who it acts for, what it may do, and whether it still works. The
/// secret itself is never stored, only a salted SHA-256 of it (see ``TokenSecret``).
public struct APIToken: Sendable, Hashable {
    /// The public part of the token (`frl_<id>_…`), shown by `ferrule token list` and written
    /// to the audit log; 16 lower-case hex digits.
    public var id: String
    /// A label for people (`dotmac-prod`).
    public var name: String
    /// The tenant every request made with the token acts in.
    public var tenant: String
    /// Granted and denied permission patterns.
    public var permissions: PermissionSet
    /// Milliseconds since the Unix epoch.
    public var createdAt: Double
    /// When the token stops working (milliseconds since the epoch); nil: never.
    public var expiresAt: Double?
    /// When it was revoked; nil while it is not.
    public var revokedAt: Double?
    /// Roughly when it was last used (written at most once a minute per token).
    public var lastUsedAt: Double?

    /// Creates a token record.
    public init(
        id: String,
        name: String,
        tenant: String,
        permissions: PermissionSet,
        createdAt: Double,
        expiresAt: Double? = nil,
        revokedAt: Double? = nil,
        lastUsedAt: Double? = nil
    ) {
        self.id = id
        self.name = name
        self.tenant = tenant
        self.permissions = permissions
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
        self.lastUsedAt = lastUsedAt
    }

    /// Whether the token has expired at `now` (milliseconds since the epoch).
    public func isExpired(at now: Double) -> Bool {
        guard let expiresAt else { return false }
        return now >= expiresAt
    }
}
