/// A rule that reacts to PON events (`on: voltha.onu_activated`) instead of being compiled to a
/// GenieACS preset. See docs/triggers.md.
///
/// ```yaml
/// rules:
///   - name: bind-huawei-gateway
///     on: voltha.onu_activated
///     when: {vendor: HWTC, olt: [olt-1*], ponPort: 0-7}
///     actions:
///       - tag: {add: [pon-active], remove: [pon-down]}
///       - provision: {name: bind-gateway, args: ["${event.serial}"]}
/// ```
public struct TriggerRule: Sendable, Hashable {
    /// Unique among all rules of the set (trigger rules and preset rules share names).
    public var name: String
    public var description: String?
    public var labels: [String: String]
    /// The triggers it reacts to (any of them), in the order written, without repeats.
    public var triggers: [TriggerEvent]
    /// All must hold.
    public var conditions: [TriggerCondition]
    /// In order.
    public var actions: [TriggerAction]
    /// Where the rule starts.
    public var location: RuleLocation
    /// Where `on:` is.
    public var triggerLocation: RuleLocation

    public init(name: String, triggers: [TriggerEvent], location: RuleLocation) {
        self.name = name
        self.description = nil
        self.labels = [:]
        self.triggers = triggers
        self.conditions = []
        self.actions = []
        self.location = location
        self.triggerLocation = location
    }

    /// Whether the rule fires for `trigger` with `facts`, and if not, why.
    public func evaluate(_ trigger: TriggerEvent, _ facts: TriggerFacts) -> TriggerVerdict {
        guard triggers.contains(trigger) else {
            return TriggerVerdict(
                rule: name,
                fires: false,
                reasons: [
                    "reacts to \(triggers.map(\.qualifiedName).joined(separator: ", ")), not \(trigger.qualifiedName)"
                ]
            )
        }
        let failed = conditions.filter { !$0.holds(for: facts) }
        return TriggerVerdict(rule: name, fires: failed.isEmpty, reasons: failed.map { "not \($0.summary)" })
    }

    /// Whether the rule fires (the fast path: no reasons).
    public func fires(_ trigger: TriggerEvent, _ facts: TriggerFacts) -> Bool {
        triggers.contains(trigger) && conditions.allSatisfy { $0.holds(for: facts) }
    }
}

/// Whether one trigger rule fires for one event, and why not.
public struct TriggerVerdict: Sendable, Hashable {
    public var rule: String
    public var fires: Bool
    /// Empty when it fires.
    public var reasons: [String]
}
