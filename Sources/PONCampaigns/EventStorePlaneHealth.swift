public import Campaigns
public import Foundation
public import PONEvents
import Synchronization

/// The alarm plane for the campaign health gates, from the events `ferrule events run` records
/// (``EventStore``): the signal-lost / power-lost raises of the ONUs in front of GenieACS devices
/// (for `pon_health`), and PON storms found by running the same events through a
/// ``StormDetector`` with the consumer's thresholds (for `storm_hold`).
///
/// A storm holds its PON port while the detector has it active (raises keep coming, or came less
/// than `clear-after-seconds` ago) and at least one of its ONUs has not cleared yet: when every
/// ONU that lost signal is back, the PON is back and the hold ends at once.
///
/// Time is the campaign's clock (``now``), so a test clock drives the storms' ends as it drives
/// the rollout. Every question reads at most ``maxPages`` pages of ``EventStore/maxLimit`` events.
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
        detector = Mutex(DetectorState(detector: StormDetector(settings: storms), lastID: nil))
    }

    public func signalLost(_ deviceIDs: [String], since: Double) async throws -> [String: Double] {
        var deviceBySerial: [String: String] = [:]
        // The topology's serial (often the label's upper case) against VOLTHA's spelling in the events.
        for id in deviceIDs {
            if let serial = directory.onuSerial(ofDevice: id) { deviceBySerial[GPONSerial.canonical(serial)] = id }
        }
        guard !deviceBySerial.isEmpty else { return [:] }
        var out: [String: Double] = [:]
        for kind in PONStormSettings.stormKinds.sorted(by: { $0.rawValue < $1.rawValue }) {
            var afterID: Int64?
            for _ in 0..<maxPages {
                let page = try await store.events(
                    EventQuery(
                        type: kind.rawValue,
                        since: Date(timeIntervalSince1970: since / 1000),
                        afterID: afterID,
                        limit: EventStore.maxLimit,
                        oldestFirst: true
                    )
                )
                for stored in page.events where stored.event.phase == .raise {
                    guard let serial = stored.event.onuSerial, let id = deviceBySerial[GPONSerial.canonical(serial)]
                    else { continue }
                    let at = stored.at.timeIntervalSince1970 * 1000
                    out[id] = min(out[id] ?? at, at)
                }
                guard page.events.count == EventStore.maxLimit, let last = page.events.last else { break }
                afterID = last.id
            }
        }
        return out
    }

    public func activeStorms() async throws -> [PONPlacement] {
        let current = Date(timeIntervalSince1970: now() / 1000)
        let lastID = detector.withLock { $0.lastID }
        // The first check reads back far enough to see a storm still active now begin.
        let since = lastID == nil ? current.addingTimeInterval(-lookback) : nil
        var events: [StoredEvent] = []
        var afterID = lastID
        var caughtUp = false
        for _ in 0..<maxPages {
            let page = try await store.events(
                EventQuery(since: since, afterID: afterID, limit: EventStore.maxLimit, oldestFirst: true)
            )
            events += page.events
            guard page.events.count == EventStore.maxLimit, let last = page.events.last else {
                caughtUp = true
                break
            }
            afterID = last.id
        }
        return detector.withLock { state in
            for stored in events { _ = state.detector.process(stored.event, now: stored.at) }
            // Behind (more events than one check reads): catch up at the next check before
            // moving the detector's time to now, which would misdate the older events.
            if caughtUp { _ = state.detector.advance(to: current) }
            state.lastID = events.last?.id ?? state.lastID ?? 0
            return state.detector.activeStorms.filter { !$0.stillDown.isEmpty }.map {
                PONPlacement(olt: $0.port.oltDeviceID, pon: String($0.port.ponInterface))
            }
        }
    }
}
