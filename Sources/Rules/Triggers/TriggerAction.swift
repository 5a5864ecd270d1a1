/// What a trigger rule does when it fires. Every action but `webhook` acts on the CPE behind the
/// event's ONU, found by correlation (docs/triggers.md); an ONU without a matching CPE is reported,
/// never guessed.
public enum TriggerAction: Sendable, Hashable {
    /// Adds and removes GenieACS tags on the CPE (`POST`/`DELETE /devices/<id>/tags/<tag>`).
    case tag(add: [String], remove: [String], location: RuleLocation)
    /// Runs a named provision once, as a GenieACS `provisions` task, with arguments (`${event.serial}` …).
    case provision(name: String, args: [RuleValue], location: RuleLocation)
    /// Re-reads parameters (`getParameterValues`) or objects ending in `.` (`refreshObject`).
    case refresh(paths: [String], location: RuleLocation)
    /// Adds the CPE to a campaign (by id, id prefix or name) as a new target of its last wave.
    case enroll(campaign: String, location: RuleLocation)
    /// Holds the CPE's pending target in a campaign for `seconds`.
    case hold(campaign: String, seconds: Int, location: RuleLocation)
    /// Calls a webhook, retrying with backoff.
    case webhook(WebhookSpec, location: RuleLocation)

    /// The action's kind as written (`tag`, `provision` …).
    public var kind: String {
        switch self {
        case .tag: "tag"
        case .provision: "provision"
        case .refresh: "refresh"
        case .enroll: "enroll"
        case .hold: "hold"
        case .webhook: "webhook"
        }
    }

    public var location: RuleLocation {
        switch self {
        case .tag(_, _, let l), .provision(_, _, let l), .refresh(_, let l), .enroll(_, let l), .hold(_, _, let l),
            .webhook(_, let l):
            l
        }
    }

    /// Whether the action needs the CPE behind an ONU (all but `webhook`).
    public var needsDevice: Bool {
        if case .webhook = self { return false }
        return true
    }

    /// Whether the action cannot be taken back by the next event: a provision changes the CPE, an
    /// enrolled device receives the campaign's change.
    public var isIrreversible: Bool {
        switch self {
        case .provision, .enroll: true
        default: false
        }
    }

    /// The values with `${…}` templates the action holds.
    public var values: [RuleValue] {
        switch self {
        case .provision(_, let args, _): args
        case .webhook(let w, _): w.values
        default: []
        }
    }
}

/// A webhook call: where, how, with what body, how often to retry.
///
/// `Text` is what the URL, header values and body are: a ``RuleValue`` as a rule writes them
/// (``WebhookSpec``), a template string with the event's fields filled in once a trigger fired
/// (PONTriggers `WebhookRequest`).
public struct WebhookCall<Text: Sendable & Hashable>: Sendable, Hashable {
    /// One request header; its value may hold `${event.FIELD}` and `${secret:NAME}`.
    public struct Header: Sendable, Hashable {
        public var name: String
        public var value: Text

        public init(name: String, value: Text) {
            self.name = name
            self.value = value
        }
    }

    /// `http://` or `https://`; may hold `${event.FIELD}` and `${secret:NAME}`.
    public var url: Text
    /// `POST` (default), `PUT`, `PATCH`, `GET` or `DELETE`.
    public var method: String
    public var headers: [Header]
    /// The request body template, if any.
    public var body: Text?
    /// Further attempts after a failed one (a transport error, 408, 429 or 5xx); default 3, at
    /// most ``maxRetries``.
    public var retries: Int
    /// The wait before the first retry, doubling after each; default 2 s, at most
    /// ``maxBackoffSeconds``.
    public var backoffSeconds: Int
    /// Per attempt; default 10 s.
    public var timeoutSeconds: Int

    public init(
        url: Text,
        method: String = "POST",
        headers: [Header] = [],
        body: Text? = nil,
        retries: Int = 3,
        backoffSeconds: Int = 2,
        timeoutSeconds: Int = 10
    ) {
        self.url = url
        self.method = method
        self.headers = headers
        self.body = body
        self.retries = retries
        self.backoffSeconds = backoffSeconds
        self.timeoutSeconds = timeoutSeconds
    }

    /// The most `retries` a rule may give.
    public static var maxRetries: Int { 5 }
    /// The most `backoff` seconds a rule may give.
    public static var maxBackoffSeconds: Int { 60 }
    /// The longest a webhook may take before it is given up: all its attempts timing out, with
    /// every backoff wait between them (``worstCaseSeconds``).
    public static var maxWorstCaseSeconds: Int { 600 }

    /// How long the webhook takes at worst before it is given up: `timeout` × (`retries` + 1) +
    /// `backoff` × (2^`retries` − 1).
    public var worstCaseSeconds: Int {
        let retries = min(max(0, self.retries), 30)
        return timeoutSeconds * (retries + 1) + backoffSeconds * ((1 << retries) - 1)
    }

    /// The methods a webhook may use.
    public static var methods: [String] { ["POST", "PUT", "PATCH", "GET", "DELETE"] }

    /// The same call with every text transformed (a rule's values filled in from an event).
    public func map<Other>(_ transform: (Text) throws -> Other) rethrows -> WebhookCall<Other> {
        WebhookCall<Other>(
            url: try transform(url),
            method: method,
            headers: try headers.map { .init(name: $0.name, value: try transform($0.value)) },
            body: try body.map(transform),
            retries: retries,
            backoffSeconds: backoffSeconds,
            timeoutSeconds: timeoutSeconds
        )
    }
}

extension WebhookCall: Codable where Text: Codable {}
extension WebhookCall.Header: Codable where Text: Codable {}

/// A webhook as a trigger rule writes it.
public typealias WebhookSpec = WebhookCall<RuleValue>
