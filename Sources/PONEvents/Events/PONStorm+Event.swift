import Foundation

extension PONStorm {
    /// The alarm name of the PON-level event a storm stands for (`PON_STORM_RAISE_EVENT` when it
    /// starts, `PON_STORM_CLEAR_EVENT` when it ends): rules that care which source said the PON went
    /// down can tell it from the OLT's own `OLT_PON_INTERFACE_DOWN` with `when: {alarm: PON_STORM}`.
    public static let alarmName = "PON_STORM"

    /// The PON-level event this storm stands for, of kind ``PONEventKind/ponDown``: a raise while it
    /// lasts (the `voltha.pon_down` trigger), a clear once it ended (`voltha.pon_up`).
    ///
    /// It names the OLT (``PONEvent/oltDeviceID``, the resource) and the PON interface, no ONU; its
    /// context says how many ONUs and raises the storm counted (`storm-onus`, `storm-raises`,
    /// `storm-still-down`). Its header id (`Ferrule.storm.<olt>.<pon>.<start ms>`) and times come
    /// from the storm alone, so replaying the same events gives the same event, and the same
    /// idempotency keys to the actions it triggers.
    public var event: PONEvent {
        let phase: PONEventPhase = endedAt == nil ? .raise : .clear
        // As the event store keeps it (nearest millisecond): the same id after a restart.
        let started = Int64(startedAt.storeMilliseconds)
        return PONEvent(
            name: Self.alarmName + (phase == .raise ? "_RAISE_EVENT" : "_CLEAR_EVENT"),
            alarmName: Self.alarmName,
            kind: .ponDown,
            phase: phase,
            headerID: "Ferrule.storm.\(port.oltDeviceID).\(port.ponInterface).\(started)",
            category: "COMMUNICATION",
            subCategory: "PON",
            resourceID: port.oltDeviceID,
            oltDeviceID: port.oltDeviceID,
            ponInterface: port.ponInterface,
            raisedAt: endedAt ?? startedAt,
            description: phase == .raise
                ? "\(onus.count) ONUs on \(port) lost signal or power within the storm window"
                : "no new loss on \(port) for the quiet period; \(stillDown.count) ONUs still down",
            context: [
                "storm-onus": String(onus.count), "storm-raises": String(raises),
                "storm-still-down": String(stillDown.count),
            ]
        )
    }

    /// The name of ``endRecord``.
    public static let endRecordName = "PON_STORM_ENDED"

    /// What the event store records when a storm ends with no event of its own (a live consumer's
    /// tick, ``StormDetector/endQuiet(now:)``): the anchor of the actions its end plans (`pon_up`,
    /// recoveries; an action belongs to an event in the store). A bare event of kind
    /// ``PONEventKind/unknown`` named `PON_STORM_ENDED` — no trigger fires for it and it raises or
    /// clears no alarm (the PON-level `pon_up` is ``event``, delivered to the triggers) — with the
    /// storm's OLT, PON, end time and counts. Its header id (`Ferrule.storm-end.<olt>.<pon>.<start
    /// ms>`) comes from the storm alone.
    public var endRecord: PONEvent {
        // As the event store keeps it (nearest millisecond): the same id after a restart.
        let started = Int64(startedAt.storeMilliseconds)
        var record = event
        record.name = Self.endRecordName
        record.alarmName = Self.endRecordName
        record.kind = .unknown
        record.phase = .bare
        record.headerID = "Ferrule.storm-end.\(port.oltDeviceID).\(port.ponInterface).\(started)"
        record.description =
            "the storm on \(port) ended: no new loss for the quiet period and no event of its OLT since; "
            + "\(stillDown.count) ONUs still down"
        return record
    }
}
