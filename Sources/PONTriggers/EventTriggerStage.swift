public import Foundation
public import Rules
public import VOLTHA

/// What stands between a consumed event and the outbox in `ferrule events run`: deduplication,
/// storm protection and debounce (``PONEventFilter``), then the ``TriggerPlanner``.
///
/// Only events the filter delivers are planned: a duplicate report, an event absorbed by a storm,
/// a held or suppressed flap triggers nothing. A held change that settles later is delivered
/// with the event whose arrival settled it, and its actions are queued with that event (they keep
/// the keys of the held event, so a redelivery plans the same keys).
public struct EventTriggerStage: Sendable {
    public let planner: TriggerPlanner
    private var filter: PONEventFilter

    /// A stage planning with `rules` behind a filter with `storm` settings.
    public init(rules: [TriggerRule], storm: PONStormSettings = PONStormSettings()) {
        planner = TriggerPlanner(rules: rules)
        filter = PONEventFilter(settings: storm)
    }

    /// The outcome of one event: what the filter made of it and the actions to queue with it.
    public struct Result: Sendable {
        /// Every filter outcome, in order (for the log).
        public var outcomes: [PONEventOutcome]
        /// The actions of every delivered event, in order.
        public var actions: [PlannedAction]
    }

    /// Filters `event` and plans what it (and any change it settles) triggers; `now` is used when
    /// the event carries no time.
    public mutating func process(_ event: PONEvent, now: Date) -> Result {
        let outcomes = filter.process(event, now: now)
        var actions: [PlannedAction] = []
        for outcome in outcomes {
            if case .deliver(let delivered) = outcome { actions += planner.plan(delivered).actions }
        }
        return Result(outcomes: outcomes, actions: actions)
    }
}
