import Foundation
internal import GRDB

/// How events, alarms and actions map to their table rows.
enum EventRows {
    /// The `events` columns ``storedEvent(_:)`` reads, in order.
    static let eventColumns = """
        id, name, alarm_name, kind, phase, header_id, category, sub_category, resource_id, olt_device_id, \
        onu_device_id, onu_serial, olt_serial, pon_interface, onu_number, raised_at, reported_at, at, recorded_at, \
        description, context_json, alarm_id, source_kind, source_name, source_partition, source_offset
        """

    static let insertEventSQL = """
        INSERT INTO events (name, alarm_name, kind, phase, header_id, category, sub_category, resource_id, \
        olt_device_id, onu_device_id, onu_serial, olt_serial, pon_interface, onu_number, raised_at, reported_at, at, \
        recorded_at, description, context_json, alarm_id, source_kind, source_name, source_partition, source_offset, \
        fingerprint) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    /// What identifies one Kafka record or file line among others at the same position: the
    /// header id (`Voltha.openolt.<NAME>.<unix-nanos>`), the name, the resource and both
    /// timestamps, all as VOLTHA sent them (nothing the decoder derives, so a ferrule upgrade
    /// between a crash and the redelivery does not change it).
    static func fingerprint(_ event: PONEvent) -> String {
        let raised = event.raisedAt.map { String($0.storeMilliseconds) } ?? "-"
        let reported = event.reportedAt.map { String($0.storeMilliseconds) } ?? "-"
        return [event.headerID, event.name, event.resourceID, raised, reported].joined(separator: "\u{1F}")
    }

    /// The insert arguments of `event`.
    static func eventArguments(
        _ event: PONEvent,
        at: Double,
        recordedAt: Double,
        alarmID: Int64?,
        source: EventSourcePosition
    ) -> StatementArguments {
        let position = source.columns
        let values: [(any DatabaseValueConvertible)?] = [
            event.name, event.alarmName, event.kind.rawValue, event.phase.rawValue, event.headerID, event.category,
            event.subCategory, event.resourceID, event.oltDeviceID, event.onuDeviceID, event.onuSerial,
            event.oltSerial, event.ponInterface.map { Int64($0) }, event.onuNumber.map { Int64($0) },
            event.raisedAt?.storeMilliseconds, event.reportedAt?.storeMilliseconds, at, recordedAt,
            event.description, contextJSON(event.context), alarmID, position.kind, position.name,
            position.partition, position.offset, fingerprint(event),
        ]
        return StatementArguments(values)
    }

    /// A stored event from a row of ``eventColumns``.
    static func storedEvent(_ row: Row) throws -> StoredEvent {
        let stored = storedContext(try row.decode(forColumn: "context_json"))
        let kindText: String = try row.decode(forColumn: "kind")
        let phaseText: String = try row.decode(forColumn: "phase")
        let sourceKind: String = try row.decode(forColumn: "source_kind")
        // A kind or phase this build does not know (a newer ferrule wrote the row) reads as
        // `unknown` / `bare`, as an unknown event name does when decoded: one row never makes the
        // whole listing unreadable.
        let kind = PONEventKind(rawValue: kindText) ?? .unknown
        let phase = PONEventPhase(rawValue: phaseText) ?? .bare
        guard
            let source = EventSourcePosition(
                kind: sourceKind,
                name: try row.decode(forColumn: "source_name"),
                partition: try row.decode(forColumn: "source_partition"),
                offset: try row.decode(forColumn: "source_offset")
            )
        else {
            throw StoredValueError(
                message:
                    "event \((try? row.decode(Int64.self, forColumn: "id")) ?? 0): source kind \(sourceKind)"
            )
        }
        let event = PONEvent(
            name: try row.decode(forColumn: "name"),
            alarmName: try row.decode(forColumn: "alarm_name"),
            kind: kind,
            phase: phase,
            headerID: try row.decode(forColumn: "header_id"),
            category: try row.decode(forColumn: "category"),
            subCategory: try row.decode(forColumn: "sub_category"),
            resourceID: try row.decode(forColumn: "resource_id"),
            oltDeviceID: try row.decode(forColumn: "olt_device_id"),
            onuDeviceID: try row.decode(forColumn: "onu_device_id"),
            onuSerial: try row.decode(forColumn: "onu_serial"),
            oltSerial: try row.decode(forColumn: "olt_serial"),
            ponInterface: uint32(try row.decode(forColumn: "pon_interface")),
            onuNumber: uint32(try row.decode(forColumn: "onu_number")),
            raisedAt: date(try row.decode(forColumn: "raised_at")),
            reportedAt: date(try row.decode(forColumn: "reported_at")),
            description: try row.decode(forColumn: "description"),
            context: stored.map
        )
        return StoredEvent(
            id: try row.decode(forColumn: "id"),
            event: event,
            at: Date(storeMilliseconds: try row.decode(forColumn: "at")),
            recordedAt: Date(storeMilliseconds: try row.decode(forColumn: "recorded_at")),
            source: source,
            alarmID: try row.decode(forColumn: "alarm_id"),
            unreadableContext: stored.unreadable
        )
    }

    /// The `alarms` columns ``alarm(_:)`` reads.
    static let alarmColumns = """
        id, alarm_name, identity, state, severity, category, sub_category, resource_id, olt_device_id, \
        onu_device_id, onu_serial, pon_interface, onu_number, description, context_json, raised_at, changed_at, \
        cleared_at, raise_count, clear_count, last_event_id, acknowledged_by, acknowledged_at, acknowledge_note, \
        cleared_by, operator_cleared_at, clear_note
        """

    /// An operator's note on an alarm from its three columns, or nil when nobody wrote one.
    private static func operatorNote(_ row: Row, by: String, at: String, note: String) throws -> OperatorNote? {
        guard let who = try row.decode(String?.self, forColumn: by),
            let when = try row.decode(Double?.self, forColumn: at)
        else { return nil }
        return OperatorNote(by: who, at: Date(storeMilliseconds: when), note: try row.decode(forColumn: note))
    }

    /// An alarm from a row of ``alarmColumns``.
    static func alarm(_ row: Row) throws -> PONAlarm {
        let stored = storedContext(try row.decode(forColumn: "context_json"))
        let stateText: String = try row.decode(forColumn: "state")
        let severityText: String = try row.decode(forColumn: "severity")
        // A severity this build does not know reads as indeterminate (the alarm stays listed).
        let severity = AlarmSeverity(rawValue: severityText) ?? .indeterminate
        guard let state = AlarmState(rawValue: stateText) else {
            throw StoredValueError(
                message: "alarm \((try? row.decode(Int64.self, forColumn: "id")) ?? 0): state \(stateText)"
            )
        }
        let acknowledgement = try operatorNote(
            row,
            by: "acknowledged_by",
            at: "acknowledged_at",
            note: "acknowledge_note"
        )
        let operatorClear = try operatorNote(row, by: "cleared_by", at: "operator_cleared_at", note: "clear_note")
        return PONAlarm(
            id: try row.decode(forColumn: "id"),
            name: try row.decode(forColumn: "alarm_name"),
            identity: try row.decode(forColumn: "identity"),
            state: state,
            severity: severity,
            category: try row.decode(forColumn: "category"),
            subCategory: try row.decode(forColumn: "sub_category"),
            resourceID: try row.decode(forColumn: "resource_id"),
            oltDeviceID: try row.decode(forColumn: "olt_device_id"),
            onuDeviceID: try row.decode(forColumn: "onu_device_id"),
            onuSerial: try row.decode(forColumn: "onu_serial"),
            ponInterface: uint32(try row.decode(forColumn: "pon_interface")),
            onuNumber: uint32(try row.decode(forColumn: "onu_number")),
            description: try row.decode(forColumn: "description"),
            context: stored.map,
            unreadableContext: stored.unreadable,
            raisedAt: date(try row.decode(forColumn: "raised_at")),
            changedAt: Date(storeMilliseconds: try row.decode(forColumn: "changed_at")),
            clearedAt: date(try row.decode(forColumn: "cleared_at")),
            raiseCount: try row.decode(forColumn: "raise_count"),
            clearCount: try row.decode(forColumn: "clear_count"),
            lastEventID: try row.decode(forColumn: "last_event_id"),
            acknowledgement: acknowledgement,
            operatorClear: operatorClear
        )
    }

    /// The `actions` columns ``action(_:)`` reads.
    static let actionColumns =
        "id, event_id, key, payload, created_at, status, detail, done_at, attempts, last_failure, retried_as"

    /// An action from a row of ``actionColumns``.
    static func action(_ row: Row) throws -> StoredAction {
        var outcome: ActionOutcome?
        if let statusText = try row.decode(String?.self, forColumn: "status") {
            guard let status = ActionOutcome.Status(rawValue: statusText) else {
                throw StoredValueError(
                    message: "action \((try? row.decode(Int64.self, forColumn: "id")) ?? 0): status \(statusText)"
                )
            }
            outcome = ActionOutcome(status, detail: try row.decode(String?.self, forColumn: "detail") ?? "")
        }
        return StoredAction(
            id: try row.decode(forColumn: "id"),
            eventID: try row.decode(forColumn: "event_id"),
            key: try row.decode(forColumn: "key"),
            payload: try row.decode(forColumn: "payload"),
            createdAt: Date(storeMilliseconds: try row.decode(forColumn: "created_at")),
            outcome: outcome,
            doneAt: date(try row.decode(forColumn: "done_at")),
            attempts: try row.decode(forColumn: "attempts"),
            lastFailure: try row.decode(String?.self, forColumn: "last_failure"),
            retriedAs: try row.decode(Int64?.self, forColumn: "retried_as")
        )
    }

    /// A context map as stored: a JSON object with sorted keys.
    static func contextJSON(_ context: [String: String]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(context) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    /// The context map stored as `text`, or (empty, `text`) when it is not a JSON object of
    /// strings, so a listing can say so instead of showing `{}`.
    static func storedContext(_ text: String) -> (map: [String: String], unreadable: String?) {
        guard let map = try? JSONDecoder().decode([String: String].self, from: Data(text.utf8)) else {
            return ([:], text)
        }
        return (map, nil)
    }

    private static func date(_ milliseconds: Double?) -> Date? {
        milliseconds.map(Date.init(storeMilliseconds:))
    }

    private static func uint32(_ value: Int64?) -> UInt32? {
        value.flatMap { UInt32(exactly: $0) }
    }
}

/// A stored value this version cannot map to the model (an unknown kind or state).
struct StoredValueError: Error, CustomStringConvertible {
    let message: String
    var description: String { "a stored value this ferrule does not know: \(message)" }
}
