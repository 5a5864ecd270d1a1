public import CurlHTTP

/// Where ``NBIClient`` sends its HTTP requests: libcurl's ``HTTPClient`` over the network, or an
/// in-process GenieACS (the stand-in's router, no sockets) for deterministic tests.
///
/// A transport answers every request GenieACS answers with a response, whatever its status, and
/// throws ``HTTPClientError`` only when no response arrived (a refused or dropped connection).
public protocol NBITransport: Sendable {
    /// Sends one request and returns the response.
    func send(_ request: HTTPRequest) async throws -> HTTPResponse
}

extension HTTPClient: NBITransport {}
