import Foundation
internal import GRDB

extension EventStore {
    /// Records `event`, read at `source`, with the actions a trigger decided for it — in one
    /// transaction, exactly once per position.
    ///
    /// In one SQLite transaction: checks whether `source` was already recorded with this event
    /// (same header id, name, resource and timestamps), and if not stores the event, updates the
    /// alarm it raises or clears, and queues `actions` in the outbox. So a consumer that commits its
    /// Kafka offset only after this returns neither loses an event (a crash before the commit
    /// rolls everything back, and Kafka redelivers) nor doubles one (the redelivered record
    /// returns ``RecordOutcome/duplicate(eventID:)`` and changes nothing, actions included).
    ///
    /// The same event at another position (a producer's retry) is a duplicate too: the store keeps
    /// the first. A different event at a recorded position (the topic was deleted and recreated,
    /// so offsets started again) is recorded as new.
    ///
    /// - Throws: ``EventStoreError``: nothing was recorded then; `invalidArgument` for more than
    ///   ``maxActionsPerEvent`` actions or an oversized key or payload.
    @discardableResult
    public func record(
        _ event: PONEvent,
        source: EventSourcePosition,
        actions: [PendingAction] = [],
        storms: [PONStormChange] = []
    ) async throws -> RecordOutcome {
        // One spelling per ONU serial in the store, whoever built the event (GPONSerial.normalised).
        var normalised = event
        normalised.onuSerial = GPONSerial.normalised(event.onuSerial)
        let event = normalised
        let operation = "record \(event.name) from \(source)"
        try Self.check(actions, path: path, operation: operation)
        let now = clock().storeMilliseconds
        let severity = AlarmKey(event).map { severities.severity(of: $0.name) } ?? .indeterminate
        let outcome = try await write(operation) { db in
            let outcome = try Self.record(event, source: source, actions: actions, severity: severity, now: now, in: db)
            // A redelivered event changed its storms when it was first recorded.
            if !outcome.isDuplicate { try Self.apply(storms, in: db) }
            return outcome
        }
        if !outcome.isDuplicate, prunesAfterRecord() {
            // Best effort: the event is committed; a failing prune is reported by the next write
            // or by an explicit prune().
            _ = try? await pruneBatch()
        }
        return outcome
    }

    /// The alarm `event` would raise or clear, as stored now; nil when there is none yet or the
    /// event is not an alarm. For a trigger engine that looks before it decides.
    public func alarm(for event: PONEvent) async throws -> PONAlarm? {
        guard let key = AlarmKey(event) else { return nil }
        return try await alarm(key)
    }

    /// The alarm with `key`; nil when there is none.
    public func alarm(_ key: AlarmKey) async throws -> PONAlarm? {
        try await read("read alarm \(key)") { db in
            try Row.fetchOne(
                db,
                sql: "SELECT \(EventRows.alarmColumns) FROM alarms WHERE alarm_name = ? AND identity = ?",
                arguments: [key.name, key.identity]
            ).map(EventRows.alarm)
        }
    }

    /// The largest offset of `topic`/`partition` whose event the store keeps: a consumer that
    /// keeps its position in the store resumes after it (nil when nothing from there is kept).
    public func lastOffset(topic: String, partition: Int32) async throws -> Int64? {
        try await read("read the last offset of \(topic)/\(partition)") { db in
            try Int64.fetchOne(
                db,
                sql: """
                    SELECT MAX(source_offset) FROM events
                    WHERE source_kind = 'kafka' AND source_name = ? AND source_partition = ?
                    """,
                arguments: [topic, Int64(partition)]
            )
        }
    }

    // MARK: - Inside the transaction

    private static func check(_ actions: [PendingAction], path: String, operation: String) throws {
        func refuse(_ detail: String) -> EventStoreError {
            EventStoreError(.invalidArgument, path: path, operation: operation, detail: detail)
        }
        guard actions.count <= maxActionsPerEvent else {
            throw refuse("\(actions.count) actions for one event; at most \(maxActionsPerEvent) are accepted")
        }
        for action in actions {
            guard !action.key.isEmpty, action.key.utf8.count <= PendingAction.maxKeyBytes else {
                throw refuse("an action key must have 1 to \(PendingAction.maxKeyBytes) bytes")
            }
            guard action.payload.count <= PendingAction.maxPayloadBytes else {
                throw refuse(
                    "the payload of action \(action.key) has \(action.payload.count) bytes; at most \(PendingAction.maxPayloadBytes)"
                )
            }
        }
    }

    private static func record(
        _ event: PONEvent,
        source: EventSourcePosition,
        actions: [PendingAction],
        severity: AlarmSeverity,
        now: Double,
        in db: Database
    ) throws -> RecordOutcome {
        let position = source.columns
        if let earlier = try Int64.fetchOne(
            db,
            sql: """
                SELECT id FROM events WHERE source_kind = ? AND source_name = ? AND source_partition = ?
                AND source_offset = ? AND fingerprint = ? ORDER BY id LIMIT 1
                """,
            arguments: [
                position.kind, position.name, position.partition, position.offset, EventRows.fingerprint(event),
            ]
        ) {
            return .duplicate(eventID: earlier)
        }
        // The same event at another position: a producer retried a send whose acknowledgement was
        // lost (kafka-onos `retries=1` without idempotence, KafkaConfig.java:33-36). It is one
        // event: not stored, counted or planned again, and its alarm is not raised twice. Only
        // events with a header id (VOLTHA's holds the raise time in nanoseconds), and only for the
        // same ONU: openolt fans an OLT's loss of signal out to one event per ONU in a loop
        // (openolt_eventmgr.go:245-273), which a coarse clock could stamp with one id.
        if !event.headerID.isEmpty,
            let earlier = try Int64.fetchOne(
                db,
                sql: """
                    SELECT id FROM events WHERE header_id = ? AND fingerprint = ? AND onu_serial IS ?
                    AND onu_number IS ? ORDER BY id LIMIT 1
                    """,
                arguments: [
                    event.headerID, EventRows.fingerprint(event), event.onuSerial, event.onuNumber.map { Int64($0) },
                ]
            )
        {
            return .duplicate(eventID: earlier)
        }
        let at = (event.raisedAt ?? event.reportedAt)?.storeMilliseconds ?? now
        try db.execute(
            sql: EventRows.insertEventSQL,
            arguments: EventRows.eventArguments(event, at: at, recordedAt: now, alarmID: nil, source: source)
        )
        let eventID = db.lastInsertedRowID
        var alarmID: Int64?
        var change: AlarmChange?
        if let key = AlarmKey(event) {
            let update = try AlarmDerivation.apply(
                event,
                key: key,
                at: at,
                eventID: eventID,
                severity: severity,
                in: db
            )
            alarmID = update.alarmID
            change = update.change
            try db.execute(sql: "UPDATE events SET alarm_id = ? WHERE id = ?", arguments: [update.alarmID, eventID])
            if ONUParents.namesONUAsResource(event) {
                // The repair's LOS clear names no OLT (``ONUParents``): its alarm's, from the raise, is it.
                try db.execute(
                    sql: """
                        UPDATE events SET olt_device_id = (SELECT olt_device_id FROM alarms WHERE id = ?)
                        WHERE id = ?
                        """,
                    arguments: [update.alarmID, eventID]
                )
            }
        }
        if AlarmDerivation.isRecovery(event), let serial = event.onuSerial {
            // The ONU is back: a dying gasp it sent before is over (AlarmDerivation).
            try AlarmDerivation.endPowerLoss(of: serial, at: at, eventID: eventID, in: db)
        }
        var actionIDs: [Int64] = []
        // A key the outbox holds already (pending or done) is the same action planned again from
        // the same event delivered at another position: the outbox keeps one of each.
        let insert = try db.cachedStatement(
            sql: """
                INSERT INTO actions (event_id, key, payload, created_at)
                SELECT ?1, ?2, ?3, ?4 WHERE NOT EXISTS (SELECT 1 FROM actions WHERE key = ?2)
                """
        )
        for action in actions {
            try insert.execute(arguments: [eventID, action.key, action.payload, now])
            if db.changesCount > 0 { actionIDs.append(db.lastInsertedRowID) }
        }
        return .recorded(RecordedEvent(eventID: eventID, alarmID: alarmID, alarmChange: change, actionIDs: actionIDs))
    }

    /// The storms a consumer left active, oldest first (``PONStormChange``): a restarted one
    /// restores them before it replays recent events. At most `limit`.
    public func activeStorms(limit: Int = 10_000) async throws -> [PONStormRecord] {
        try await read("read active storms") { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT olt_device_id, pon_interface, started_at, last_raise FROM storms
                    ORDER BY started_at LIMIT ?
                    """,
                arguments: [max(0, limit)]
            ).map { row in
                PONStormRecord(
                    port: PONPort(oltDeviceID: row[0], ponInterface: UInt32(clamping: row[1] as Int64)),
                    startedAt: Date(timeIntervalSince1970: (row[2] as Double) / 1000),
                    lastLoss: Date(timeIntervalSince1970: (row[3] as Double) / 1000)
                )
            }
        }
    }

    private static func apply(_ storms: [PONStormChange], in db: Database) throws {
        for change in storms {
            switch change {
            case .began(let port, let started):
                try db.execute(
                    sql: """
                        INSERT OR REPLACE INTO storms (olt_device_id, pon_interface, started_at, last_raise)
                        VALUES (?, ?, ?, ?)
                        """,
                    arguments: [
                        port.oltDeviceID, Int64(port.ponInterface), started.storeMilliseconds,
                        started.storeMilliseconds,
                    ]
                )
            case .lossAbsorbed(let port, let at):
                try db.execute(
                    sql: """
                        UPDATE storms SET last_raise = max(last_raise, ?)
                        WHERE olt_device_id = ? AND pon_interface = ?
                        """,
                    arguments: [at.storeMilliseconds, port.oltDeviceID, Int64(port.ponInterface)]
                )
            case .ended(let port):
                try db.execute(
                    sql: "DELETE FROM storms WHERE olt_device_id = ? AND pon_interface = ?",
                    arguments: [port.oltDeviceID, Int64(port.ponInterface)]
                )
            case .outageOpened, .outageClosed:
                try applyOutage(change, in: db)
            }
        }
    }
}
