public import HTTPTypes
public import Hummingbird

/// A deliberate error answer: a status, the `detail` text clients read, and extra headers
/// (`WWW-Authenticate`, `Retry-After`). Thrown anywhere below the server's middleware, it is
/// rendered as an ``ErrorEnvelope`` with that `detail`.
///
/// `detail` is shown to the client as is: it must never hold a secret, a stack trace or an
/// upstream URL with credentials.
public struct APIError: Error, Sendable, HTTPResponseError, CustomStringConvertible {
    /// The HTTP status.
    public var status: HTTPResponse.Status
    /// The text of the envelope's `detail` (and `message`).
    public var detail: String
    /// Headers added to the answer.
    public var headers: HTTPFields

    /// An error answer with `status` and `detail`.
    public init(_ status: HTTPResponse.Status, _ detail: String, headers: HTTPFields = [:]) {
        self.status = status
        self.detail = detail
        self.headers = headers
    }

    public var description: String { "\(status.code) \(detail)" }

    /// The envelope as a response (the request id comes from the request being handled).
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        ErrorEnvelope(status: status, detail: detail, requestID: RequestTrace.current?.requestID ?? "")
            .response(headers: headers)
    }

    // MARK: - The seed platform's texts

    /// 401 `Not authenticated` with `WWW-Authenticate: Bearer` (no or unknown credentials).
    public static func notAuthenticated(_ detail: String = "Not authenticated") -> APIError {
        APIError(.unauthorized, detail, headers: [.wwwAuthenticate: "Bearer"])
    }

    /// 403 `User does not have access to this tenant`.
    public static let wrongTenant = APIError(.forbidden, "User does not have access to this tenant")

    /// 404 `Tenant with ID '{id}' not found`.
    public static func unknownTenant(_ id: String) -> APIError {
        APIError(.notFound, "Tenant with ID '\(id.prefix(64))' not found")
    }

    /// 405 `Method Not Allowed` with `Allow` listing the path's methods, as the seed's FastAPI
    /// answers a method its route does not declare (Starlette's `routing.py`, `Route.handle`).
    public static func methodNotAllowed(allowed: [HTTPRequest.Method]) -> APIError {
        APIError(
            .methodNotAllowed,
            "Method Not Allowed",
            headers: [.allow: allowed.map(\.rawValue).joined(separator: ", ")]
        )
    }

    /// 403 `Permission denied. Required: ['isp.cpe.read']` (the list printed Python-style, as the seed does).
    public static func permissionDenied(_ permission: String) -> APIError {
        APIError(.forbidden, "Permission denied. Required: ['\(permission)']")
    }
}
