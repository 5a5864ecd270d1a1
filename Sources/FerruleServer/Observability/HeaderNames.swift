public import HTTPTypes

extension HTTPField.Name {
    /// `X-Request-ID`: the request id, taken from the client when sane and echoed on every answer.
    public static let requestID = constant("X-Request-ID")
    /// `X-Correlation-ID`: the seed platform's name for the same id on error answers.
    public static let correlationID = constant("X-Correlation-ID")
    /// `X-API-Key`: an API token.
    public static let apiKey = constant("X-API-Key")
    /// `X-Tenant-ID`: the tenant a request names.
    public static let tenantID = constant("X-Tenant-ID")

    /// A header name spelled in this source (always valid; checked once).
    private static func constant(_ name: String) -> HTTPField.Name {
        guard let field = HTTPField.Name(name) else { preconditionFailure("invalid header name \(name)") }
        return field
    }
}
