public import Rules

/// One action a trigger rule decided on for one event: what the executor will do, kept as JSON in
/// the outbox until it is done.
///
/// Templates are filled from the event when planning; secrets stay `${secret:NAME}` placeholders (the
/// executor fills them when it sends), so a stored plan never holds a secret. ``key`` is stable for one
/// event, rule and action: a re-delivered event plans the same keys, and the store keeps one of each.
public struct PlannedAction: Sendable, Hashable, Codable {
    /// Idempotency key: `trg-` and 32 hex digits of SHA-256 over the event identity, the rule, the
    /// action's position and what it does. Also the GenieACS `uniqueKey` of the tasks it queues.
    public var key: String
    /// The trigger rule that fired.
    public var rule: String
    /// The trigger it fired on.
    public var trigger: TriggerEvent
    /// The event's identity (``TriggerMapping/identity(of:)``).
    public var eventID: String
    /// The ONU the event concerns (empty fields when it names none).
    public var onu: ONUReference
    /// What to do.
    public var step: PlannedStep

    public init(
        key: String,
        rule: String,
        trigger: TriggerEvent,
        eventID: String,
        onu: ONUReference,
        step: PlannedStep
    ) {
        self.key = key
        self.rule = rule
        self.trigger = trigger
        self.eventID = eventID
        self.onu = onu
        self.step = step
    }

    /// `bind-gateway: provision bind-gateway("HWTC1A2B3C4D")`, as test cases and dry runs show it.
    public var summary: String { "\(rule): \(step.summary)" }
}

/// The ONU an action concerns, as the event named it.
public struct ONUReference: Sendable, Hashable, Codable {
    public var serial: String?
    public var vendor: String?
    public var oltID: String?
    public var oltSerial: String?
    public var ponPort: UInt32?

    public init(
        serial: String? = nil,
        vendor: String? = nil,
        oltID: String? = nil,
        oltSerial: String? = nil,
        ponPort: UInt32? = nil
    ) {
        self.serial = serial
        self.vendor = vendor
        self.oltID = oltID
        self.oltSerial = oltSerial
        self.ponPort = ponPort
    }
}

/// What one planned action does.
public enum PlannedStep: Sendable, Hashable, Codable {
    /// Add and remove tags on the CPE.
    case tag(add: [String], remove: [String])
    /// A `provisions` task running `name` with these arguments.
    case provision(name: String, args: [PlannedArgument])
    /// A `getParameterValues` task for the parameters and a `refreshObject` task per object path.
    case refresh(paths: [String])
    /// Add the CPE to a campaign.
    case enroll(campaign: String)
    /// Hold the CPE's pending target in a campaign.
    case hold(campaign: String, seconds: Int)
    /// Call a webhook.
    case webhook(WebhookRequest)

    /// Whether the step needs the CPE behind the ONU.
    public var needsDevice: Bool {
        if case .webhook = self { return false }
        return true
    }

    /// One line, secrets as placeholders.
    public var summary: String {
        switch self {
        case .tag(let add, let remove):
            (add.map { "+\($0)" } + remove.map { "-\($0)" }).joined(separator: " ").prefixed("tag ")
        case .provision(let name, let args):
            "provision \(name)(\(args.map(\.shown).joined(separator: ", ")))"
        case .refresh(let paths): "refresh \(paths.joined(separator: ", "))"
        case .enroll(let campaign): "enroll in \(campaign)"
        case .hold(let campaign, let seconds): "hold in \(campaign) for \(seconds)s"
        case .webhook(let request): "webhook \(request.method) \(request.shownURL)"
        }
    }
}

/// A provision argument: GenieACS takes scalars.
public struct PlannedArgument: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        case string, number, bool
    }

    public var kind: Kind
    /// The text; for strings a template holding only literals (`$$` for `$`) and `${secret:NAME}`.
    public var template: String

    public init(kind: Kind, template: String) {
        self.kind = kind
        self.template = template
    }

    var shown: String { kind == .string ? "\"\(template)\"" : template }
}

/// A webhook call as planned: event fields filled in, secrets still `${secret:NAME}` placeholders
/// (templates holding only literals, `$$` for `$`, and secrets).
public typealias WebhookRequest = WebhookCall<String>

extension WebhookCall<String> {
    /// The URL as messages show it: user info (which lint refuses, but an outbox written before
    /// may hold) replaced by `***`, so credentials are never printed.
    public var shownURL: String {
        guard let scheme = url.firstRange(of: "://") else { return url }
        let rest = url[scheme.upperBound...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard let at = authority.lastIndex(of: "@") else { return url }
        return String(url[..<scheme.upperBound]) + "***" + String(url[at...])
    }

    /// Who receives it: the planned URL's scheme and authority (host and port, user info left
    /// out), lower-cased: webhooks to one receiver are sent one at a time, in queue order
    /// (``WebhookLanes``).
    public var receiver: String {
        guard let scheme = url.firstRange(of: "://") else { return url.lowercased() }
        let authority = url[scheme.upperBound...].prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let host = authority.lastIndex(of: "@").map { authority[authority.index(after: $0)...] } ?? authority
        return (String(url[..<scheme.upperBound]) + host).lowercased()
    }
}

extension String {
    fileprivate func prefixed(_ prefix: String) -> String { prefix + self }
}
