/// How `ferrule serve` verifies JWT bearer tokens (the `jwt:` section; docs/serve.md "JWT bearer
/// tokens"). Exactly one of ``keyFile`` and ``jwksFile`` names the verification keys.
///
/// ```yaml
/// jwt:
///   jwks_file: /etc/ferrule/jwks.json   # or key_file: a PEM public key (EC: ES256/384/512, RSA: RS256)
///   audience: ferrule                   # the token's aud must include it
///   issuer: https://login.example.net   # optional: iss must equal it
///   tenant_claim: tenant_id             # the claim naming the tenant (default tenant_id)
///   permissions_claim: permissions      # the claim listing permission patterns (default permissions)
/// ```
public struct JWTSettings: Sendable, Hashable {
    /// A PEM public key (EC P-256/P-384/P-521 or RSA) or certificate.
    public var keyFile: String?
    /// A JSON Web Key Set file (`{"keys": [...]}`, each key with `kid`).
    public var jwksFile: String?
    /// The audience every token must name in `aud`.
    public var audience: String
    /// The issuer every token must name in `iss`; nil checks none.
    public var issuer: String?
    /// The claim holding the tenant id (DotMac's `tenant_id`).
    public var tenantClaim = "tenant_id"
    /// The claim holding granted permission patterns: an array of strings, or one string of
    /// space-separated patterns (OAuth 2's `scope` style).
    public var permissionsClaim = "permissions"
    /// The claim holding denied permission patterns (same shapes); a deny wins over any grant.
    public var deniedPermissionsClaim = "denied_permissions"
    /// Seconds of clock difference tolerated when checking `exp` and `nbf`.
    public var leewaySeconds = 30

    /// Settings verifying against `audience`; set ``keyFile`` or ``jwksFile``.
    public init(audience: String, keyFile: String? = nil, jwksFile: String? = nil) {
        self.audience = audience
        self.keyFile = keyFile
        self.jwksFile = jwksFile
    }
}
