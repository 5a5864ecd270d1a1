import NIOCore
import NIOHTTP1

/// One aggregated NBI request.
struct Request {
    let method: HTTPMethod
    /// The raw path (still percent-encoded; routes match on it, GenieACS 1.2.16 lib/nbi.ts:18-31, 79).
    let path: String
    /// Query parameters as Node's `querystring.parse` gives them (first value of repeated keys).
    let query: [String: String]
    let headers: HTTPHeaders
    let body: ByteBuffer

    init(head: HTTPRequestHead, body: ByteBuffer) {
        method = head.method
        headers = head.headers
        self.body = body
        var uri = Substring(head.uri)
        if let hash = uri.firstIndex(of: "#") { uri = uri[..<hash] }
        if let q = uri.firstIndex(of: "?") {
            path = String(uri[..<q])
            var params: [String: String] = [:]
            for pair in uri[uri.index(after: q)...].split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let key = Self.formDecode(parts[0])
                if params[key] == nil { params[key] = parts.count > 1 ? Self.formDecode(parts[1]) : "" }
            }
            query = params
        } else {
            path = String(uri)
            query = [:]
        }
    }

    var bodyBytes: [UInt8] { Array(body.readableBytesView) }

    /// `querystring.unescape`: `+` is a space; bad escapes stay as they are.
    static func formDecode(_ text: Substring) -> String {
        let bytes = Array(text.utf8).map { $0 == UInt8(ascii: "+") ? UInt8(ascii: " ") : $0 }
        return String(decoding: percentDecode(bytes, strict: false) ?? bytes, as: UTF8.self)
    }

    /// `decodeURIComponent`; nil where it throws `URIError: URI malformed` (a bad escape or invalid UTF-8).
    static func decodeURIComponent(_ text: String) -> String? {
        guard let bytes = percentDecode(Array(text.utf8), strict: true) else { return nil }
        guard let s = String(validating: bytes, as: UTF8.self) else { return nil }
        return s
    }

    private static func percentDecode(_ bytes: [UInt8], strict: Bool) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "%") {
                if i + 2 < bytes.count, let h = hex(bytes[i + 1]), let l = hex(bytes[i + 2]) {
                    out.append(h << 4 | l)
                    i += 3
                    continue
                }
                if strict { return nil }
            }
            out.append(bytes[i])
            i += 1
        }
        return out
    }

    private static func hex(_ b: UInt8) -> UInt8? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): b - 48
        case UInt8(ascii: "a")...UInt8(ascii: "f"): b - 87
        case UInt8(ascii: "A")...UInt8(ascii: "F"): b - 55
        default: nil
        }
    }
}

/// What the router answers.
enum Reply {
    /// A complete response.
    case full(HTTPResponseStatus, headers: [(String, String)], body: String)
    /// `GET`/`HEAD /<collection>`: the `total` header, then the documents in GenieACS's array layout.
    case collection(total: Int, headOnly: Bool, documents: DocumentSource)
    /// The worker crashed: close without a response (after ``Scenario/Latencies/crashCloseMs``).
    case drop

    /// Whether the reply asks to close the connection (`Connection: close`, as GenieACS's ping errors do).
    var closes: Bool {
        guard case .full(_, let headers, _) = self else { return false }
        return headers.contains { $0.0.lowercased() == "connection" && $0.1.lowercased() == "close" }
    }

    static func text(_ code: Int, _ reason: String? = nil, _ body: String = "", type: String? = nil) -> Reply {
        let status: HTTPResponseStatus =
            reason.map { .custom(code: UInt(code), reasonPhrase: $0) } ?? HTTPResponseStatus(statusCode: code)
        return .full(status, headers: type.map { [("Content-Type", $0)] } ?? [], body: body)
    }

    static func json(_ code: Int, _ reason: String? = nil, _ body: String) -> Reply {
        text(code, reason, body, type: "application/json")
    }

    /// GenieACS 1.2.16 lib/nbi.ts:608-613, 698-701: `404 Not Found` for unknown routes, collections and files.
    static var notFound: Reply { text(404, nil, "404 Not Found") }

    /// GenieACS 1.2.16 lib/nbi.ts:101-104, 602-606: 405 with the methods the route takes.
    static func methodNotAllowed(_ allow: String) -> Reply {
        .full(
            HTTPResponseStatus(statusCode: 405),
            headers: [("Allow", allow)],
            body: "405 Method Not Allowed"
        )
    }
}

/// Where a collection response's documents come from, fetched in batches while the response streams.
enum DocumentSource {
    case rendered([String])
    case devices([Int], Projection?)
}
