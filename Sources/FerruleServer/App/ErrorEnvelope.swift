import FerruleCore
public import FerruleJSON
public import Foundation
public import HTTPTypes
public import Hummingbird

/// The error body of every deliberate error: the seed platform's standard envelope, whose
/// `detail` string every DotMac client reads.
///
/// ```json
/// {"error_code": "HTTP_401", "message": "Not authenticated", "detail": "Not authenticated",
///  "status": 401, "user_message": "The request could not be completed.",
///  "category": "authentication", "severity": "high", "retryable": false,
///  "correlation_id": "9f2c…", "timestamp": "2026-12-05T09:00:00.123Z", "details": {}}
/// ```
///
/// It is answered with `X-Correlation-ID` (the request id), as the seed does.
public struct ErrorEnvelope: Sendable {
    /// The HTTP status.
    public var status: HTTPResponse.Status
    /// The text for `detail` and `message`.
    public var detail: String
    /// The request id, as `correlation_id`.
    public var requestID: String
    /// When it happened.
    public var timestamp: Date

    /// Creates an envelope.
    public init(status: HTTPResponse.Status, detail: String, requestID: String, timestamp: Date = Date()) {
        self.status = status
        self.detail = detail
        self.requestID = requestID
        self.timestamp = timestamp
    }

    /// The most characters of `detail` an answer shows (counted before escaping); longer texts are
    /// cut there and end with `… (N bytes)` (the full size).
    public static let detailLimit = 1000

    /// `detail` as every error answer shows it: control bytes and bidirectional overrides escaped
    /// (``DisplayText/escaped(_:)``), cut at ``detailLimit`` characters. Escaping is idempotent
    /// (it never escapes a backslash), so details built from already escaped values read the same.
    public static func shown(_ detail: String) -> String { DisplayText.line(detail, limit: detailLimit) }

    /// The seed's category, severity and retryability per status (DotMac's
    /// `core/exception_handlers.py`); the API's error cases use the same table.
    static func classification(_ status: Int) -> (category: String, severity: String, retryable: Bool) {
        switch status {
        case 400, 422: ("validation", "low", false)
        case 401: ("authentication", "high", false)
        case 403: ("authorization", "high", false)
        case 404: ("business", "low", false)
        case 409: ("business", "medium", false)
        case 429: ("system", "medium", true)
        case 500: ("system", "critical", true)
        case 502: ("external_service", "high", true)
        case 503: ("system", "critical", true)
        case 504: ("network", "high", true)
        default: ("system", "medium", false)
        }
    }

    /// `error_code`: `HTTP_<status>`, `VALIDATION_ERROR` for 422 (DotMac's `core/error_contract.py`).
    static func errorCode(_ status: Int) -> String { status == 422 ? "VALIDATION_ERROR" : "HTTP_\(status)" }

    /// `user_message`: a sentence fit for an end user, by status class.
    static func userMessage(_ status: Int) -> String {
        status >= 500
            ? "Unable to complete this action. Please try again later." : "The request could not be completed."
    }

    /// `timestamp`: UTC, ISO 8601 with milliseconds and `Z` (every error envelope's format).
    static func timestampText(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    /// The JSON document.
    public var json: JSONValue {
        let (category, severity, retryable) = Self.classification(status.code)
        let shown = Self.shown(detail)
        return .object([
            ("error_code", .string(Self.errorCode(status.code))),
            ("message", .string(shown)),
            ("detail", .string(shown)),
            ("status", .int(status.code)),
            ("user_message", .string(Self.userMessage(status.code))),
            ("category", .string(category)),
            ("severity", .string(severity)),
            ("retryable", .bool(retryable)),
            ("correlation_id", .string(requestID)),
            ("timestamp", .string(Self.timestampText(timestamp))),
            ("details", .object([])),
        ])
    }

    /// The envelope as a response with `headers` added.
    public func response(headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "application/json"
        if !requestID.isEmpty { fields[RequestTrace.correlationIDHeader] = requestID }
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(string: json.compactText)))
    }
}
