/// The path prefixes the API is served under: the seed platform's `/api/v1` and the ISP alias
/// `/api/isp/v1`, with the same routes, fields and status codes under both.
public enum APIPrefix: String, Sendable, CaseIterable {
    /// `/api/v1`, what DotMac services call.
    case v1 = "/api/v1"
    /// `/api/isp/v1`, the same API under the ISP namespace.
    case ispV1 = "/api/isp/v1"
}
