/// What storm protection, debounce and deduplication made of an event (``PONEventFilter``).
public enum PONEventOutcome: Sendable, Hashable {
    /// Pass it on to the triggers.
    case deliver(PONEvent)
    /// The second report of an alarm already delivered (dying gasp from the OLT and the ONU).
    case duplicate(PONEvent)
    /// The second report of an alarm whose `first` report, already delivered, named no OLT (the
    /// openonu adapter's dying gasp, of an ONU not seen on an OLT yet): this one names it. Not a
    /// new change: only what `first` could not match (a rule scoped to the OLT) is planned with it
    /// (``PONEventFilter``).
    case completes(PONEvent, first: PONEvent)
    /// Part of a storm on `port`: the storm stands for it.
    case absorbed(PONEvent, port: PONPort)
    /// The ONU is flapping: held until it has been stable for the debounce interval.
    case held(PONEvent)
    /// A held change that the ONU undid within the interval: nothing to pass on.
    case flapSuppressed(PONEvent)
    /// A change older than the ONU's latest (a redelivered or reordered report: a raise stamped
    /// before the clear already passed on): passing it on would undo the newer state.
    case late(PONEvent)
    /// Many ONUs on one PON port lost signal or power within the window: one PON-level event.
    case stormRaised(PONStorm)
    /// The storm subsided: no new raise for the quiet period.
    case stormCleared(PONStorm)
}
