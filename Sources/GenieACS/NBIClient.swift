import CurlHTTP
import FerruleJSON

/// A client for the GenieACS 1.2 northbound interface (GenieACS 1.2.16 lib/nbi.ts:72-702), over any
/// ``NBITransport``: libcurl's ``HTTPClient`` or an in-process GenieACS.
///
/// Every call names the URL it used in its errors; task outcomes keep GenieACS's reason phrase.
/// Reads, PUTs and DELETEs are retried after a failed connection (they are idempotent);
/// task POSTs never are, and a dropped connection is never retried blindly: GenieACS drops
/// connections when a request crashes its worker (GenieACS 1.2.16 lib/server.ts:89-100, bin/genieacs-nbi.ts:75-83).
///
/// ```swift
/// let http = try HTTPClient()
/// let acs = try NBIClient(baseURL: "http://acs.example:7557", http: http)
/// let page = try await acs.query(.devices, CollectionQuery(query: ["_tags": "beta"], limit: 100))
/// ```
public struct NBIClient: GenieACSNBI {
    /// The NBI root, without a trailing slash (`http://acs:7557`).
    public let baseURL: String
    let http: any NBITransport
    /// Attempts for idempotent calls that fail to connect (1 = no retry).
    public var idempotentAttempts: Int
    /// Time allowed for ordinary calls.
    public var timeout: Duration

    /// - Parameters:
    ///   - baseURL: the NBI root, `http://` or `https://` (`memory://…` for an in-process transport).
    ///   - http: the transport, usually an ``HTTPClient``.
    /// - Throws: ``GenieACSError`` when `baseURL` is not such a URL.
    public init(baseURL: String, http: any NBITransport, timeout: Duration = .seconds(120), idempotentAttempts: Int = 3)
        throws
    {
        var url = baseURL
        while url.hasSuffix("/") { url.removeLast() }
        guard url.hasPrefix("http://") || url.hasPrefix("https://") || url.hasPrefix("memory://"), url.count > 8
        else {
            throw GenieACSError.invalidArgument(
                "the ACS URL must start with http:// or https:// (e.g. http://genieacs:7557)",
                method: "-",
                url: baseURL
            )
        }
        self.baseURL = url
        self.http = http
        self.timeout = timeout
        self.idempotentAttempts = max(1, idempotentAttempts)
    }

    /// The most of an answer to a POST, PUT or DELETE that is read: GenieACS answers a task POST
    /// with the task as JSON (GenieACS 1.2.16 lib/nbi.ts:293-294) and other writes with an empty body
    /// or a one-line error (lib/nbi.ts:85-255).
    public static let writeResponseLimit = 16 << 20

    /// Sends one request and returns the response, whatever its status.
    func send(
        _ method: String,
        _ path: String,
        body: [UInt8] = [],
        headers: [HTTPHeader] = [],
        timeout: Duration? = nil
    ) async throws -> HTTPResponse {
        var requestHeaders = headers
        if !body.isEmpty, !headers.contains(where: { $0.name.lowercased() == "content-type" }) {
            requestHeaders.append(HTTPHeader("Content-Type", "application/json"))
        }
        let request = HTTPRequest(
            method: method,
            url: baseURL + path,
            headers: requestHeaders,
            body: body,
            timeout: timeout ?? self.timeout,
            // Reads (pages of devices, faults, files' metadata) may take the client's whole limit;
            // GenieACS answers a write with the task it queued or nothing at all.
            maxResponseBytes: method == "GET" ? nil : Self.writeResponseLimit
        )
        let attempts = method == "POST" ? 1 : idempotentAttempts
        var attempt = 1
        while true {
            do {
                return try await http.send(request)
            } catch let error as HTTPClientError {
                guard attempt < attempts, error.kind == .connect || error.kind == .resolve else {
                    throw GenieACSError.transport(error)
                }
                try await Task.sleep(for: .milliseconds(200 << (attempt - 1)))
                attempt += 1
            }
        }
    }

    /// Sends and requires one of `expected` statuses.
    @discardableResult
    func expect(
        _ method: String,
        _ path: String,
        body: [UInt8] = [],
        headers: [HTTPHeader] = [],
        statuses expected: Set<Int> = [200]
    ) async throws -> HTTPResponse {
        let response = try await send(method, path, body: body, headers: headers)
        guard expected.contains(response.status) else { throw GenieACSError.status(response, method: method) }
        return response
    }

    /// Parses a JSON body.
    func json(_ response: HTTPResponse, method: String) throws -> JSONValue {
        do {
            return try JSONValue.parse(response.body)
        } catch {
            throw GenieACSError.invalidResponse(
                "body is not JSON: \(error)",
                method: method,
                url: response.url,
                status: response.status
            )
        }
    }

    /// `GET /ping/<host>`: GenieACS pings the host from the ACS and returns the output.
    ///
    /// - Returns: the ping output; throws ``GenieACSError`` (500, `Error: Command failed: ping …`) when the host
    ///   is unreachable or unknown, and for an invalid host (`Error: Invalid host`), as GenieACS 1.2.16 answers
    ///   every ping error (lib/nbi.ts:546-551).
    ///   The host travels unencoded: GenieACS's route takes only `[a-zA-Z0-9-_.:]` and no `%` escapes
    ///   (lib/nbi.ts:25); any other host is refused here.
    public func ping(_ host: String) async throws -> String {
        let allowed = host.utf8.allSatisfy { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || "-_.:".utf8.contains(b)
        }
        guard !host.isEmpty, allowed else {
            throw GenieACSError.invalidArgument(
                "a ping host has only letters, digits, '-', '_', '.' and ':'",
                method: "GET",
                url: baseURL + "/ping/"
            )
        }
        return try await expect("GET", "/ping/" + host).text
    }

    /// Whether the NBI answers at all, and the GenieACS version it reports (`GenieACS-Version`).
    public func version() async throws -> String? {
        let response = try await send("HEAD", "/presets/?limit=0")
        guard response.status == 200 else { throw GenieACSError.status(response, method: "HEAD") }
        return response.header("GenieACS-Version")
    }
}
