/// How an ``HTTPClient`` connects and authenticates.
public struct HTTPClientConfiguration: Sendable {
    /// Credentials sent with every request, for the reverse proxies operators put in front of
    /// an unauthenticated GenieACS NBI (GenieACS 1.2.16 lib/nbi.ts:47-70 checks no credentials).
    public enum Authentication: Sendable, Hashable {
        case none
        /// HTTP Basic.
        case basic(username: String, password: String)
        /// `Authorization: Bearer <token>`.
        case bearer(token: String)
        /// Any header, e.g. `X-API-Key`.
        case header(name: String, value: String)
    }

    /// TLS settings for `https://` URLs.
    public struct TLS: Sendable, Hashable {
        /// A PEM bundle of trusted CAs; nil uses the system store.
        public var caFile: String?
        /// A client certificate and key (PEM) for mutual TLS.
        public var clientCertificateFile: String?
        public var clientKeyFile: String?
        /// Skip certificate and host-name verification. Only for lab setups.
        public var insecureSkipVerify: Bool

        public init(
            caFile: String? = nil,
            clientCertificateFile: String? = nil,
            clientKeyFile: String? = nil,
            insecureSkipVerify: Bool = false
        ) {
            self.caFile = caFile
            self.clientCertificateFile = clientCertificateFile
            self.clientKeyFile = clientKeyFile
            self.insecureSkipVerify = insecureSkipVerify
        }
    }

    public var authentication: Authentication
    public var tls: TLS
    /// Time allowed to establish a connection.
    public var connectTimeout: Duration
    /// Default time allowed for a whole transfer (a request may set its own).
    public var requestTimeout: Duration
    /// Open connections kept per host; transfers beyond it wait for a free connection. 0 = no limit.
    public var maxConnectionsPerHost: Int
    /// Idle connections kept for reuse.
    public var maxCachedConnections: Int
    public var userAgent: String
    /// Log libcurl's verbose trace to standard error. It shows request headers, credentials
    /// included: for debugging only.
    public var verbose: Bool
    /// The largest response body one request accepts (a request may ask for less,
    /// ``HTTPRequest/maxResponseBytes``); a larger one fails the request with
    /// ``HTTPClientError/Kind/responseTooLarge`` as soon as it passes the limit and the rest is
    /// never read, so a server that streams without end cannot exhaust memory (the timeout alone
    /// would let it send gigabytes).
    public var maxResponseBytes: Int
    /// The most bytes the bodies of all responses in flight on this client hold together. The
    /// response whose bytes would pass it fails with ``HTTPClientError/Kind/responseTooLarge``
    /// and the rest of it is not read: without it, each of N parallel requests to a broken server
    /// that streams without end could fill ``maxResponseBytes``. A response alone reaches
    /// ``maxResponseBytes`` first unless that is the larger.
    public var maxBufferedResponseBytes: Int

    /// ``maxResponseBytes`` unless set: 256 MiB, far above a GenieACS page of 1,000 devices with a
    /// projection, and far below what would threaten the host.
    public static let defaultMaxResponseBytes = 256 << 20
    /// ``maxBufferedResponseBytes`` unless set: 256 MiB for all responses in flight together, so
    /// one response may still use the whole of ``defaultMaxResponseBytes`` when it is alone.
    public static let defaultMaxBufferedResponseBytes = 256 << 20

    public init(
        authentication: Authentication = .none,
        tls: TLS = TLS(),
        connectTimeout: Duration = .seconds(10),
        requestTimeout: Duration = .seconds(60),
        maxConnectionsPerHost: Int = 0,
        maxCachedConnections: Int = 1024,
        userAgent: String = "ferrule",
        verbose: Bool = false,
        maxResponseBytes: Int = HTTPClientConfiguration.defaultMaxResponseBytes,
        maxBufferedResponseBytes: Int = HTTPClientConfiguration.defaultMaxBufferedResponseBytes
    ) {
        self.authentication = authentication
        self.tls = tls
        self.connectTimeout = connectTimeout
        self.requestTimeout = requestTimeout
        self.maxConnectionsPerHost = maxConnectionsPerHost
        self.maxCachedConnections = maxCachedConnections
        self.userAgent = userAgent
        self.verbose = verbose
        self.maxResponseBytes = maxResponseBytes
        self.maxBufferedResponseBytes = maxBufferedResponseBytes
    }
}
