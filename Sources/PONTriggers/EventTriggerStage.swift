public import Foundation
public import PONEvents
public import Rules

/// What stands between a consumed event and the outbox in `ferrule events run`: deduplication,
/// storm protection and debounce (``PONEventFilter``), then the ``TriggerPlanner``.
///
/// Only events the filter delivers are planned: a duplicate report, an event absorbed by a storm,
/// a held or suppressed flap triggers nothing. A held change that settles later is delivered
/// with the event whose arrival settled it, and its actions are queued with that event (they keep
/// the keys of the held event, so a redelivery plans the same keys).
///
/// VOLTHA reports one activation twice: the core's `DEVICE_STATE_CHANGE_RAISE_EVENT` to ACTIVE
/// (voltha-go `rw_core/core/device/agent.go`) and the openonu adapter's `ONU_ACTIVATED_RAISE_EVENT`
/// (voltha-openonu-adapter-go `internal/pkg/core/device_handler.go:3060-3066`), and one recovery as
/// the loss's `_CLEAR_EVENT` and a state change back to ACTIVE. Both map to the same trigger
/// (``TriggerMapping``), so `onu_activated` and `recovered` fire once per ONU within
/// `duplicate-window-seconds`, whichever report comes first; a loss of signal or power in between
/// makes the next one new.
public struct EventTriggerStage: Sendable {
    public let planner: TriggerPlanner
    private var filter: PONEventFilter
    let settings: PONStormSettings
    /// When `onu_activated` / `recovered` last fired per ONU: at most `max-onus` ONUs' worth of
    /// keys, the least recently fired forgotten first (amortised O(1) per event, no rescans).
    private var fired: RecentMap<String, Date>

    /// The triggers reported twice by VOLTHA, fired once per ONU within the duplicate window.
    static let onceTriggers: Set<TriggerEvent> = [.onuActivated, .recovered]

    /// A stage planning with `rules` behind a filter with `storm` settings.
    public init(rules: [TriggerRule], storm: PONStormSettings = PONStormSettings()) {
        planner = TriggerPlanner(rules: rules)
        filter = PONEventFilter(settings: storm)
        // Taken with every result (plan), so the ports noted never pile up.
        filter.recordsOutageChanges = true
        settings = storm
        fired = RecentMap(capacity: Self.firedCapacity(storm))
    }

    /// The most keys ``fired`` holds: one per once-trigger per ONU, for `max-onus` ONUs.
    static func firedCapacity(_ storm: PONStormSettings) -> Int {
        let (product, overflow) = max(1, storm.maxONUs).multipliedReportingOverflow(by: onceTriggers.count)
        return overflow ? Int.max : product
    }

    /// The activation and recovery times held (tests check the bound).
    var firedCount: Int { fired.count }

    /// How far back the events that shape the stage's state reach (storms, debounce, duplicates):
    /// a restarted consumer replays the recorded events of this span (``warm(with:)``) so that it
    /// decides as the one before it would have.
    public var memorySeconds: TimeInterval {
        max(settings.window + settings.clearAfter, settings.debounce, settings.duplicateWindow)
    }

    /// Feeds already recorded events (oldest first, with their times) through the stage and drops
    /// what they would plan: their actions were queued when they were recorded.
    public mutating func warm(with events: [(event: PONEvent, at: Date)]) {
        for (event, at) in events { _ = process(event, now: at) }
    }

    /// Brings back the ports the OLT reported down before the span ``warm(with:)`` replays (an
    /// outage can last far longer): a storm there must not fire `pon_down` a second time.
    public mutating func warm(reportedDown ports: some Sequence<PONPort>) {
        filter.restoreReportedDown(ports)
    }

    /// Brings back the storms the previous run left active (``EventStore/activeStorms(limit:)``),
    /// before ``warm(with:)`` replays: a storm longer than that span stays the same storm.
    public mutating func warm(storms: some Sequence<PONStormRecord>) {
        filter.restoreStorms(storms)
    }

    /// Brings back the outages storms began that the previous run left open
    /// (``EventStore/openOutages(limit:)``), before ``warm(with:)`` replays: the ONUs' return,
    /// however much later, still ends each with its `pon_up`.
    public mutating func warm(openOutages outages: some Sequence<PONOpenOutage>) {
        filter.restoreOpenOutages(outages)
    }

    /// The outages storms began that are still open (``PONEventFilter/openOutages``).
    public var openOutages: [PONOpenOutage] { filter.openOutages }

    /// Remembers the OLT and PON of each ONU a reconciliation listed (`ListDevices`: `parent_id`,
    /// `proxy_address.channel_id`), for its events that name no OLT (the openonu adapter's OMCI
    /// alarms, its dying gasp among them: ``PONEventFilter/learnONUParent(serial:device:olt:pon:)``).
    public mutating func learn(
        onuParents entries: some Sequence<(serial: String, device: String, olt: String, pon: UInt32)>
    ) {
        for entry in entries {
            filter.learnONUParent(serial: entry.serial, device: entry.device, olt: entry.olt, pon: entry.pon)
        }
    }

    /// Brings back the OLT of the ONUs of `alarms` (active losses of signal), for the repair's clears
    /// that name none (``PONEventFilter/restoreONUParents(_:)``).
    public mutating func warm(onuParents alarms: some Sequence<PONAlarm>) {
        filter.restoreONUParents(alarms)
    }

    /// Remembers the OLT each ONU was last reported on (``EventStore/lastONUPlacements(limit:)``,
    /// given oldest first), for its events that name no OLT after a restart.
    public mutating func warm(onuPlacements placements: some Sequence<ONUPlacement>) {
        for placement in placements {
            filter.learnONUParent(
                serial: placement.onuSerial,
                device: placement.onuDeviceID,
                olt: placement.oltDeviceID,
                pon: placement.ponInterface
            )
        }
    }

    /// The outcome of one event: what the filter made of it and the actions to queue with it.
    public struct Result: Sendable {
        /// Every filter outcome, in order (for the log).
        public var outcomes: [PONEventOutcome]
        /// The actions each outcome planned, parallel to ``outcomes`` (empty for an outcome that
        /// is not a delivery, or a delivery that repeats an activation or recovery).
        public var planned: [[PlannedAction]]
        /// The changes of open outages these outcomes made (``PONStormChange/outageOpened(_:)``,
        /// ``PONStormChange/outageClosed(_:)``), for the store to keep with the event.
        public var outageChanges: [PONStormChange] = []
        /// The actions of every delivered event, in order.
        public var actions: [PlannedAction] { planned.flatMap { $0 } }
        /// Every store change of storms and outages these outcomes made, in order.
        public var stormChanges: [PONStormChange] { outcomes.compactMap(\.stormChange) + outageChanges }
    }

    /// Filters `event` and plans what it (and any change it settles) triggers; `now` is used when
    /// the event carries no time.
    public mutating func process(_ event: PONEvent, now: Date) -> Result {
        plan(filter.process(event, now: now), now: now)
    }

    /// The storms in progress (``PONEventFilter/activeStorms``).
    public var activeStorms: [PONStorm] { filter.activeStorms }

    /// Ends the storms that had no new loss for the quiet period of the caller's clock
    /// (``PONEventFilter/endQuietStorms(now:)``, a live consumer's tick) and plans what their ends
    /// deliver (`pon_up`, recoveries) as ``process(_:now:)`` plans.
    public mutating func endQuietStorms(now: Date) -> Result {
        plan(filter.endQuietStorms(now: now), now: now)
    }

    /// The end of a finite replay: what the filter still holds (changes held by debounce), planned
    /// as ``process(_:now:)`` plans (``PONEventFilter/finish()``).
    public mutating func finish(now: Date) -> Result {
        plan(filter.finish(), now: now)
    }

    private mutating func plan(_ outcomes: [PONEventOutcome], now: Date) -> Result {
        var planned: [[PlannedAction]] = []
        for outcome in outcomes {
            if case .deliver(let delivered) = outcome, firstReport(delivered, now: now) {
                planned.append(planner.plan(delivered).actions)
            } else if case .completes(let located, let first) = outcome {
                // The change was planned with its first report, which named no OLT: now only the
                // rules that report could not match (scoped to the OLT), so none fires twice.
                let fired = Set(planner.plan(first).fired)
                planned.append(planner.plan(located).actions.filter { !fired.contains($0.rule) })
            } else {
                planned.append([])
            }
        }
        return Result(outcomes: outcomes, planned: planned, outageChanges: filter.takeOutageChanges())
    }

    /// False when `event` is the second report of an activation or recovery its ONU had within the
    /// duplicate window.
    private mutating func firstReport(_ event: PONEvent, now: Date) -> Bool {
        let all = Set(TriggerMapping.triggers(for: event))
        guard let onu = event.onuSerial ?? event.onuDeviceID else { return true }
        if !all.isDisjoint(with: [.signalLost, .powerLost]) {
            // A new loss: the next activation or recovery is a new one, however soon.
            for trigger in Self.onceTriggers { fired.remove("\(trigger.rawValue)\u{0}\(onu)") }
            return true
        }
        let triggers = all.intersection(Self.onceTriggers)
        guard !triggers.isEmpty else { return true }
        let time = event.raisedAt ?? event.reportedAt ?? now
        var first = true
        for trigger in triggers {
            let key = "\(trigger.rawValue)\u{0}\(onu)"
            if let last = fired[key], abs(time.timeIntervalSince(last)) < settings.duplicateWindow { first = false }
            fired.set(key, time)
        }
        return first
    }
}
