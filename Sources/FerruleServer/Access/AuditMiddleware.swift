import Foundation
public import Hummingbird
public import Logging

/// Records every write request of an authenticated caller in the audit log (``TokenStore``):
/// who (token id or JWT subject, tenant), what (method, path), when, and the result (status).
///
/// Writes are `POST`, `PUT`, `PATCH` and `DELETE`. The record is committed before the answer
/// leaves; when it cannot be, the failure is logged and counted
/// (`ferrule_audit_write_failures_total`) and the answer still goes out, since the change it
/// reports has already happened. Requests refused before authentication are only in the access
/// log, so an anonymous flood cannot grow the audit table.
public struct AuditMiddleware<Context: RequestContext>: RouterMiddleware {
    let store: TokenStore
    let metrics: ServerMetrics
    let logger: Logger

    /// Writes to `store`.
    public init(store: TokenStore, metrics: ServerMetrics, logger: Logger) {
        self.store = store
        self.metrics = metrics
        self.logger = logger
    }

    static var writeMethods: Set<HTTPRequest.Method> { [.post, .put, .patch, .delete] }

    public func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard Self.writeMethods.contains(request.method) else { return try await next(request, context) }
        let at = Date().timeIntervalSince1970 * 1000
        let clock = ContinuousClock()
        let start = clock.now
        let response = try await next(request, context)
        guard let trace = RequestTrace.current, let subject = trace.subject else { return response }
        let record = AuditRecord(
            at: at,
            requestID: trace.requestID,
            tenant: trace.tenant,
            subject: subject,
            method: request.method.rawValue,
            path: String(request.uri.path.prefix(1024)),
            status: response.status.code,
            durationMilliseconds: Double(AccessLogMiddleware<Context>.milliseconds(clock.now - start)) ?? 0
        )
        do {
            // Not cancelled with the request: a client that hangs up does not erase the record.
            let store = self.store
            try await Task.detached { try await store.audit([record]) }.value
        } catch {
            metrics.recordAuditFailure()
            logger.error(
                "audit record not written",
                metadata: ["request_id": .string(trace.requestID), "error": .string("\(error)")]
            )
        }
        return response
    }
}
