public import Foundation
public import PONEvents

extension EventTriggerStage {
    /// Pages of ``EventStore/maxLimit`` events replayed at most by ``warm(from:now:)``.
    static let warmPages = 20

    /// Brings a fresh stage to the state the previous run left in `store`, so that a restart does
    /// not change what fires: the ports whose `OLT_LOSS_OF_SIGNAL` or `OLT_PON_INTERFACE_DOWN` alarm is
    /// active (however old
    /// the report), the storms it left active (however long ago they began), the outages storms
    /// began that it left open (ONUs still down after their storm ended), the OLT of each ONU whose
    /// loss of signal is active, then the events recorded within ``memorySeconds`` before `now`, oldest first
    /// (storms, debounce, duplicates; at most 20 pages of ``EventStore/maxLimit``). What those
    /// events would plan is dropped: their actions were queued when they were recorded.
    ///
    /// - Throws: ``EventStoreError`` when the store cannot be read.
    public mutating func warm(from store: EventStore, now: Date) async throws {
        warm(reportedDown: try await store.portsReportedDown(limit: settings.maxPorts))
        warm(storms: try await store.activeStorms(limit: settings.maxPorts))
        warm(openOutages: try await store.openOutages(limit: settings.maxPorts))
        // Oldest first, so the memory (least recently seen forgotten first) keeps the newest; the
        // active losses of signal after them.
        warm(onuPlacements: try await store.lastONUPlacements(limit: settings.maxONUs).reversed())
        try await warmONUParents(from: store)
        let since = now.addingTimeInterval(-memorySeconds)
        var afterID: Int64?
        for _ in 0..<Self.warmPages {
            let page = try await store.events(
                EventQuery(since: since, afterID: afterID, limit: EventStore.maxLimit, oldestFirst: true)
            )
            warm(with: page.events.map { ($0.event, $0.at) })
            guard page.events.count == EventStore.maxLimit, let last = page.events.last else { return }
            afterID = last.id
        }
    }

    /// The OLT of each ONU whose loss of signal is active (at most ``PONStormSettings/maxONUs``): the
    /// clear the adapter sends when it rediscovers the ONU after the repair names no OLT, and may
    /// come long after the raise (``StormDetector/restoreONUParents(_:)``).
    private mutating func warmONUParents(from store: EventStore) async throws {
        var offset = 0
        while offset < settings.maxONUs {
            let page = try await store.alarms(
                AlarmQuery(name: Self.onuLossAlarm, state: .active, limit: EventStore.maxLimit, offset: offset)
            )
            warm(onuParents: page.alarms)
            guard page.alarms.count == EventStore.maxLimit else { return }
            offset += page.alarms.count
        }
    }

    /// The ONU loss of signal: the one alarm the adapter clears on rediscovery
    /// (voltha-openolt-adapter `internal/pkg/core/device_handler.go:1905-1935`).
    static let onuLossAlarm = "ONU_LOSS_OF_SIGNAL"
}
