internal import GRDB

/// How a raise or clear changes its alarm, inside ``EventStore/record(_:source:actions:)``'s
/// transaction.
///
/// Events are compared by their own time (`raised_ts`), not by arrival: a raise or clear older
/// than the alarm's last change is counted but does not change the state, so a clear that
/// overtook its raise (or a redelivered old raise after an operator's clear) leaves the alarm
/// cleared. Equal times apply in arrival order (VOLTHA's timestamps have second precision).
///
/// `OLT_PON_INTERFACE_DOWN` names no port (voltha-openolt-adapter
/// `internal/pkg/core/openolt_eventmgr.go:660-690`: context `oper-state` only, resource the OLT),
/// so without the port listing that finds it (`--voltha`, ``PONDownResolver``) every port's report
/// lands on one alarm `olt:<olt>`. One port's clear must not clear the alarm while another port is
/// down: such an alarm stays active until its episode (the raises and clears recorded since it
/// became active) has had as many clears as raises; a clear before that is ``AlarmChange/partlyCleared``.
///
/// An ONU's power loss (dying gasp) is reported twice, by openolt (the OLT's indication,
/// voltha-openolt-adapter `internal/pkg/core/openolt_eventmgr.go:363-388`) and by the openonu
/// adapter's ONU-G alarm (voltha-openonu-adapter-go `internal/pkg/almgr/alarm_manager.go:158,
/// 741-778`), two producers whose events reach Kafka in no set order, and openolt seldom clears
/// it: when the ONU is back, what VOLTHA sends is the loss of signal's clear, on rediscovery
/// (`internal/pkg/core/device_handler.go:1905-1935`), and the adapter's `ONU_ACTIVATED`. So an
/// ONU's recovery (``isRecovery(_:)``) ends its power-loss alarms raised at or before it
/// (``endPowerLoss(of:at:eventID:in:)``), and a power-loss raise that arrives after a recovery
/// of its ONU stamped later (``recoveredAt(serial:before:in:)``) happened before it: it is counted
/// out of order and leaves the ONU up. The order is the events' own times, from two adapters'
/// clocks: within the outage's length of each other, as one cluster's are.
enum AlarmDerivation {
    /// The alarm an event touched and what it did.
    struct Update {
        var alarmID: Int64
        var change: AlarmChange
    }

    /// Creates or updates the alarm `key` for `event`, whose time is `at` (milliseconds).
    static func apply(
        _ event: PONEvent,
        key: AlarmKey,
        at: Double,
        eventID: Int64,
        severity: AlarmSeverity,
        in db: Database
    ) throws -> Update {
        // For a power-loss raise: the latest recovery of its ONU recorded before it (event time).
        let recovered =
            event.phase == .raise && event.kind == .powerLost
            ? try event.onuSerial.flatMap { try recoveredAt(serial: $0, before: eventID, in: db) } : nil
        guard
            let row = try Row.fetchOne(
                db,
                sql: "SELECT id, state, changed_at, raised_at FROM alarms WHERE alarm_name = ? AND identity = ?",
                arguments: [key.name, key.identity]
            )
        else {
            return try insert(
                event,
                key: key,
                at: at,
                eventID: eventID,
                severity: severity,
                endedAt: recovered.flatMap { at <= $0 ? $0 : nil },
                in: db
            )
        }
        let id: Int64 = try row.decode(forColumn: "id")
        let active = try row.decode(String.self, forColumn: "state") == AlarmState.active.rawValue
        let changedAt: Double = try row.decode(forColumn: "changed_at")
        let raise = event.phase == .raise
        let inOrder = at >= changedAt
        let stillDown =
            !raise && active && inOrder
            ? try Self.portsStillDown(key, alarmID: id, since: row["raised_at"], in: db) : false
        let change: AlarmChange
        var assignments: [String]
        var arguments: [(any DatabaseValueConvertible)?] = []
        // A power loss from before its ONU's recovery (a report that came late): an episode that
        // began then and ended with the recovery, not a new one.
        let endedBy = recovered.flatMap { raise && !active && inOrder && at <= $0 ? $0 : nil }
        switch (raise, active, inOrder) {
        case (true, false, true) where endedBy != nil:
            change = .outOfOrder
            assignments = ["raise_count = raise_count + 1", "raised_at = ?", "cleared_at = ?", "changed_at = ?"]
            arguments += [at, endedBy, endedBy]
        case (true, false, true):
            change = .raised
            assignments = [
                "state = 'active'", "severity = ?", "category = ?", "sub_category = ?", "description = ?",
                "context_json = ?", "raised_at = ?", "changed_at = ?", "cleared_at = NULL",
                "raise_count = raise_count + 1", "acknowledged_by = NULL", "acknowledged_at = NULL",
                "acknowledge_note = NULL", "cleared_by = NULL", "operator_cleared_at = NULL", "clear_note = NULL",
            ]
            arguments += [
                severity.rawValue, event.category, event.subCategory, event.description,
                EventRows.contextJSON(event.context), at, at,
            ]
        case (true, false, false):
            // A raise from before the clear: it tells when that episode began.
            change = .outOfOrder
            assignments = [
                "raise_count = raise_count + 1",
                "raised_at = CASE WHEN raised_at IS NULL OR raised_at < ? THEN ? ELSE raised_at END",
            ]
            arguments += [at, at]
        case (true, true, _):
            change = inOrder ? .repeated : .outOfOrder
            assignments = ["raise_count = raise_count + 1"]
        case (false, true, true) where stillDown:
            change = .partlyCleared
            assignments = ["changed_at = ?", "clear_count = clear_count + 1"]
            arguments += [at]
        case (false, true, true):
            change = .cleared
            assignments = ["state = 'cleared'", "cleared_at = ?", "changed_at = ?", "clear_count = clear_count + 1"]
            arguments += [at, at]
        case (false, true, false):
            change = .outOfOrder
            assignments = ["clear_count = clear_count + 1"]
        case (false, false, _):
            change = inOrder ? .alreadyCleared : .outOfOrder
            assignments = ["clear_count = clear_count + 1"]
        }
        // Identities learnt from later events fill what earlier ones lacked.
        assignments += [
            "olt_device_id = COALESCE(olt_device_id, ?)", "onu_device_id = COALESCE(onu_device_id, ?)",
            "onu_serial = COALESCE(onu_serial, ?)", "pon_interface = COALESCE(pon_interface, ?)",
            "onu_number = COALESCE(onu_number, ?)", "last_event_id = ?",
        ]
        arguments += [
            event.oltDeviceID, event.onuDeviceID, event.onuSerial, event.ponInterface.map { Int64($0) },
            event.onuNumber.map { Int64($0) }, eventID, id,
        ]
        try db.execute(
            sql: "UPDATE alarms SET \(assignments.joined(separator: ", ")) WHERE id = ?",
            arguments: StatementArguments(arguments)
        )
        return Update(alarmID: id, change: change)
    }

    /// The alarm name whose OLT-wide identity stands for several ports (its reports name none).
    static let portlessName = "OLT_PON_INTERFACE_DOWN"

    /// Whether the active alarm `key` (id `alarmID`, active since `since`, milliseconds) is an
    /// OLT-wide `OLT_PON_INTERFACE_DOWN` whose episode had more raises than clears before this one:
    /// another port is still down. Reads the events of that name only (indexed by name).
    private static func portsStillDown(_ key: AlarmKey, alarmID: Int64, since: Double?, in db: Database) throws -> Bool
    {
        guard key.name == portlessName, key.identity.hasPrefix("olt:"), let since else { return false }
        guard
            let counts = try Row.fetchOne(
                db,
                sql: """
                    SELECT COALESCE(SUM(phase = 'raise'), 0) AS raises, COALESCE(SUM(phase = 'clear'), 0) AS clears
                    FROM events WHERE alarm_name = ? AND alarm_id = ? AND at >= ?
                    """,
                arguments: [key.name, alarmID, since]
            )
        else { return false }
        let raises: Int64 = try counts.decode(forColumn: "raises")
        let clears: Int64 = try counts.decode(forColumn: "clears")
        // This clear is not linked to the alarm yet: it is the `clears + 1`th.
        return raises > clears + 1
    }

    /// A new alarm; `endedAt`: a raise whose ONU was back by then (milliseconds), recorded as
    /// ended then (``AlarmChange/outOfOrder``).
    private static func insert(
        _ event: PONEvent,
        key: AlarmKey,
        at: Double,
        eventID: Int64,
        severity: AlarmSeverity,
        endedAt: Double? = nil,
        in db: Database
    ) throws -> Update {
        let raise = event.phase == .raise
        let active = raise && endedAt == nil
        let values: [(any DatabaseValueConvertible)?] = [
            key.name, key.identity, active ? AlarmState.active.rawValue : AlarmState.cleared.rawValue,
            severity.rawValue, event.category, event.subCategory, event.resourceID, event.oltDeviceID,
            event.onuDeviceID, event.onuSerial, event.ponInterface.map { Int64($0) }, event.onuNumber.map { Int64($0) },
            event.description, EventRows.contextJSON(event.context), raise ? at : nil, endedAt ?? at,
            active ? nil : endedAt ?? at, raise ? 1 : 0, raise ? 0 : 1, eventID,
        ]
        try db.execute(
            sql: """
                INSERT INTO alarms (alarm_name, identity, state, severity, category, sub_category, resource_id,
                olt_device_id, onu_device_id, onu_serial, pon_interface, onu_number, description, context_json,
                raised_at, changed_at, cleared_at, raise_count, clear_count, last_event_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: StatementArguments(values)
        )
        let change: AlarmChange = active ? .raised : raise ? .outOfOrder : .clearedWithoutRaise
        return Update(alarmID: db.lastInsertedRowID, change: change)
    }

    /// The alarms that stand for an ONU without power (kind ``PONEventKind/powerLost``: the dying gasp).
    static let powerLossAlarms = ["ONU_DYING_GASP"]

    /// Whether `event` says its ONU is back: its loss of signal cleared, or it was activated.
    static func isRecovery(_ event: PONEvent) -> Bool {
        (event.kind == .signalLost && event.phase == .clear) || event.kind == .onuActivated
    }

    /// Ends the active power-loss alarms of the ONU `serial` whose latest change is at or before
    /// `at` (milliseconds), as of `at`: the ONU is back (``isRecovery(_:)``), so it has power.
    static func endPowerLoss(of serial: String, at: Double, eventID: Int64, in db: Database) throws {
        try db.execute(
            sql: """
                UPDATE alarms SET state = 'cleared', cleared_at = ?1, changed_at = ?1, last_event_id = ?2
                WHERE onu_serial = ?3 AND state = 'active' AND changed_at <= ?1
                AND alarm_name IN (\(powerLossAlarms.map { "'\($0)'" }.joined(separator: ", ")))
                """,
            arguments: [at, eventID, serial]
        )
    }

    /// The time (milliseconds) of the latest recovery (``isRecovery(_:)``) of the ONU `serial`
    /// recorded before the event `eventID`; nil when there is none.
    static func recoveredAt(serial: String, before eventID: Int64, in db: Database) throws -> Double? {
        try Double.fetchOne(
            db,
            sql: """
                SELECT MAX(at) FROM events WHERE onu_serial = ? AND id < ?
                AND ((kind = ? AND phase = 'clear') OR kind = ?)
                """,
            arguments: [serial, eventID, PONEventKind.signalLost.rawValue, PONEventKind.onuActivated.rawValue]
        )
    }
}
