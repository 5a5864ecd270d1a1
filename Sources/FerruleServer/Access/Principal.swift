/// Who is calling: the tenant the request acts in, the token or JWT subject, and what it may do.
public struct Principal: Sendable, Hashable {
    /// The tenant the request is resolved to; campaigns of other tenants are invisible to it (404).
    public var tenant: String
    /// The token id (never the secret) or the JWT subject, as written to the audit log.
    public var subject: String
    /// Granted and denied permissions.
    public var permissions: PermissionSet

    /// Creates a principal.
    public init(tenant: String, subject: String, permissions: PermissionSet) {
        self.tenant = tenant
        self.subject = subject
        self.permissions = permissions
    }

    /// The principal of the request being handled, set by the authentication middleware for the
    /// handlers below it (nil outside a request, and on the routes that need none: health).
    @TaskLocal public static var current: Principal?
}
