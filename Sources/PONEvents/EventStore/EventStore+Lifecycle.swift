internal import GRDB

extension EventStore {
    /// Serials looked up per query (SQLite's bound-parameter limit is far above; this keeps each
    /// statement small).
    static let lifecycleChunk = 500

    /// What the store knows of each ONU in `serials` (ONUs it never heard of are absent): for
    /// reconciling with VOLTHA's inventory after an outage. Reads the `events_by_serial` and
    /// `alarms_by_serial` indexes, in chunks of ``lifecycleChunk`` serials.
    public func onuLifecycles(serials: [String]) async throws -> [String: ONULifecycle] {
        let unique = Array(Set(serials.compactMap { GPONSerial.normalised($0) })).sorted()
        var out: [String: ONULifecycle] = [:]
        var start = 0
        while start < unique.count {
            let chunk = Array(unique[start..<min(start + Self.lifecycleChunk, unique.count)])
            start += Self.lifecycleChunk
            let found = try await read("read the ONU lifecycles of \(chunk.count) serials") { db in
                try Self.lifecycles(chunk, in: db)
            }
            out.merge(found) { _, new in new }
        }
        return out
    }

    private static func lifecycles(_ serials: [String], in db: Database) throws -> [String: ONULifecycle] {
        let marks = Array(repeating: "?", count: serials.count).joined(separator: ",")
        var out: [String: ONULifecycle] = [:]
        let lossKinds = [PONEventKind.signalLost.rawValue, PONEventKind.powerLost.rawValue]
        // A loss raise recorded after a recovery of its ONU stamped no earlier is a late report of
        // an earlier loss (the dying gasp of the other adapter: AlarmDerivation), not a new one.
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT onu_serial, kind, MAX(id) AS last FROM events AS e
                WHERE onu_serial IN (\(marks)) AND (kind = ? OR (kind IN (?, ?) AND phase = ? AND NOT EXISTS (
                    SELECT 1 FROM events AS r WHERE r.onu_serial = e.onu_serial AND r.id < e.id AND r.at >= e.at
                    AND ((r.kind = ? AND r.phase = 'clear') OR r.kind = ?))))
                GROUP BY onu_serial, kind
                """,
            arguments: StatementArguments(
                serials + [PONEventKind.onuActivated.rawValue] + lossKinds + ["raise"]
                    + [PONEventKind.signalLost.rawValue, PONEventKind.onuActivated.rawValue]
            )
        )
        for row in rows {
            let serial: String = try row.decode(forColumn: "onu_serial")
            let kind: String = try row.decode(forColumn: "kind")
            let last: Int64 = try row.decode(forColumn: "last")
            var lifecycle = out[serial] ?? ONULifecycle()
            if kind == PONEventKind.onuActivated.rawValue {
                lifecycle.lastActivation = last
            } else {
                lifecycle.lastLoss = max(lifecycle.lastLoss ?? last, last)
            }
            out[serial] = lifecycle
        }
        let ready = try Row.fetchAll(
            db,
            sql: """
                SELECT onu_serial, MAX(id) AS last FROM events
                WHERE onu_serial IN (\(marks)) AND name = ? GROUP BY onu_serial
                """,
            arguments: StatementArguments(serials + [ReconciledEventMarks.serviceReady])
        )
        for row in ready {
            let serial: String = try row.decode(forColumn: "onu_serial")
            let last: Int64 = try row.decode(forColumn: "last")
            out[serial, default: ONULifecycle()].lastServiceReady = last
        }
        let activations = out.compactMap { $0.value.lastActivation }
        if !activations.isEmpty {
            let idMarks = Array(repeating: "?", count: activations.count).joined(separator: ",")
            let derived = try Row.fetchAll(
                db,
                sql: "SELECT onu_serial FROM events WHERE id IN (\(idMarks)) AND header_id LIKE ?",
                arguments: StatementArguments(activations + [ReconciledEventMarks.headerPrefix + "%"])
            )
            for row in derived {
                let serial: String = try row.decode(forColumn: "onu_serial")
                out[serial]?.lastActivationDerived = true
            }
        }
        let alarms = try Row.fetchAll(
            db,
            sql: "SELECT onu_serial, alarm_name FROM alarms WHERE onu_serial IN (\(marks)) AND state = 'active'",
            arguments: StatementArguments(serials)
        )
        for row in alarms {
            let serial: String = try row.decode(forColumn: "onu_serial")
            let name: String = try row.decode(forColumn: "alarm_name")
            guard let kind = PONEventCatalogue.entry(name)?.kind, PONStormSettings.stormKinds.contains(kind) else {
                continue
            }
            out[serial, default: ONULifecycle()].activeLossAlarms.append(name)
        }
        for key in out.keys { out[key]?.activeLossAlarms.sort() }
        return out
    }
}
