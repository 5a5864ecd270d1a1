public import Hummingbird
public import Logging

/// Logs every answered request (one line: request id, method, path without the query, matched
/// route, status, duration, tenant and subject — never a header value or a body) and counts it
/// in ``ServerMetrics``.
public struct AccessLogMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServerMetrics
    let logger: Logger

    /// Logs to `logger` and records in `metrics`.
    public init(metrics: ServerMetrics, logger: Logger) {
        self.metrics = metrics
        self.logger = logger
    }

    public func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let clock = ContinuousClock()
        let start = clock.now
        var status = 500
        // Cancelled before its answer went out (the shutdown's time ran out): the client got none.
        var aborted = false
        defer {
            let duration = clock.now - start
            // Hummingbird's not-found responder names its requests "NotFound".
            let route = context.endpointPath.flatMap { $0 == "NotFound" ? nil : $0 } ?? "unmatched"
            metrics.recordRequest(route: route, method: request.method.rawValue, status: status, duration: duration)
            let trace = RequestTrace.current
            logger.info(
                "request",
                metadata: [
                    "request_id": .string(trace?.requestID ?? ""),
                    "method": .string(request.method.rawValue),
                    "path": .string(String(request.uri.path.prefix(512))),
                    "route": .string(route),
                    "status": aborted ? "aborted" : .stringConvertible(status),
                    "duration_ms": .string(Self.milliseconds(duration)),
                    "tenant": .string(trace?.tenant ?? "-"),
                    "subject": .string(trace?.subject ?? "-"),
                ]
            )
        }
        do {
            let response = try await next(request, context)
            status = response.status.code
            aborted = Task.isCancelled
            return response
        } catch {
            aborted = Task.isCancelled || error is CancellationError
            throw error
        }
    }

    /// Milliseconds with three decimals (`12.345`), without `String(format:)` (slow on Linux).
    static func milliseconds(_ duration: Duration) -> String {
        let components = duration.components
        let rounded = (components.attoseconds + 500_000_000_000) / 1_000_000_000_000
        let micros = max(0, components.seconds * 1_000_000 + rounded)
        let fraction = String(micros % 1000)
        return String(micros / 1000) + "." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }
}
