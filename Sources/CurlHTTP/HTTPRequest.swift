/// One HTTP header line.
public struct HTTPHeader: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// An HTTP/1.1 request for ``HTTPClient``.
public struct HTTPRequest: Sendable, Hashable {
    /// `GET`, `HEAD`, `POST`, `PUT`, `DELETE`, …
    public var method: String
    /// The absolute URL, already percent-encoded as the server expects it.
    public var url: String
    public var headers: [HTTPHeader]
    /// The request body; empty for none.
    public var body: [UInt8]
    /// Time allowed for the whole transfer; nil takes the client's ``HTTPClientConfiguration/requestTimeout``.
    public var timeout: Duration?
    /// The largest response body kept for this request, sized for what the caller needs of it;
    /// nil takes the client's ``HTTPClientConfiguration/maxResponseBytes``, and a larger value is
    /// lowered to it.
    public var maxResponseBytes: Int?
    /// What a body past the limit does: fail the request (the default) or end it with the start
    /// of the body.
    public var responseOverflow: ResponseOverflow

    /// What ``HTTPClient`` does with a response body past the request's limit. Either way the
    /// transfer is stopped there: the rest is never read.
    public enum ResponseOverflow: Sendable, Hashable {
        /// Fail with ``HTTPClientError/Kind/responseTooLarge``: the caller needs the whole body.
        case fail
        /// Return the response with the first ``HTTPRequest/maxResponseBytes`` bytes of its body and
        /// ``HTTPResponse/isTruncated`` set: the caller needs the status and at most an excerpt
        /// (a webhook receiver's answer).
        case truncate
    }

    public init(
        method: String,
        url: String,
        headers: [HTTPHeader] = [],
        body: [UInt8] = [],
        timeout: Duration? = nil,
        maxResponseBytes: Int? = nil,
        responseOverflow: ResponseOverflow = .fail
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.maxResponseBytes = maxResponseBytes
        self.responseOverflow = responseOverflow
    }
}

/// A complete HTTP response, with the reason phrase exactly as the server sent it.
public struct HTTPResponse: Sendable, Hashable {
    /// The request's URL.
    public var url: String
    public var status: Int
    /// The text after the status code on the final status line (`Task faulted` in
    /// `HTTP/1.1 202 Task faulted`); empty when the server sent none.
    public var reasonPhrase: String
    /// Headers of the final response (not of `1xx` interim responses), in the order received.
    public var headers: [HTTPHeader]
    public var body: [UInt8]
    /// The body is only the start of what the server sent: the request allowed
    /// ``HTTPRequest/ResponseOverflow/truncate`` and the rest was not read.
    public var isTruncated: Bool

    public init(
        url: String,
        status: Int,
        reasonPhrase: String,
        headers: [HTTPHeader],
        body: [UInt8],
        isTruncated: Bool = false
    ) {
        self.url = url
        self.status = status
        self.reasonPhrase = reasonPhrase
        self.headers = headers
        self.body = body
        self.isTruncated = isTruncated
    }

    /// The first header named `name`, compared case-insensitively.
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name.lowercased() == wanted }?.value
    }

    /// The body as UTF-8 text (invalid bytes replaced).
    public var text: String { String(decoding: body, as: UTF8.self) }
}
