/// What the store found for a presented token.
public enum TokenCheck: Sendable, Hashable {
    /// The token exists, its secret matches, it is neither revoked nor expired.
    case valid(APIToken)
    /// Not shaped like a token, unknown id, or a wrong secret: nothing is said about which.
    case unknown
    /// The secret matches but the token was revoked.
    case revoked(APIToken)
    /// The secret matches but the token expired.
    case expired(APIToken)
}
