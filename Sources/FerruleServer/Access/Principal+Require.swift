extension Principal {
    /// The current request's principal when it may use `permission`.
    ///
    /// - Throws: ``APIError`` 401 `Not authenticated` outside an authenticated request; 403
    ///   `Permission denied. Required: ['isp.cpe.read']` when the permission is not granted or
    ///   is explicitly denied.
    public static func require(_ permission: Permission) throws -> Principal {
        try require(permission.rawValue)
    }

    /// As ``require(_:)-(Permission)`` for a permission string (`ferrule.metrics.read`).
    public static func require(_ permission: String) throws -> Principal {
        guard let principal = current else { throw APIError.notAuthenticated() }
        guard principal.permissions.allows(permission) else { throw APIError.permissionDenied(permission) }
        return principal
    }
}
