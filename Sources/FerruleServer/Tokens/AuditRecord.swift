/// One write request as the audit log keeps it: who, what, when, and the result.
public struct AuditRecord: Sendable, Hashable {
    /// Milliseconds since the Unix epoch, when the request arrived.
    public var at: Double
    /// The request id (`X-Request-ID`).
    public var requestID: String
    /// The tenant the request acted in; nil when it was refused before one was resolved.
    public var tenant: String?
    /// The token id or JWT subject; nil when the caller was not authenticated.
    public var subject: String?
    /// `POST`, `PUT`, `PATCH`, `DELETE`.
    public var method: String
    /// The path, without the query string.
    public var path: String
    /// The response status.
    public var status: Int
    /// How long the request took, in milliseconds.
    public var durationMilliseconds: Double

    /// Creates a record.
    public init(
        at: Double,
        requestID: String,
        tenant: String?,
        subject: String?,
        method: String,
        path: String,
        status: Int,
        durationMilliseconds: Double
    ) {
        self.at = at
        self.requestID = requestID
        self.tenant = tenant
        self.subject = subject
        self.method = method
        self.path = path
        self.status = status
        self.durationMilliseconds = durationMilliseconds
    }
}
