/// Where VOLTHA's northbound gRPC API is and how to talk to it.
///
/// Operators reach the API through the Helm service `<release>-voltha-api` on port 55555
/// (`voltha-helm-charts:voltha/templates/api-svc.yaml`), which is also voltctl's default
/// (`voltctl:internal/pkg/apis/config/v3/defaults.go`); the bare core listens on 50057.
public struct VolthaConfiguration: Sendable, Hashable {
    /// Plain HTTP/2 (VOLTHA's default) or TLS.
    public enum Security: Sendable, Hashable {
        case plaintext
        /// TLS, verifying the server against `caFile` (PEM) or the system roots when nil.
        case tls(caFile: String?)
    }

    /// voltctl's default address.
    public static let defaultAddress = "localhost:55555"

    public var host: String
    public var port: Int
    public var security: Security
    /// The deadline of each unary call.
    public var callTimeout: Duration
    /// Keepalive ping interval on the one HTTP/2 connection while a call is open (nil: no pings);
    /// never less than ``minimumKeepalive``.
    public var keepalive: Duration?

    /// The shortest keepalive interval VOLTHA tolerates. Its NBI server sets no keepalive
    /// enforcement policy (voltha-go `rw_core/core/core.go:180`, voltha-lib-go `pkg/grpc/server.go`),
    /// so grpc-go's default holds: MinTime 5 min, no pings without a stream
    /// (`vendor/google.golang.org/grpc/keepalive`, `internal/transport/defaults.go:40`); each ping
    /// sooner, or on an idle connection, is a strike, and after the third the server sends GOAWAY
    /// ENHANCE_YOUR_CALM "too_many_pings" and closes the connection
    /// (`vendor/google.golang.org/grpc/internal/transport/http2_server.go:933-948`). 6 min leaves a
    /// margin for timer drift.
    public static let minimumKeepalive: Duration = .seconds(360)

    /// The keepalive the transport uses for `interval`: at least ``minimumKeepalive``, and only
    /// while a call is open; nil without pings.
    static func keepalivePolicy(_ interval: Duration?) -> (time: Duration, allowWithoutCalls: Bool)? {
        interval.map { (time: max($0, minimumKeepalive), allowWithoutCalls: false) }
    }

    /// A configuration for `host:port`.
    public init(
        host: String,
        port: Int,
        security: Security = .plaintext,
        callTimeout: Duration = .seconds(30),
        keepalive: Duration? = minimumKeepalive
    ) {
        self.host = host
        self.port = port
        self.security = security
        self.callTimeout = callTimeout
        self.keepalive = keepalive
    }

    /// Parses `host:port`, `[v6addr]:port` or a bare host (port 55555).
    ///
    /// - Throws: ``VolthaError`` of kind `invalidInput` for an empty host or a bad port.
    public init(address: String, security: Security = .plaintext, callTimeout: Duration = .seconds(30)) throws {
        var host = address
        var port = 55555
        if address.hasPrefix("["), let close = address.firstIndex(of: "]") {
            host = String(address[address.index(after: address.startIndex)..<close])
            let rest = address[address.index(after: close)...]
            if rest.hasPrefix(":") { port = try Self.port(String(rest.dropFirst()), address: address) }
        } else if let colon = address.lastIndex(of: ":"), address.firstIndex(of: ":") == colon {
            host = String(address[..<colon])
            port = try Self.port(String(address[address.index(after: colon)...]), address: address)
        }
        // A name or an IPv4 address (letters, digits, `-`, `.`, `_`, not starting with `-`), or an
        // IPv6 address in brackets: no user information, no path, nothing a resolver would read
        // as an option.
        let bracketed = address.hasPrefix("[")
        let allowed =
            bracketed
            ? host.unicodeScalars.allSatisfy { $0.properties.isASCIIHexDigit || $0 == ":" || $0 == "." || $0 == "%" }
            : host.unicodeScalars.allSatisfy {
                ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "-"
                    || $0 == "." || $0 == "_"
            }
        guard !host.isEmpty, allowed, !host.hasPrefix("-") else {
            throw VolthaError(
                .invalidInput,
                "bad VOLTHA address \"\(Self.shown(address))\": expected host:port, e.g. voltha-api:55555",
                target: ""
            )
        }
        self.init(host: host, port: port, security: security, callTimeout: callTimeout)
    }

    /// `address` for a message: shortened, and any user information (`user:password@`) hidden.
    static func shown(_ address: String) -> String {
        guard let at = address.lastIndex(of: "@") else { return address.shortened(80) }
        return "<redacted>@" + String(address[address.index(after: at)...]).shortened(80)
    }

    private static func port(_ text: String, address: String) throws -> Int {
        guard let port = Int(text), (1...65535).contains(port) else {
            throw VolthaError(
                .invalidInput,
                "bad port in VOLTHA address \"\(Self.shown(address))\": expected 1-65535",
                target: ""
            )
        }
        return port
    }

    /// `host:port` as operators write it.
    public var address: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}
