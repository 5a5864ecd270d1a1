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
/// 1. ``PONEventDeduplicator`` drops the second report of one alarm (dying gasp from the OLT and
///    from the ONU) as ``PONEventOutcome/duplicate(_:)``.
/// 2. ``StormDetector`` turns a burst of signal/power losses on one PON port into one storm.
/// 3. ``FlapDebouncer`` holds the changes of a flapping ONU until they settle.
///
/// Deterministic: time comes from the events (or `now`), never from a clock of its own.
public struct PONEventFilter: Sendable {
    public let settings: PONStormSettings
    private var deduplicator: PONEventDeduplicator
    private var storms: StormDetector
    private var debouncer: FlapDebouncer

    /// A filter with `settings`.
    public init(settings: PONStormSettings = PONStormSettings()) {
        self.settings = settings
        deduplicator = PONEventDeduplicator(window: settings.duplicateWindow, capacity: settings.maxONUs)
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

    /// Brings back the OLT of the ONUs of `alarms` (``StormDetector/restoreONUParents(_:)``).
    public mutating func restoreONUParents(_ alarms: some Sequence<PONAlarm>) {
        storms.restoreONUParents(alarms)
    }

    /// Brings back the storms a previous run left active (``StormDetector/restoreStorms(_:)``).
    public mutating func restoreStorms(_ active: some Sequence<PONStormRecord>) {
        storms.restoreStorms(active)
    }

    /// The outcomes `event` leads to, with storm ends and settled changes that fell due before it.
    ///
    /// - Parameter now: the time to use when the event carries none.
    public mutating func process(_ event: PONEvent, now: Date? = nil) -> [PONEventOutcome] {
        if deduplicator.isDuplicate(event, now: now) {
            let time = event.raisedAt ?? event.reportedAt ?? now
            return (time.map { advance(to: $0) } ?? []) + [.duplicate(event)]
        }
        var outcomes: [PONEventOutcome] = []
        var debounced = false
        for outcome in storms.process(event, now: now) {
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

    /// At the end of a replay: settles every held change; storms in progress stay (see
    /// ``activeStorms``).
    public mutating func finish() -> [PONEventOutcome] {
        debouncer.flush()
    }
}
