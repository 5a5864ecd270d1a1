public import CurlHTTP

/// Sends one webhook request; ``HTTPClient`` (libcurl) in production, a recorder in tests.
public protocol WebhookTransport: Sendable {
    func send(_ request: HTTPRequest) async throws -> HTTPResponse
}

extension HTTPClient: WebhookTransport {}
