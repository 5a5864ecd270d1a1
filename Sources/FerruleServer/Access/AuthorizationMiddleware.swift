import HTTPTypes
import OpenAPIRuntime

/// Checks the caller before the generated server reads anything of the request: 401 without a
/// principal, 403 without the operation's permission (``OperationPermissions``), 404 for a
/// tenant the server does not know. The generated server decodes and validates the path, query
/// and body before the handler runs, so without this a caller lacking the permission learned
/// what the route accepts from its 422s. The handler checks again (the same answer).
struct AuthorizationMiddleware: CallMiddleware {
    let handler: APIHandler

    func intercept(_ call: MiddlewareCall) async throws -> MiddlewareCall.Answer {
        if let permission = OperationPermissions.required[call.operationID] {
            do {
                _ = try await handler.caller(permission)
            } catch let failure as APIFailure {
                return try APIErrorMiddleware.render(failure)
            }
        }
        return try await call.proceed()
    }
}
