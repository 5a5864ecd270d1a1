import Foundation
public import PONEvents

/// Records the storm ends a live consumer's tick applied (``EventTriggerStage/endQuietStorms(now:)``):
/// no event of the OLT ended them, yet their `pon_up` and recoveries have actions to queue, and an
/// action belongs to an event in the store. Each ended storm is recorded as its own event
/// (``PONStorm/endRecord``, `PON_STORM_ENDED`, at the position ``EventSourcePosition/stormEnd(olt:pon:ended:)``)
/// with the actions its end planned, the storm's end (``PONStormChange/ended(_:)``) and the outage
/// it leaves open when ONUs are still down (``PONStormChange/outageOpened(_:)``), in one
/// transaction: recorded twice (a crash between the two, a second tick), it changes nothing the
/// second time.
public enum StormEndRecorder {
    /// What was recorded.
    public struct Recorded: Sendable, Equatable {
        /// The storms ended, in the order recorded.
        public var storms: [PONStorm] = []
        /// The actions queued with them.
        public var actionsQueued = 0
        /// Actions over ``EventStore/maxActionsPerEvent`` for one storm, not queued (a rule set
        /// planning that many for one event is wrong; the consumer says so).
        public var actionsDropped = 0
    }

    /// Records each storm `result` ended with the actions of the outcomes that follow it (its
    /// `pon_up`, its recoveries, what debounce settled with them).
    ///
    /// - Throws: ``EventStoreError`` or an encoding error; what was recorded before stays.
    public static func record(_ result: EventTriggerStage.Result, in store: EventStore) async throws -> Recorded {
        var groups: [(storm: PONStorm, actions: [PlannedAction])] = []
        for (outcome, planned) in zip(result.outcomes, result.planned) {
            if case .stormCleared(let storm) = outcome {
                groups.append((storm, []))
            }
            // Every delivery of a tick follows the storm end that made it (StormDetector.end).
            if !groups.isEmpty { groups[groups.count - 1].actions += planned }
        }
        var recorded = Recorded()
        // The tick changes open outages only on the ports whose storm it ended.
        var outages: [PONPort: [PONStormChange]] = [:]
        for change in result.outageChanges {
            switch change {
            case .outageOpened(let outage): outages[outage.storm.port, default: []].append(change)
            case .outageClosed(let port): outages[port, default: []].append(change)
            default: break
            }
        }
        for (storm, planned) in groups {
            let kept = planned.prefix(EventStore.maxActionsPerEvent)
            let ended = storm.endedAt ?? storm.startedAt
            let outcome = try await store.record(
                storm.endRecord,
                source: .stormEnd(
                    olt: storm.port.oltDeviceID,
                    pon: storm.port.ponInterface,
                    ended: Int64((ended.timeIntervalSince1970 * 1000).rounded(.down))
                ),
                actions: try kept.map { try PendingAction(key: $0.key, encoding: $0) },
                storms: [.ended(storm.port)] + (outages.removeValue(forKey: storm.port) ?? [])
            )
            recorded.storms.append(storm)
            if !outcome.isDuplicate {
                recorded.actionsQueued += kept.count
                recorded.actionsDropped += planned.count - kept.count
            }
        }
        return recorded
    }
}
