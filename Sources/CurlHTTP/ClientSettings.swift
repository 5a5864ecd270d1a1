/// An ``HTTPClientConfiguration`` resolved once into what every transfer sets on its easy handle.
struct ClientSettings: Sendable {
    var connectTimeoutMilliseconds: Int
    var requestTimeoutMilliseconds: Int
    var userAgent: String
    /// Basic-auth credentials, set with `CURLOPT_USERNAME`/`CURLOPT_PASSWORD`.
    var basicUsername: String?
    var basicPassword: String?
    /// Header lines (`Name: value`) added to every request: bearer and custom-header authentication.
    var extraHeaderLines: [String]
    var tls: HTTPClientConfiguration.TLS
    var verbose: Bool
    /// The largest response body a transfer keeps (``HTTPClientConfiguration/maxResponseBytes``).
    var maxResponseBytes: Int
    /// What the bodies in flight hold together (``HTTPClientConfiguration/maxBufferedResponseBytes``).
    var maxBufferedResponseBytes: Int
    /// Strings that must never appear in an error's detail: passwords and tokens.
    var secrets: [String]

    init(_ configuration: HTTPClientConfiguration) {
        connectTimeoutMilliseconds = configuration.connectTimeout.curlMilliseconds
        requestTimeoutMilliseconds = configuration.requestTimeout.curlMilliseconds
        userAgent = configuration.userAgent
        tls = configuration.tls
        verbose = configuration.verbose
        maxResponseBytes = max(0, configuration.maxResponseBytes)
        maxBufferedResponseBytes = max(0, configuration.maxBufferedResponseBytes)
        basicUsername = nil
        basicPassword = nil
        extraHeaderLines = []
        secrets = []
        switch configuration.authentication {
        case .none:
            break
        case .basic(let username, let password):
            basicUsername = username
            basicPassword = password
            secrets = [password]
        case .bearer(let token):
            extraHeaderLines = ["Authorization: Bearer \(token)"]
            secrets = [token]
        case .header(let name, let value):
            extraHeaderLines = ["\(name): \(value)"]
            secrets = [value]
        }
        secrets.removeAll { $0.isEmpty }
    }

    /// `text` with every secret replaced by `***`.
    func scrubbed(_ text: String) -> String {
        var text = text
        for secret in secrets where text.contains(secret) {
            text = text.replacing(secret, with: "***")
        }
        return text
    }
}
