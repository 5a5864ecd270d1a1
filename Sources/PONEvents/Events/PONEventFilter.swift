public import Foundation

/// Deduplication, storm protection and debounce, in that order: what stands between decoded
/// events and the triggers.
///
/// ```swift
/// var filter = PONEventFilter(settings: settings)
/// for outcome in filter.process(event) {
///     if case .deliver(let event) = outcome { triggers.fire(event) }
///     if case .stormRaised(let storm) = outcome { campaigns.hold(storm.port) }
/// }
/// ```
///
/// 0. An ONU event that names no OLT (the openonu adapter's OMCI alarms, its dying gasp among them;
///    the LOS clear of a rediscovered ONU) gets the OLT its ONU was last reported on (``ONUParents``,
///    learnt from every event that names both, and from ``learnONUParent(serial:device:olt:pon:)``).
/// 1. ``PONEventDeduplicator`` drops the second report of one alarm (dying gasp from the OLT and
///    from the ONU) as ``PONEventOutcome/duplicate(_:)``. When the first report named no OLT
///    (the ONU was never seen with it) and this one does, it still goes to the storm stage the
///    first could not reach: a storm counts it, absorbing it when one is on; a delivery it would
///    get is ``PONEventOutcome/completes(_:first:)`` instead, so that only what the first report
///    could not match is planned (a change is delivered once). When the first report is still
///    held by debounce, it takes this report's OLT (``FlapDebouncer/locate(_:)``) and is delivered
///    with it once it settles; this report is a ``PONEventOutcome/duplicate(_:)``.
/// 2. ``StormDetector`` turns a burst of signal/power losses on one PON port into one storm.
/// 3. ``FlapDebouncer`` holds the changes of a flapping ONU until they settle.
///
/// Deterministic: time comes from the events (or `now`), never from a clock of its own;
/// deduplication and storms keep one clock per OLT, debounce one per ONU and alarm.
public struct PONEventFilter: Sendable {
    public let settings: PONStormSettings
    private var deduplicator: PONEventDeduplicator
    private var storms: StormDetector
    private var debouncer: FlapDebouncer

    /// A filter with `settings`.
    public init(settings: PONStormSettings = PONStormSettings()) {
        self.settings = settings
        deduplicator = PONEventDeduplicator(
            window: settings.duplicateWindow,
            capacity: settings.maxONUs,
            clocks: settings.maxPorts
        )
        storms = StormDetector(settings: settings)
        debouncer = FlapDebouncer(interval: settings.debounce, capacity: settings.maxONUs)
    }

    /// The storms in progress.
    public var activeStorms: [PONStorm] { storms.activeStorms }

    /// The ports the OLT reported down and not up again (``StormDetector/portsReportedDown``).
    public var portsReportedDown: [PONPort] { storms.portsReportedDown }

    /// Brings back ports the OLT reported down before the events this filter saw
    /// (``StormDetector/restoreReportedDown(_:)``).
    public mutating func restoreReportedDown(_ ports: some Sequence<PONPort>) {
        storms.restoreReportedDown(ports)
    }

    /// Remembers that the ONU `serial` / `device` is on `olt`, PON `pon` (a reconciliation's inventory):
    /// its events that name no OLT get this one (``StormDetector/learnONUParent(serial:device:olt:pon:)``).
    public mutating func learnONUParent(serial: String?, device: String?, olt: String, pon: UInt32?) {
        storms.learnONUParent(serial: serial, device: device, olt: olt, pon: pon)
    }

    /// Brings back the OLT of the ONUs of `alarms` (``StormDetector/restoreONUParents(_:)``).
    public mutating func restoreONUParents(_ alarms: some Sequence<PONAlarm>) {
        storms.restoreONUParents(alarms)
    }

    /// Brings back the storms a previous run left active (``StormDetector/restoreStorms(_:)``).
    public mutating func restoreStorms(_ active: some Sequence<PONStormRecord>) {
        storms.restoreStorms(active)
    }

    /// Brings back the open outages a previous run left (``StormDetector/restoreOpenOutages(_:)``).
    public mutating func restoreOpenOutages(_ outages: some Sequence<PONOpenOutage>) {
        storms.restoreOpenOutages(outages)
    }

    /// The outages storms began that are still open (``StormDetector/openOutages``).
    public var openOutages: [PONOpenOutage] { storms.openOutages }

    /// Whether changes of open outages are noted for ``takeOutageChanges()``
    /// (``StormDetector/recordsOutageChanges``).
    public var recordsOutageChanges: Bool {
        get { storms.recordsOutageChanges }
        set { storms.recordsOutageChanges = newValue }
    }

    /// The changes of open outages since the last call (``StormDetector/takeOutageChanges()``).
    public mutating func takeOutageChanges() -> [PONStormChange] {
        storms.takeOutageChanges()
    }

    /// The outcomes `event` leads to, with storm ends and settled changes that fell due before it.
    ///
    /// - Parameter now: the time to use when the event carries none.
    public mutating func process(_ event: PONEvent, now: Date? = nil) -> [PONEventOutcome] {
        let event = storms.resolveParent(event)
        switch deduplicator.check(event, now: now) {
        case .new:
            let outcomes = deliver(event, now: now)
            if event.oltDeviceID == nil, outcomes.contains(.deliver(event)) { deduplicator.passedOn(event) }
            return outcomes
        case .duplicate:
            // Its time still moves its OLT's clock, which may end a storm there.
            var outcomes: [PONEventOutcome] = []
            for outcome in storms.tick(event, now: now).ended {
                if case .deliver(let passed) = outcome {
                    outcomes += debouncer.process(passed, now: now)
                } else {
                    outcomes.append(outcome)
                }
            }
            return outcomes + debouncer.advance(to: storms.clock) + [.duplicate(event)]
        case .locates(let first):
            return locate(event, first: first, now: now)
        }
    }

    /// The second report of a change, the first to name its OLT: the storm stage sees it as the
    /// first report could not (a storm counts its ONU); what it would deliver is not delivered
    /// again, but completes `first` when that was delivered.
    private mutating func locate(_ event: PONEvent, first: PONEvent?, now: Date?) -> [PONEventOutcome] {
        var outcomes: [PONEventOutcome] = []
        let staged = storms.process(event, now: now, passedOn: first != nil)
        for (index, outcome) in staged.enumerated() {
            guard case .deliver(let passed) = outcome else {
                outcomes.append(outcome)
                continue
            }
            if index == staged.count - 1 {
                // The event's own outcome comes last. A first report still held by debounce was
                // not planned yet: it gets this report's OLT, and is planned whole when it settles.
                if let first {
                    outcomes.append(.completes(event, first: first))
                } else {
                    debouncer.locate(event)
                    outcomes.append(.duplicate(event))
                }
            } else {
                outcomes += debouncer.process(passed, now: now)
            }
        }
        return outcomes + debouncer.advance(to: storms.clock)
    }

    /// A new change through the storm stage and debounce.
    private mutating func deliver(_ event: PONEvent, now: Date?) -> [PONEventOutcome] {
        var outcomes: [PONEventOutcome] = []
        var debounced = false
        // Resolved by process(_:now:) already: the ONU's OLT is learnt once per event.
        for outcome in storms.process(event, now: now, passedOn: false) {
            guard case .deliver(let passed) = outcome else {
                outcomes.append(outcome)
                continue
            }
            outcomes += debouncer.process(passed, now: now)
            debounced = true
        }
        if !debounced { outcomes += debouncer.advance(to: storms.clock) }
        return outcomes
    }

    /// Storm ends and settled changes due at `now` (a live consumer calls this on a timer).
    public mutating func advance(to now: Date) -> [PONEventOutcome] {
        var outcomes: [PONEventOutcome] = []
        for outcome in storms.advance(to: now) {
            // A storm's end delivers `pon_up` and the recoveries of ONUs whose loss was passed on:
            // the debouncer sees them, so its state stays the ONU's.
            guard case .deliver(let event) = outcome else {
                outcomes.append(outcome)
                continue
            }
            outcomes += debouncer.process(event, now: now)
        }
        return outcomes + debouncer.advance(to: now)
    }

    /// Ends the storms no new loss joined for ``PONStormSettings/clearAfter`` seconds of the
    /// caller's clock, though their OLT sent nothing since (``StormDetector/endQuiet(now:)``: a live
    /// consumer's tick). What a storm's end delivers (`pon_up`, the recoveries) goes through debounce
    /// as on event arrival. Nothing else moves: debounce and the OLTs' clocks keep the events' times.
    public mutating func endQuietStorms(now: Date) -> [PONEventOutcome] {
        var outcomes: [PONEventOutcome] = []
        for outcome in storms.endQuiet(now: now) {
            guard case .deliver(let event) = outcome else {
                outcomes.append(outcome)
                continue
            }
            outcomes += debouncer.process(event, now: nil)
        }
        return outcomes
    }

    /// At the end of a replay: settles every held change; storms in progress stay (see
    /// ``activeStorms``).
    public mutating func finish() -> [PONEventOutcome] {
        debouncer.flush()
    }
}
