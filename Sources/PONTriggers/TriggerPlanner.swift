import ContentHash
public import PONEvents
public import Rules

/// Decides what PON events trigger: maps each event to triggers, finds the rules that fire through a
/// ``TriggerIndex`` and plans their actions, changing nothing.
///
/// ```swift
/// let planner = TriggerPlanner(rules: ruleSet.triggerRules)
/// for plan in planner.dryRun(events) { print(plan.actions.map(\.summary)) }
/// ```
public struct TriggerPlanner: Sendable {
    public let index: TriggerIndex

    public init(rules: [TriggerRule]) { index = TriggerIndex(rules) }

    /// What one event triggers.
    public func plan(_ event: PONEvent) -> EventPlan {
        plan(triggers: TriggerMapping.triggers(for: event), facts: TriggerMapping.facts(for: event))
    }

    /// What an event already mapped to `triggers` and `facts` triggers.
    public func plan(triggers: [TriggerEvent], facts: TriggerFacts) -> EventPlan {
        var fired: [String] = []
        var actions: [PlannedAction] = []
        for trigger in triggers {
            for rule in index.matching(trigger, facts) {
                fired.append(rule.name)
                for (position, action) in rule.actions.enumerated() {
                    actions.append(Self.planned(action, position: position, rule: rule, trigger: trigger, facts: facts))
                }
            }
        }
        return EventPlan(triggers: triggers, facts: facts, fired: fired, actions: actions)
    }

    /// What each event would trigger, in order; nothing is changed.
    public func dryRun(_ events: [PONEvent]) -> [EventPlan] { events.map(plan) }

    /// What each event would trigger under `rules`; nothing is changed (`ferrule events replay --rules`).
    public static func dryRun(events: [PONEvent], rules: [TriggerRule]) -> [EventPlan] {
        TriggerPlanner(rules: rules).dryRun(events)
    }

    static func planned(
        _ action: TriggerAction,
        position: Int,
        rule: TriggerRule,
        trigger: TriggerEvent,
        facts: TriggerFacts
    ) -> PlannedAction {
        let step: PlannedStep
        switch action {
        case .tag(let add, let remove, _): step = .tag(add: add, remove: remove)
        case .provision(let name, let args, _):
            step = .provision(
                name: name,
                args: args.map { value in
                    let kind: PlannedArgument.Kind =
                        switch value.kind {
                        case .integer, .number: .number
                        case .boolean: .bool
                        case .string: .string
                        }
                    return PlannedArgument(kind: kind, template: EventTemplate.fill(value.parts, facts, trigger, .text))
                }
            )
        case .refresh(let paths, _): step = .refresh(paths: paths)
        case .enroll(let campaign, _): step = .enroll(campaign: campaign)
        case .hold(let campaign, let seconds, _): step = .hold(campaign: campaign, seconds: seconds)
        case .webhook(let spec, _):
            let bodyEscaping: EventTemplate.Escaping =
                spec.body.map { EventTemplate.looksLikeJSON($0.parts) ? .jsonString : .text } ?? .text
            step = .webhook(
                WebhookRequest(
                    url: EventTemplate.fill(spec.url.parts, facts, trigger, .url),
                    method: spec.method,
                    headers: spec.headers.map {
                        WebhookRequest.Header(
                            name: $0.name,
                            value: EventTemplate.fill($0.value.parts, facts, trigger, .header)
                        )
                    },
                    body: spec.body.map { EventTemplate.fill($0.parts, facts, trigger, bodyEscaping) },
                    retries: spec.retries,
                    backoffSeconds: spec.backoffSeconds,
                    timeoutSeconds: spec.timeoutSeconds
                )
            )
        }
        let eventID = facts.eventID ?? ""
        let key =
            "trg-" + String(SHA256.hex(Array("v1|\(eventID)|\(rule.name)|\(position)|\(step.summary)".utf8)).prefix(32))
        return PlannedAction(
            key: key,
            rule: rule.name,
            trigger: trigger,
            eventID: eventID,
            onu: ONUReference(
                serial: facts.serial,
                vendor: facts.vendor,
                oltID: facts.oltID,
                oltSerial: facts.oltSerial,
                ponPort: facts.ponPort
            ),
            step: step
        )
    }
}

/// What one event triggers: its triggers, the rules that fired and their actions in order.
public struct EventPlan: Sendable, Hashable {
    public var triggers: [TriggerEvent]
    public var facts: TriggerFacts
    /// Rule names, in the order they fired.
    public var fired: [String]
    public var actions: [PlannedAction]
}
