/// One rule: which devices, when, and what to do on them. See `docs/rules.md`.
public struct Rule: Sendable, Hashable {
    /// Stable identity; becomes the preset and provision ids (`ferrule-<name>`).
    public var name: String
    public var description: String?
    public var labels: [String: String]
    /// The rule this one extends (by name), if any.
    public var extends: String?
    /// An abstract rule only serves as a base for `extends`; it is not compiled.
    public var isAbstract: Bool
    public var match: Match
    /// Raw GenieACS preconditions (from the rule and what it inherits), ANDed with `match`.
    public var preconditions: [Precondition]
    public var triggers: Triggers
    public var actions: [Action]
    /// Where the rule starts.
    public var location: RuleLocation

    public init(name: String, location: RuleLocation) {
        self.name = name
        self.description = nil
        self.labels = [:]
        self.extends = nil
        self.isAbstract = false
        self.match = Match()
        self.preconditions = []
        self.triggers = Triggers()
        self.actions = []
        self.location = location
    }
}

/// A precondition in GenieACS's expression language, where it was written.
public struct Precondition: Sendable, Hashable {
    public var text: String
    public var location: RuleLocation
}

/// Structured device targeting, compiled to a GenieACS precondition (and, for software versions,
/// to a version-aware check in the provision: GenieACS compares versions as strings).
public struct Match: Sendable, Hashable {
    /// Glob patterns (`*`, `?`), any of which may match.
    public var manufacturer: [String] = []
    public var oui: [String] = []
    public var productClass: [String] = []
    public var serialNumber: [String] = []
    public var tagsAll: [String] = []
    public var tagsAny: [String] = []
    public var tagsNone: [String] = []
    public var softwareVersion: [VersionCondition] = []
    public var parameters: [ParameterCondition] = []
    /// Where each pattern of `manufacturer`, `productClass` and `serialNumber` is written, by field
    /// (`"serialNumber"`) in the order of its patterns: a diagnostic about one points at it.
    public var patternLocations: [String: [RuleLocation]] = [:]

    public init() {}

    /// Where the `index`th pattern of `field` is written; nil when unknown.
    public func location(of field: String, _ index: Int) -> RuleLocation? {
        guard let locations = patternLocations[field], index < locations.count else { return nil }
        return locations[index]
    }

    public var isEmpty: Bool {
        manufacturer.isEmpty && oui.isEmpty && productClass.isEmpty && serialNumber.isEmpty && tagsAll.isEmpty
            && tagsAny.isEmpty && tagsNone.isEmpty && softwareVersion.isEmpty && parameters.isEmpty
    }
}

/// `softwareVersion: {gte: "2.10"}` and friends.
public struct VersionCondition: Sendable, Hashable {
    public enum Operator: String, Sendable, Hashable, CaseIterable {
        case eq, ne, lt, lte, gt, gte
    }
    public var op: Operator
    public var version: String
    public var location: RuleLocation
}

/// A condition on one parameter's value.
public struct ParameterCondition: Sendable, Hashable {
    public enum Test: Sendable, Hashable {
        case equals(String)
        case notEquals(String)
        case like(String)
        case exists(Bool)
        case greaterThan(Double)
        case lessThan(Double)
    }
    public var path: String
    public var test: Test
    public var location: RuleLocation
    /// Where the test's value (`equals: …`) is written; the condition's own location when unknown.
    public var valueLocation: RuleLocation?
}

/// When a rule's preset fires.
public struct Triggers: Sendable, Hashable {
    /// Event code → required (true) or forbidden (false); all must hold (GenieACS ANDs them).
    public var events: [(code: String, required: Bool)] = []
    public var scheduleDuration: Int?
    public var scheduleCron: String?
    public var scheduleLocation: RuleLocation?
    public var channel: String?
    public var weight: Int?

    public init() {}

    public static func == (a: Self, b: Self) -> Bool {
        a.events.map(\.code) == b.events.map(\.code) && a.events.map(\.required) == b.events.map(\.required)
            && a.scheduleDuration == b.scheduleDuration && a.scheduleCron == b.scheduleCron && a.channel == b.channel
            && a.weight == b.weight
    }

    public func hash(into hasher: inout Hasher) {
        for e in events {
            hasher.combine(e.code)
            hasher.combine(e.required)
        }
        hasher.combine(scheduleDuration)
        hasher.combine(scheduleCron)
        hasher.combine(channel)
        hasher.combine(weight)
    }
}

/// What a rule does to a device. Each compiles to idempotent `declare()` calls.
public enum Action: Sendable, Hashable {
    /// Set a parameter; `type` is an `xsd:` type, or nil to take the model's (or the device's).
    case set(path: String, value: RuleValue, type: String?, location: RuleLocation)
    /// Refresh a parameter or subtree at most every `everySeconds` (device-spread).
    case refresh(path: String, everySeconds: Int, location: RuleLocation)
    /// Ensure one instance of `table` whose `keys` have these values exists, then set `values` in it.
    case ensure(table: String, keys: [(String, RuleValue)], values: [(String, RuleValue)], location: RuleLocation)
    /// Delete the instances of `table` whose `keys` have these values.
    case delete(table: String, keys: [(String, RuleValue)], location: RuleLocation)
    /// Add and remove device tags.
    case tags(add: [String], remove: [String], location: RuleLocation)
    /// Download a file (firmware); re-triggered at most every `retryEverySeconds` while the rule matches.
    case download(
        file: String,
        fileType: String,
        targetFileName: String?,
        retryEverySeconds: Int,
        location: RuleLocation
    )
    /// Reboot each matching device once: at its first matching session at or after `since`
    /// (milliseconds since the epoch), unless the ACS has rebooted it since then. Without `since`
    /// the compiler refuses it (`unguarded-reboot`); campaigns refuse it as theirs.
    case reboot(since: Int?, location: RuleLocation)
    /// Factory reset, once per device and `since` as ``reboot(since:location:)``; only accepted
    /// with `confirm: true`.
    case factoryReset(since: Int?, location: RuleLocation)
    /// Run a named provision (one of GenieACS's or your own) with arguments.
    case provision(name: String, args: [RuleValue], location: RuleLocation)
    /// Raw provision JavaScript, inserted as written.
    case script(String, location: RuleLocation)
    /// A high-level block that works on TR-098 and TR-181 devices (see ``Block``).
    case block(Block, location: RuleLocation)

    public var location: RuleLocation {
        switch self {
        case .set(_, _, _, let l), .refresh(_, _, let l), .ensure(_, _, _, let l), .delete(_, _, let l),
            .tags(_, _, let l),
            .download(_, _, _, _, let l), .reboot(_, let l), .factoryReset(_, let l),
            .provision(_, _, let l), .script(_, let l), .block(_, let l):
            l
        }
    }

    public static func == (a: Self, b: Self) -> Bool { a.hashKey == b.hashKey }
    public func hash(into hasher: inout Hasher) { hasher.combine(hashKey) }

    /// A structural key (tuples are not Hashable).
    private var hashKey: String {
        switch self {
        case .set(let p, let v, let t, _): "set \(p) \(v.parts) \(t ?? "")"
        case .refresh(let p, let e, _): "refresh \(p) \(e)"
        case .ensure(let t, let k, let v, _):
            "ensure \(t) \(k.map { "\($0.0)=\($0.1.parts)" }) \(v.map { "\($0.0)=\($0.1.parts)" })"
        case .delete(let t, let k, _): "delete \(t) \(k.map { "\($0.0)=\($0.1.parts)" })"
        case .tags(let a, let r, _): "tags +\(a) -\(r)"
        case .download(let f, let t, let n, let r, _): "download \(f) \(t) \(n ?? "") \(r)"
        case .reboot(let t, _): "reboot \(t ?? -1)"
        case .factoryReset(let t, _): "factoryReset \(t ?? -1)"
        case .provision(let n, let a, _): "provision \(n) \(a.map(\.parts))"
        case .script(let s, _): "script \(s)"
        case .block(let b, _): "block \(b)"
        }
    }
}

/// High-level configuration blocks; the generated script picks TR-098 or TR-181 paths by the
/// device's root.
public enum Block: Sendable, Hashable {
    case periodicInform(enabled: RuleValue?, interval: RuleValue?)
    case connectionRequest(username: RuleValue?, password: RuleValue?)
    /// One WiFi band (`2.4GHz`, `5GHz`, `6GHz`); TR-098 devices have no band parameter, so the
    /// WLANConfiguration instance is given (defaults 1 for 2.4 GHz, 5 for 5 GHz).
    case wifi(
        band: String,
        ssid: RuleValue?,
        passphrase: RuleValue?,
        security: RuleValue?,
        channel: RuleValue?,
        enabled: RuleValue?,
        tr098Instance: Int
    )
    case lanDHCP(enabled: RuleValue?, minAddress: RuleValue?, maxAddress: RuleValue?, leaseTime: RuleValue?)
    case wanPPP(username: RuleValue?, password: RuleValue?, vlan: RuleValue?)
    case ntp(servers: [RuleValue])
    case timeZone(RuleValue)
}
