public import Campaigns
public import Foundation
public import PONEvents
import Synchronization

/// The alarm plane for the campaign health gates, from the events `ferrule events run` records
/// (``EventStore``): the ONUs in front of GenieACS devices that lost signal or power and are not
/// back (for `pon_health`), and PON storms found by running the same events through a
/// ``StormDetector`` with the consumer's thresholds (for `storm_hold`).
///
/// A storm holds its PON port while the detector has it active (raises keep coming, or came less
/// than `clear-after-seconds` ago) and at least one of its ONUs has not cleared yet: when every
/// ONU that lost signal is back, the PON is back and the hold ends at once. A port the OLT reports
/// down is held until the OLT clears it, whatever the storm does: `OLT_LOSS_OF_SIGNAL` (a cut
/// fibre, raised until the port sees light again: voltha-openolt-adapter
/// `internal/pkg/core/openolt_eventmgr.go:245-287`) or `OLT_PON_INTERFACE_DOWN` (`:660-690`),
/// however few ONUs lost signal.
///
/// Time is the campaign's clock (``now``), so a test clock drives the storms' ends as it drives
/// the rollout, and every event counts at the time the event store recorded it (``StoredEvent/recordedAt``,
/// Ferrule's clock), not at the time its OLT stamped on it: each adapter stamps its events with its
/// own `time.Now()` (voltha-openolt-adapter `internal/pkg/core/device_handler.go:633, 663, 697`,
/// voltha-openonu-adapter-go `internal/pkg/almgr/alarm_manager.go:757`), and an OLT whose clock
/// is hours behind would make a loss raised now look hours old (outside the window: the gate stays
/// open), one hours ahead an old loss look new and never old enough for the grace. The recording
/// time is late by the consumer's lag (a backlog after a Kafka outage counts from when it was
/// recorded), which only delays a verdict. The events of one ONU are taken in recording order
/// (Kafka's order), which holds across the adapters' clocks. Every question reads at most
/// ``maxPages`` pages of ``EventStore/maxLimit`` events.
public final class EventStorePlaneHealth: PlaneHealth {
    /// Where the events are.
    public let store: EventStore
    /// Which ONU is in front of which device.
    public let directory: any ONUDirectory
    /// Pages of events read per question at most: the bound on the work of one check.
    public let maxPages: Int
    /// How far back the first storm check reads, in seconds.
    public let lookback: TimeInterval
    private let now: @Sendable () -> Double
    /// Ports the OLT reports down read at the first check at most.
    private let maxPorts: Int
    private let detector: Mutex<DetectorState>

    private struct DetectorState: Sendable {
        var detector: StormDetector
        /// The last event fed to the detector; nil before the first read.
        var lastID: Int64?
    }

    /// - Parameters:
    ///   - storms: the storm thresholds (those of `ferrule events run`, so both agree).
    ///   - lookback: how far back the first storm check reads (at least the storm window plus
    ///     the quiet period).
    ///   - now: the current time in milliseconds since the epoch (the campaign clock).
    public init(
        store: EventStore,
        directory: any ONUDirectory,
        storms: PONStormSettings = PONStormSettings(),
        maxPages: Int = 20,
        lookback: TimeInterval = 3600,
        now: @escaping @Sendable () -> Double
    ) {
        self.store = store
        self.directory = directory
        self.maxPages = max(1, maxPages)
        self.lookback = max(lookback, storms.window + storms.clearAfter)
        self.now = now
        maxPorts = storms.maxPorts
        detector = Mutex(DetectorState(detector: StormDetector(settings: storms), lastID: nil))
    }

    /// The kinds that end an outage besides a loss clear: an ONU activated again has ranged.
    static let recoveryKinds: Set<PONEventKind> = [.onuActivated]

    /// The devices whose ONU lost signal or power at or after `since` and is still down now, each
    /// with the time the current outage began. A raise of `signal_lost` / `power_lost` starts an
    /// outage; a clear of either, or the ONU's activation, ends it: an ONT that reboots reports a
    /// dying gasp and a loss of signal, and VOLTHA clears the loss of signal when the ONU ranges
    /// again (voltha-openolt-adapter `internal/pkg/core/openolt_eventmgr.go:363-389, 456-505`;
    /// `device_handler.go:1905-1935`; the dying gasp itself is rarely cleared). `since` and the
    /// times returned are the store's recording times (Ferrule's clock, as the campaign's), and
    /// events are taken in recording order: an OLT's skewed clock changes neither.
    public func signalLost(_ deviceIDs: [String], since: Double) async throws -> [String: Double] {
        var deviceBySerial: [String: String] = [:]
        // The topology's serial (often the label's upper case) against VOLTHA's spelling in the events.
        for id in deviceIDs {
            if let serial = directory.onuSerial(ofDevice: id) { deviceBySerial[GPONSerial.canonical(serial)] = id }
        }
        guard !deviceBySerial.isEmpty else { return [:] }
        var changes: [(at: Double, id: Int64, stamped: Date, device: String, down: Bool)] = []
        let kinds = PONStormSettings.stormKinds.union(Self.recoveryKinds).sorted { $0.rawValue < $1.rawValue }
        for kind in kinds {
            var afterID: Int64?
            for _ in 0..<maxPages {
                let page = try await store.events(
                    EventQuery(
                        type: kind.rawValue,
                        recordedSince: Date(timeIntervalSince1970: since / 1000),
                        afterID: afterID,
                        limit: EventStore.maxLimit,
                        oldestFirst: true
                    )
                )
                for stored in page.events where stored.event.phase != .bare || Self.recoveryKinds.contains(kind) {
                    guard let serial = stored.event.onuSerial, let id = deviceBySerial[GPONSerial.canonical(serial)]
                    else { continue }
                    let down = PONStormSettings.stormKinds.contains(kind) && stored.event.phase == .raise
                    changes.append((stored.recordedAt.timeIntervalSince1970 * 1000, stored.id, stored.at, id, down))
                }
                guard page.events.count == EventStore.maxLimit, let last = page.events.last else { break }
                afterID = last.id
            }
        }
        // Recording order: the ONU's events come from two adapters with clocks of their own.
        changes.sort { $0.id < $1.id }
        var out: [String: Double] = [:]
        // The stamp of each device's latest recovery: a loss stamped no later, recorded after it,
        // is the other adapter's late report of the loss it recovered from (the ONU-G dying gasp
        // after openolt's LOS clear: the event store's AlarmDerivation), not a new one.
        var recovered: [String: Date] = [:]
        for change in changes {
            if change.down, let back = recovered[change.device], change.stamped <= back { continue }
            if !change.down {
                recovered[change.device] = max(recovered[change.device] ?? change.stamped, change.stamped)
            }
            if change.down {
                if out[change.device] == nil { out[change.device] = change.at }
            } else {
                out[change.device] = nil
            }
        }
        return out
    }

    /// PON ports held: active storms with ONUs still down, and ports the OLT reports down.
    public func activeStorms() async throws -> [PONPlacement] {
        let current = Date(timeIntervalSince1970: now() / 1000)
        let lastID = detector.withLock { $0.lastID }
        // The first check reads back far enough to see a storm still active now begin, and takes
        // the ports the OLT reports down from their active alarms, however old.
        let since = lastID == nil ? current.addingTimeInterval(-lookback) : nil
        // Recorded since then (Ferrule's clock): an OLT stamping hours off is read all the same.
        let reportedDown = lastID == nil ? try await store.portsReportedDown(limit: maxPorts) : []
        var events: [StoredEvent] = []
        var afterID = lastID
        var caughtUp = false
        for _ in 0..<maxPages {
            let page = try await store.events(
                EventQuery(recordedSince: since, afterID: afterID, limit: EventStore.maxLimit, oldestFirst: true)
            )
            events += page.events
            guard page.events.count == EventStore.maxLimit, let last = page.events.last else {
                caughtUp = true
                break
            }
            afterID = last.id
        }
        return detector.withLock { state in
            state.detector.restoreReportedDown(reportedDown)
            // Each event at its recording time, the clock `now` is compared with: a storm stamped
            // by an OLT hours behind would end at once, one hours ahead never.
            for stored in events { _ = state.detector.process(Self.atRecording(stored), now: stored.recordedAt) }
            // Behind (more events than one check reads): catch up at the next check before
            // moving the detector's time to now, which would misdate the older events.
            if caughtUp { _ = state.detector.advance(to: current) }
            state.lastID = events.last?.id ?? state.lastID ?? 0
            let stormy = state.detector.activeStorms.filter { !$0.stillDown.isEmpty }.map(\.port)
            return Set(stormy + state.detector.portsReportedDown).sorted().map {
                PONPlacement(olt: $0.oltDeviceID, pon: String($0.ponInterface))
            }
        }
    }

    /// The event of `stored` with its time the store's recording time.
    static func atRecording(_ stored: StoredEvent) -> PONEvent {
        var event = stored.event
        event.raisedAt = stored.recordedAt
        event.reportedAt = nil
        return event
    }
}
