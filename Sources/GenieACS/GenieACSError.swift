public import CurlHTTP
import FerruleCore
import FerruleJSON

/// A GenieACS NBI call that failed: what, which URL, the status and reason phrase GenieACS gave,
/// and what to do next. Never holds a secret: URLs are stripped of user info and bodies of
/// requests are not included; plan and deploy withhold every secret value they know from what
/// GenieACS (or a proxy in front of it) answered (``withholding(_:)``), and ``description``
/// shows that answer shortened and with control characters escaped.
public struct GenieACSError: Error, Sendable, CustomStringConvertible {
    private enum Code: Sendable {
        case transport(HTTPClientError)
        case unexpectedStatus
        case invalidResponse(String)
        case invalidTask(String)
        case invalidArgument(String)
        case notFound
        case deviceInSession
        case rejected
    }

    private let code: Code
    /// `GET`, `PUT`, …
    public let method: String
    /// The URL called, without credentials.
    public let url: String
    /// The HTTP status, 0 when no response arrived.
    public let status: Int
    /// The reason phrase of the status line (GenieACS puts task outcomes there).
    public private(set) var reasonPhrase: String
    /// The start of the response body (GenieACS's error text, e.g. `SyntaxError: Unexpected token`),
    /// at most ``bodyLimit`` characters.
    public private(set) var body: String
    /// Characters of the response body after ``body`` that were left out.
    public private(set) var bodyOmitted: Int

    /// The most characters of a response body an error keeps.
    static let bodyLimit = 500

    private init(
        _ code: Code,
        method: String,
        url: String,
        status: Int = 0,
        reasonPhrase: String = "",
        body: String = ""
    ) {
        self.code = code
        self.method = method
        self.url = url
        self.status = status
        self.reasonPhrase = reasonPhrase
        self.body = String(body.prefix(Self.bodyLimit))
        self.bodyOmitted = self.body.count < Self.bodyLimit ? 0 : body.count - self.body.count
    }

    static func transport(_ error: HTTPClientError) -> GenieACSError {
        GenieACSError(.transport(error), method: error.method, url: error.url)
    }

    static func status(_ response: HTTPResponse, method: String) -> GenieACSError {
        let code: Code
        switch response.status {
        case 404: code = .notFound
        case 503
        where response.reasonPhrase == "Device is in session" || response.text.contains("Device is in session"):
            code = .deviceInSession
        case 400: code = .rejected
        default: code = .unexpectedStatus
        }
        return GenieACSError(
            code,
            method: method,
            url: HTTPClientError(kind: .other, method: method, url: response.url, detail: "").url,
            status: response.status,
            reasonPhrase: response.reasonPhrase,
            body: response.text
        )
    }

    /// Something the client looked up first and did not find; nothing was sent that would crash a GenieACS worker.
    /// Reported as the 404 GenieACS means to give (its own check cannot fire, e.g. lib/nbi.ts:529-532).
    static func notFound(method: String, url: String, detail: String) -> GenieACSError {
        GenieACSError(.notFound, method: method, url: url, status: 404, reasonPhrase: "Not Found", body: detail)
    }

    static func invalidResponse(_ detail: String, method: String, url: String, status: Int) -> GenieACSError {
        GenieACSError(.invalidResponse(detail), method: method, url: url, status: status)
    }

    static func invalidTask(_ detail: String, device: String) -> GenieACSError {
        GenieACSError(.invalidTask(detail), method: "POST", url: "/devices/\(device)/tasks")
    }

    static func invalidArgument(_ detail: String, method: String, url: String) -> GenieACSError {
        GenieACSError(.invalidArgument(detail), method: method, url: url)
    }

    /// What was wrong with an answer that is not what GenieACS sends (not JSON, no `total`
    /// header, a `$gt` range ignored), nil for other failures; never holds the URL.
    public var invalidResponseDetail: String? {
        if case .invalidResponse(let detail) = code { return detail }
        return nil
    }

    /// The transport failure, when no HTTP response arrived.
    public var transportError: HTTPClientError? {
        if case .transport(let error) = code { return error }
        return nil
    }

    /// GenieACS answered 404 (`No such device`, `Task not found`, `404 Not Found`).
    public var isNotFound: Bool {
        if case .notFound = code { return true }
        return false
    }

    /// GenieACS answered 503 `Device is in session`: retry after the CPE's session ends.
    public var isDeviceInSession: Bool {
        if case .deviceInSession = code { return true }
        return false
    }

    /// A failure that may pass on its own: no answer (a refused, dropped or timed-out connection) or
    /// a 5xx (a proxy's 502/504, GenieACS's 500 when a worker fails, a 503). A read that failed so may
    /// be sent again; a 4xx, an answer GenieACS does not send, or a request refused locally may not.
    public var isTransient: Bool {
        switch code {
        case .transport(let error):
            return [.connect, .resolve, .timeout, .connectionDropped, .other].contains(error.kind)
        case .unexpectedStatus, .deviceInSession:
            return status >= 500
        default:
            return false
        }
    }

    /// A write whose answer was lost after it may have reached GenieACS: a timeout, a dropped
    /// connection or a 5xx (a proxy's 504 while GenieACS waits for the connection-request session;
    /// GenieACS inserts a task before it waits, 1.2.16 lib/nbi.ts:327-345). Not a connection that
    /// was never made (`connect`, `resolve`): nothing was sent then.
    public var answerMayBeLost: Bool {
        switch code {
        case .transport(let error): return [.timeout, .connectionDropped, .other].contains(error.kind)
        case .unexpectedStatus, .deviceInSession: return status >= 500
        default: return false
        }
    }

    /// The task was refused locally before anything was sent.
    public var isInvalidTask: Bool {
        if case .invalidTask = code { return true }
        return false
    }

    public var description: String {
        let shownURL = Self.shortened(url)
        let statusText =
            status == 0 ? "" : " → \(status) \(DisplayText.escaped(reasonPhrase))".trimmingTrailingSpace
        let omitted = bodyOmitted == 0 ? "" : "…[\(DisplayText.grouped(bodyOmitted)) more characters]"
        let bodyText = body.isEmpty ? "" : ": \(DisplayText.escaped(body.trimmingTrailingSpace))\(omitted)"
        switch code {
        case .transport(let error)
        where method == "POST" && (error.kind == .timeout || error.kind == .connectionDropped):
            return "\(error); GenieACS may have queued the task anyway: check `ferrule acs faults` and the device's "
                + "tasks before sending it again"
        case .transport(let error) where error.kind == .responseTooLarge:
            // An answer, not an unreachable NBI: what was asked for is too much, or the server at
            // the URL is not a working GenieACS (one that streams without end).
            return "GenieACS NBI answer too large: \(error)"
        case .transport(let error):
            return "GenieACS NBI unreachable: \(error)"
        case .unexpectedStatus:
            return "\(method) \(shownURL)\(statusText)\(bodyText); GenieACS did not accept the request"
        case .notFound:
            let hint =
                url.contains("/devices/")
                ? "check the device id (OUI-ProductClass-Serial, as `ferrule acs devices` lists it)"
                : url.contains("/tasks/")
                    ? "the task no longer exists (it ran, expired or was deleted)" : "check the name"
            return "\(method) \(shownURL)\(statusText)\(bodyText); \(hint)"
        case .deviceInSession:
            return "\(method) \(shownURL)\(statusText); the CPE is in a CWMP session, retry when it ends"
        case .rejected:
            return "\(method) \(shownURL)\(statusText)\(bodyText); GenieACS rejected the request body"
        case .invalidResponse(let detail):
            return "\(method) \(shownURL)\(statusText): the response is not what GenieACS sends (\(detail))"
        case .invalidTask(let detail):
            return
                "\(method) \(shownURL): invalid task, not sent (\(detail)); GenieACS would crash an NBI worker on it"
        case .invalidArgument(let detail):
            return "\(method) \(shownURL): \(detail)"
        }
    }
}

extension GenieACSError {
    /// This error with every occurrence of a `known` value in what the server answered (the body
    /// and the reason phrase) shown as its stand-in (`${secret:NAME}`, `••••••`): as the value
    /// is, and as it stands in a JSON string (a proxy or WAF that echoes the request body echoes
    /// the preset deploy sent, its secret arguments filled in). A value cut where the body was
    /// cut (its start is the end of ``body``) is masked too. An answer that still holds a value
    /// once HTML references or percent-encoding are decoded (an HTML error page quoting the body,
    /// a URL-encoded echo) is withheld whole: its encodings are too many to replace one by one.
    func withholding(_ known: [(value: String, shown: String)]) -> GenieACSError {
        let forms = known.filter { !$0.value.isEmpty }.flatMap { form -> [(value: String, shown: String)] in
            let quoted = JSONValue.string(form.value).compactText
            let escaped = String(quoted.dropFirst().dropLast())
            return escaped == form.value ? [form] : [form, (value: escaped, shown: form.shown)]
        }
        guard !forms.isEmpty else { return self }
        var copy = self
        copy.reasonPhrase = SecretTemplates.scrubbedText(reasonPhrase, forms)
        var text = SecretTemplates.scrubbedText(body, forms)
        // The longest start of a value that ends the text: the rest of the value was cut off.
        let cut = forms.compactMap { form -> Int? in
            let value = Array(form.value)
            let least = bodyOmitted > 0 ? 1 : min(3, value.count - 1)
            guard least >= 1 else { return nil }
            return stride(from: value.count - 1, through: least, by: -1).first { length in
                text.hasSuffix(String(value[..<length]))
            }
        }.max()
        if let cut {
            text = String(text.dropLast(cut)) + SecretTemplates.mask
        }
        copy.body = text
        for (field, shown) in [(\GenieACSError.body, "the answer"), (\GenieACSError.reasonPhrase, "the reason phrase")]
        where Self.holdsEncoded(copy[keyPath: field], forms) {
            copy[keyPath: field] = "[\(shown) is withheld: it holds a secret value HTML- or URL-encoded]"
            if field == \GenieACSError.body { copy.bodyOmitted = 0 }
        }
        return copy
    }

    private static func holdsEncoded(_ text: String, _ forms: [(value: String, shown: String)]) -> Bool {
        EncodedText.decodings(text).contains { decoded in forms.contains { decoded.contains($0.value) } }
    }

    /// ``description`` with each URL called reduced to its path (`POST /devices/…/tasks`): what
    /// campaign reports, events and status reasons record, which tokens that may only read see.
    /// The method, the status, GenieACS's answer and the hint stay; the NBI's scheme, host, port
    /// and query — an internal address — do not (docs/serve.md, "Upstream failures").
    public var descriptionWithoutAddress: String {
        var text = description
        for address in [url, transportError?.url ?? ""] where !address.isEmpty {
            text = text.replacing(Self.shortened(address), with: Self.pathOnly(address))
            text = text.replacing(address, with: Self.pathOnly(address))
        }
        // curl's own words name the host and port it could not reach; a size limit's do not.
        if let transport = transportError, transport.kind != .responseTooLarge, !transport.detail.isEmpty {
            text = text.replacing(" (\(transport.detail))", with: "")
        }
        return text
    }

    /// The most characters of a URL an error shows: a query too long for GenieACS (a huge `$in`)
    /// would otherwise push the status and GenieACS's answer past what a log line keeps.
    static let shownURLLimit = 300

    /// `url`, or for a longer one its start and end around `…[N characters]…`.
    static func shortened(_ url: String) -> String {
        guard url.count > shownURLLimit else { return url }
        let head = url.prefix(shownURLLimit - 60)
        let tail = url.suffix(40)
        return "\(head)…[\(url.count - head.count - tail.count) characters]…\(tail)"
    }

    /// The path of `url`, without scheme, authority, query or fragment (`/` when it has none).
    static func pathOnly(_ url: String) -> String {
        var rest = Substring(url)
        if let scheme = rest.firstRange(of: "://") {
            rest = rest[scheme.upperBound...]
            rest = rest.firstIndex(of: "/").map { rest[$0...] } ?? ""
        }
        if let end = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) { rest = rest[..<end] }
        return rest.isEmpty ? "/" : String(rest)
    }

    /// What a record others read may say about `error`: ``descriptionWithoutAddress`` for a
    /// GenieACS failure, the error's own description otherwise.
    public static func recordable(_ error: any Error) -> String {
        (error as? GenieACSError)?.descriptionWithoutAddress ?? String(describing: error)
    }
}

extension String {
    fileprivate var trimmingTrailingSpace: String {
        var s = Substring(self)
        while let last = s.last, last == " " || last == "\n" || last == "\r" || last == "\t" { s = s.dropLast() }
        return String(s)
    }
}
