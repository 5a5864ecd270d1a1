public import Foundation
public import PONEvents
import Rules

/// One outbox action as an operator sees it (`ferrule events actions list`): the store's row with
/// the planned action decoded — trigger rule, what it does, on what — and secrets still as their
/// `${secret:NAME}` placeholders (the store never holds their values, ``PlannedAction``).
public struct OutboxEntry: Sendable, Hashable {
    /// Where the action is: `pending` (queued, or retrying after a retryable failure), or how it
    /// finished: `succeeded`, `failed`, `skipped`.
    public enum State: String, Sendable, Hashable, CaseIterable {
        case pending, succeeded, failed, skipped
    }

    /// The store's action id (what `skip` and `retry` take).
    public var id: Int64
    /// The stored event that queued it (`ferrule voltha events` lists it with this id).
    public var eventID: Int64
    /// The action key (`trg-…`), also the GenieACS `uniqueKey`.
    public var key: String
    /// The trigger rule that fired; nil when the payload cannot be read.
    public var rule: String?
    /// The trigger it fired on (`onu_activated`); nil when the payload cannot be read.
    public var trigger: String?
    /// What the action does: `tag`, `provision`, `refresh`, `enroll`, `hold`, `webhook`; nil when the
    /// payload cannot be read.
    public var kind: String?
    /// What it acts on: the ONU serial whose CPE it changes, or a webhook's URL (user info as
    /// `***`); nil when the event named none.
    public var target: String?
    /// The action in one line, secrets as placeholders (`provision bind-gateway("${secret:ACS}")`).
    public var summary: String
    public var state: State
    /// Retryable failures so far.
    public var attempts: Int
    /// The last outcome: the finished action's detail, or a pending one's last retryable failure
    /// (empty when it has not been tried).
    public var lastOutcome: String
    public var createdAt: Date
    public var doneAt: Date?
    /// The action a retry queued in this one's place.
    public var retriedAs: Int64?

    /// The entry for a stored action; a payload this version cannot read is shown as such, not
    /// thrown (the executor marks such an action failed).
    public init(_ stored: StoredAction) {
        id = stored.id
        eventID = stored.eventID
        key = stored.key
        attempts = stored.attempts
        createdAt = stored.createdAt
        doneAt = stored.doneAt
        retriedAs = stored.retriedAs
        if let outcome = stored.outcome {
            state = State(rawValue: outcome.status.rawValue) ?? .failed
            lastOutcome = outcome.detail
        } else {
            state = .pending
            lastOutcome = stored.lastFailure ?? ""
        }
        if let planned = try? stored.decode(PlannedAction.self) {
            rule = planned.rule
            trigger = planned.trigger.rawValue
            kind = planned.step.kind
            switch planned.step {
            case .webhook(let request): target = request.shownURL
            default: target = planned.onu.serial
            }
            summary = planned.step.summary
        } else {
            summary = "(the stored action cannot be read: written by another ferrule version?)"
        }
    }
}

extension PlannedStep {
    /// The step's kind as rule files name actions: `tag`, `provision`, `refresh`, `enroll`, `hold`,
    /// `webhook`.
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
}
