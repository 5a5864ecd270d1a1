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
        guard
            let row = try Row.fetchOne(
                db,
                sql: "SELECT id, state, changed_at, raised_at FROM alarms WHERE alarm_name = ? AND identity = ?",
                arguments: [key.name, key.identity]
            )
        else {
            return try insert(event, key: key, at: at, eventID: eventID, severity: severity, in: db)
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
        switch (raise, active, inOrder) {
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

    private static func insert(
        _ event: PONEvent,
        key: AlarmKey,
        at: Double,
        eventID: Int64,
        severity: AlarmSeverity,
        in db: Database
    ) throws -> Update {
        let raise = event.phase == .raise
        let values: [(any DatabaseValueConvertible)?] = [
            key.name, key.identity, raise ? AlarmState.active.rawValue : AlarmState.cleared.rawValue,
            severity.rawValue, event.category, event.subCategory, event.resourceID, event.oltDeviceID,
            event.onuDeviceID, event.onuSerial, event.ponInterface.map { Int64($0) }, event.onuNumber.map { Int64($0) },
            event.description, EventRows.contextJSON(event.context), raise ? at : nil, at, raise ? nil : at,
            raise ? 1 : 0, raise ? 0 : 1, eventID,
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
        return Update(alarmID: db.lastInsertedRowID, change: raise ? .raised : .clearedWithoutRaise)
    }
}
