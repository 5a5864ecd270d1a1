public import FerruleStore
public import PONEvents
public import PONTriggers

/// How ``EventConsumerService/run()`` ended.
public enum EventConsumerOutcome: Sendable {
    /// Another live process holds the store (policy ``EventConsumerSettings/LeasePolicy/refuse``);
    /// nothing was consumed.
    case leaseHeld(EventStoreLease)
    /// Consumption stopped: ``EventConsumerService/stop()``, cancellation, or the lease was taken
    /// over by another process (`leaseLost`).
    case stopped(EventConsumerTotals, leaseLost: Bool)
}

/// What a run did in all.
public struct EventConsumerTotals: Sendable, Hashable {
    /// Records and derived events.
    public var events: KafkaEventIngestor.Totals
    /// Actions performed; nil without triggers.
    public var actions: OutboxWorker.Totals?

    /// Totals of `events` and `actions`.
    public init(events: KafkaEventIngestor.Totals = .init(), actions: OutboxWorker.Totals? = nil) {
        self.events = events
        self.actions = actions
    }
}

extension EventConsumerTotals {
    /// `12 recorded, 0 duplicates, 0 undecodable, 0 commit failures[, 3 derived by reconciliation]
    /// [; actions: 4 queued, 3 done, 1 skipped, 0 failed]` (`ferrule events run`'s last line after
    /// `stopped: `, and the server's log).
    public func summary(reconciling: Bool) -> String {
        var summary =
            "\(events.recorded) recorded, \(events.duplicates) duplicates, "
            + "\(events.undecodable) undecodable, \(events.commitFailures) commit failures"
            + (reconciling ? ", \(events.derived) derived by reconciliation" : "")
        if let actions {
            summary +=
                "; actions: \(events.actionsQueued) queued, \(actions.done) done, \(actions.skipped) skipped, "
                + "\(actions.failed) failed"
        }
        return summary
    }
}
