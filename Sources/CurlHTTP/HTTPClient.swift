/// An HTTP/1.1 client over libcurl's multi interface that keeps the reason phrase.
///
/// One client drives any number of concurrent requests from a single dedicated thread and reuses
/// connections per host. Every HTTP status, 4xx and 5xx included, comes back as an
/// ``HTTPResponse``; only transport failures throw, as ``HTTPClientError``.
///
/// ```swift
/// let client = try HTTPClient(configuration: .init(requestTimeout: .seconds(180)))
/// defer { client.shutdown() }
/// let response = try await client.send(
///     HTTPRequest(method: "POST", url: "http://acs:7557/devices/\(id)/tasks?connection_request",
///                 headers: [HTTPHeader("Content-Type", "application/json")], body: Array(json.utf8)))
/// if response.status == 202 { print(response.reasonPhrase) }  // e.g. "Task faulted"
/// ```
///
/// Requests always go out as HTTP/1.1 (HTTP/2 has no reason phrase). A request with a body is sent
/// with `Content-Length` and without `Expect: 100-continue`, and libcurl adds no `Content-Type` of
/// its own: set one in ``HTTPRequest/headers``.
public final class HTTPClient: Sendable {
    private let loop: CurlMultiLoop

    /// Starts a client and its transfer thread.
    ///
    /// - Throws: ``HTTPClientError`` of kind ``HTTPClientError/Kind/other`` when libcurl cannot be
    ///   initialised or the thread cannot start.
    public init(configuration: HTTPClientConfiguration = .init()) throws {
        let code = CurlGlobal.initialize()
        guard code == 0 else {
            throw HTTPClientError(
                kind: .other,
                method: "INIT",
                url: "libcurl",
                curlCode: code,
                detail: "curl_global_init failed"
            )
        }
        loop = try CurlMultiLoop(
            settings: ClientSettings(configuration),
            maxConnectionsPerHost: configuration.maxConnectionsPerHost,
            maxCachedConnections: configuration.maxCachedConnections
        )
    }

    deinit {
        loop.shutdown()
    }

    /// Sends a request and waits for the complete response.
    ///
    /// Cancelling the calling task aborts the transfer and throws a ``HTTPClientError`` of kind
    /// ``HTTPClientError/Kind/cancelled``.
    ///
    /// - Returns: the final response (after any `1xx` interim ones), whatever its status.
    /// - Throws: ``HTTPClientError`` when no response arrived: resolve, connect, timeout, dropped
    ///   connection, TLS, invalid request, cancellation or shutdown.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let transfer = CurlTransfer(request: request)
        if let problem = request.headerProblem {
            throw transfer.error(.invalidRequest, detail: problem)
        }
        if Task.isCancelled {
            throw transfer.error(.cancelled, detail: "the task was cancelled")
        }
        let loop = self.loop
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                loop.submit(transfer, continuation: continuation)
                // A cancellation that arrived before the submission found nothing to cancel.
                if Task.isCancelled { loop.cancel(transfer) }
            }
        } onCancel: {
            loop.cancel(transfer)
        }
    }

    /// Stops the client: requests in flight fail with ``HTTPClientError/Kind/cancelled``, and so
    /// does every later ``send(_:)``. Returns at once; calling it again does nothing. Also done
    /// when the client is deinitialised.
    public func shutdown() {
        loop.shutdown()
    }
}
