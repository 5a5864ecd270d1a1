import Foundation
public import HTTPTypes
public import Hummingbird
import Logging
import PONEvents
import Synchronization

/// Authenticates every request except the public paths, resolves its tenant, and runs the rest
/// of the chain with ``Principal/current`` set.
///
/// - Credentials: `X-API-Key: <token>` or `Authorization: Bearer <token>` (an API token made by
///   `ferrule token create`). None, or one that does not match: 401 `Not authenticated` with
///   `WWW-Authenticate: Bearer`; a revoked or expired token (its secret matched): 401
///   `Token has been revoked` / `Token has expired`. With JWT verification configured
///   (``JWTVerifier``), a bearer value that is not an API token is verified as a JWT: a refusal is
///   401 with the reason (`Invalid token: the token's audience (aud) does not include …`).
/// - One credential per request: the same value in both headers counts once; two different
///   values (an `X-API-Key` and a `Bearer` token, or either header given twice) are 401 without
///   either being checked (``Presented/ambiguous``). No header wins over another: a revoked bearer
///   token beside a valid key is never let through on the key. An `Authorization` of another
///   scheme (`Basic`, a proxy's) is not a Ferrule credential and is not read.
/// - Tenant: the token's. A request naming another one in `X-Tenant-ID` or `?tenant_id=` gets 403
///   `User does not have access to this tenant`; a token whose tenant is no longer configured
///   gets 404 `Tenant with ID '…' not found`. Both are refusals of an authenticated caller: its
///   writes are in the audit log with their status, under the token's tenant.
public struct AuthenticationMiddleware<Context: RequestContext>: RouterMiddleware {
    let tokens: TokenStore
    let tenantExists: @Sendable (String) -> Bool
    let publicPaths: Set<String>
    let jwt: JWTVerifier?
    let lastUse = LastUseRecorder()

    /// The `X-API-Key` header.
    public static var apiKeyHeader: HTTPField.Name { .apiKey }
    /// The `X-Tenant-ID` header.
    public static var tenantHeader: HTTPField.Name { .tenantID }

    /// - Parameters:
    ///   - tokens: Where tokens are checked.
    ///   - tenantExists: Whether a tenant is configured.
    ///   - publicPaths: Paths served without credentials (`/healthz`, `/readyz`, `/openapi.json`).
    ///   - jwt: JWT bearer verification; nil accepts API tokens only.
    public init(
        tokens: TokenStore,
        tenantExists: @escaping @Sendable (String) -> Bool,
        publicPaths: Set<String>,
        jwt: JWTVerifier? = nil
    ) {
        self.tokens = tokens
        self.tenantExists = tenantExists
        self.publicPaths = publicPaths
        self.jwt = jwt
    }

    public func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        if publicPaths.contains(request.uri.path) { return try await next(request, context) }
        let credential: Presented
        switch Self.credential(request) {
        case .none: throw APIError.notAuthenticated()
        case .ambiguous(let count): throw APIError.notAuthenticated(Self.ambiguousDetail(count))
        case .one(let presented): credential = presented
        }
        let principal = try await authenticate(credential.value, bearer: credential.bearer)
        // Authenticated from here on: the refusals below (another tenant named, the token's tenant
        // gone) are the audit log's too, as a permission denied is (AuditMiddleware).
        RequestTrace.current?.authenticated(tenant: principal.tenant, subject: principal.subject)
        // Every tenant the request names must be the caller's: `X-Tenant-ID` and each `tenant_id`.
        if Self.requestedTenants(request).contains(where: { $0 != principal.tenant }) { throw APIError.wrongTenant }
        guard tenantExists(principal.tenant) else { throw APIError.unknownTenant(principal.tenant) }
        var context = context
        context.logger[metadataKey: "tenant"] = .string(principal.tenant)
        context.logger[metadataKey: "subject"] = .string(principal.subject)
        return try await Principal.$current.withValue(principal) { try await next(request, context) }
    }

    /// The principal of an API token, or of a JWT when JWT verification is configured and the
    /// credential came as `Authorization: Bearer` and is not an API token.
    func authenticate(_ credential: String, bearer: Bool) async throws -> Principal {
        guard !credential.isEmpty else { throw APIError.notAuthenticated() }
        if let jwt, bearer, !credential.hasPrefix(TokenSecret.prefix) {
            do {
                return try await jwt.principal(for: credential)
            } catch {
                throw APIError.notAuthenticated(error.detail)
            }
        }
        let now = Date().timeIntervalSince1970 * 1000
        let token: APIToken
        switch try await tokens.check(credential, now: now) {
        case .valid(let valid): token = valid
        case .unknown: throw APIError.notAuthenticated()
        case .revoked: throw APIError.notAuthenticated("Token has been revoked")
        case .expired: throw APIError.notAuthenticated("Token has expired")
        }
        if lastUse.isDue(token.id, now: now) {
            try? await tokens.touch(id: token.id, now: now)
        }
        return Principal(tenant: token.tenant, subject: token.id, permissions: token.permissions)
    }

    /// The credential a request presents.
    enum Credential: Equatable {
        /// Neither header (or only empty ones, or an `Authorization` of another scheme).
        case none
        /// One value, in one header or the same in several.
        case one(Presented)
        /// `count` different values (at most ``maximumCredentials`` are counted).
        case ambiguous(count: Int)
    }

    /// A credential's value and whether it came as `Authorization: Bearer` (only a bearer value is
    /// verified as a JWT).
    struct Presented: Equatable {
        var value: String
        var bearer: Bool
    }

    /// The most distinct credential values counted in a request (the count in the refusal stops there).
    static var maximumCredentials: Int { 8 }

    /// The 401 detail of a request with `count` different credentials.
    static func ambiguousDetail(_ count: Int) -> String {
        let counted = count >= maximumCredentials ? "\(count) or more" : "\(count)"
        return "Not authenticated: the request carries \(counted) different credentials (X-API-Key, Authorization: "
            + "Bearer); send one token in one header"
    }

    /// The credential of `request`: every non-empty `X-API-Key` value and every `Authorization: Bearer`
    /// value (an empty bearer value is a credential too, and matches nothing). One distinct value is
    /// the credential, whichever headers carry it; more are ``Credential/ambiguous(count:)``.
    static func credential(_ request: Request) -> Credential {
        var values: [String] = []
        var bearer = false
        func add(_ value: String, fromBearer: Bool) {
            if !values.contains(value) {
                guard values.count < maximumCredentials else { return }
                values.append(value)
            }
            if fromBearer && value == values.first { bearer = true }
        }
        for key in request.headers[values: apiKeyHeader] where !key.isEmpty { add(key, fromBearer: false) }
        for authorization in request.headers[values: .authorization] {
            let parts = authorization.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
            guard let scheme = parts.first, scheme.lowercased() == "bearer" else { continue }
            add(parts.count == 2 ? parts[1].trimmingCharacters(in: .whitespaces) : "", fromBearer: true)
        }
        switch values.count {
        case 0: return .none
        case 1: return .one(Presented(value: values[0], bearer: bearer))
        default: return .ambiguous(count: values.count)
        }
    }

    /// Every tenant the request names: each `X-Tenant-ID` header and each `tenant_id` query
    /// parameter (a request naming two tenants, or its own and another, names another). Query
    /// names and values are percent-decoded first, as the router decodes them
    /// (``QueryParameterRules/decoded(_:)``): `?tenant%5Fid=other` names another tenant too.
    static func requestedTenants(_ request: Request) -> [String] {
        let headers = request.headers[values: tenantHeader].filter { !$0.isEmpty }
        var queries: [String] = []
        if let query = request.uri.query {
            for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                guard QueryParameterRules.decoded(parts[0]) == "tenant_id" else { continue }
                let value = parts.count > 1 ? QueryParameterRules.decoded(parts[1]) : ""
                if !value.isEmpty { queries.append(value) }
            }
        }
        return headers + queries
    }
}

/// When each token was last recorded as used: the store is written at most once a minute per
/// token, not on every request. Holds at most `capacity` ids, forgetting the least recently
/// recorded first (amortised O(1) per request: no rescans, and a full table does not make every
/// token due at once).
final class LastUseRecorder: Sendable {
    private let recorded: Mutex<RecentMap<String, Double>>
    static let interval = 60_000.0

    init(capacity: Int = 10_000) { recorded = Mutex(RecentMap(capacity: capacity)) }

    /// The ids held.
    var count: Int { recorded.withLock { $0.count } }

    func isDue(_ id: String, now: Double) -> Bool {
        recorded.withLock { recorded in
            if let last = recorded[id], now - last < Self.interval { return false }
            recorded.set(id, now)
            return true
        }
    }
}
