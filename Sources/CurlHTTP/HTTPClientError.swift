/// A transfer that produced no HTTP response: what failed, for which URL, and what to do next.
///
/// An HTTP status, even 5xx, is not an error here: it arrives as an ``HTTPResponse``.
/// The description never contains credentials (URLs with user info are redacted).
public struct HTTPClientError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The closed set of transport failures callers act on.
    public enum Kind: String, Sendable, Hashable {
        /// The host name did not resolve.
        case resolve
        /// No connection (refused, unreachable, connect timeout).
        case connect
        /// The transfer did not finish within its timeout.
        case timeout
        /// The server closed the connection without a response (GenieACS does this when a handler
        /// throws, GenieACS 1.2.16 lib/server.ts:89-100, bin/genieacs-nbi.ts:75-83): the request may or may not have
        /// had an effect.
        case connectionDropped
        /// Certificate or handshake failure.
        case tls
        /// The task waiting for the response was cancelled.
        case cancelled
        /// The request could not be built (bad URL, unsupported scheme).
        case invalidRequest
        /// The response body passed its limit (``HTTPRequest/maxResponseBytes``,
        /// ``HTTPClientConfiguration/maxResponseBytes``) or the bodies in flight together passed
        /// ``HTTPClientConfiguration/maxBufferedResponseBytes``; the rest was not read.
        case responseTooLarge
        /// Anything else libcurl reports.
        case other
    }

    public var kind: Kind
    public var method: String
    /// The URL with any user info removed.
    public var url: String
    /// libcurl's result code (CURLcode), 0 when the failure did not come from libcurl.
    public var curlCode: Int
    /// libcurl's error text for this transfer.
    public var detail: String

    public init(kind: Kind, method: String, url: String, curlCode: Int = 0, detail: String) {
        self.kind = kind
        self.method = method
        self.url = HTTPClientError.redacted(url)
        self.curlCode = curlCode
        self.detail = detail
    }

    public var description: String {
        let what: String
        switch kind {
        case .resolve: what = "cannot resolve the host; check the URL"
        case .connect: what = "cannot connect; is the server running and reachable from here?"
        case .timeout: what = "timed out; the server is slow or unreachable (raise the timeout if this is expected)"
        case .connectionDropped:
            what = "the server closed the connection without answering; the request may have been rejected"
        case .tls: what = "TLS failed; check the certificate, CA bundle and host name"
        case .cancelled: what = "cancelled"
        case .invalidRequest: what = "the request is invalid"
        case .responseTooLarge: what = "the response is too large"
        case .other: what = "transfer failed"
        }
        let suffix = detail.isEmpty ? "" : " (\(detail))"
        return "\(method) \(url): \(what)\(suffix)"
    }

    /// `url` without `user:password@`.
    public static func redacted(_ url: String) -> String {
        let scalars = Array(url.unicodeScalars)
        var schemeEnd: Int?
        for i in 0..<max(0, scalars.count - 2) where scalars[i] == ":" && scalars[i + 1] == "/" && scalars[i + 2] == "/"
        {
            schemeEnd = i + 3
            break
        }
        guard let start = schemeEnd else { return url }
        let authorityEnd = scalars[start...].firstIndex(of: "/") ?? scalars.count
        guard let at = scalars[start..<authorityEnd].lastIndex(of: "@") else { return url }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: scalars[..<start])
        out.append(contentsOf: scalars[(at + 1)...])
        return String(out)
    }
}
