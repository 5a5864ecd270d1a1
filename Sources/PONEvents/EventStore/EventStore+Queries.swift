internal import GRDB

extension EventStore {
    /// The alarms matching `query`, most recently changed first, with the totals of all matches.
    public func alarms(_ query: AlarmQuery) async throws -> AlarmPage {
        let filter = Self.filter(query)
        let limit = Self.clamp(query.limit)
        let offset = max(0, query.offset)
        return try await read("query alarms") { db in
            let totals = try Row.fetchOne(
                db,
                sql: "SELECT COUNT(*) AS total, TOTAL(state = 'active') AS active FROM alarms\(filter.whereClause)",
                arguments: filter.arguments
            )
            let total = try totals?.decode(Int.self, forColumn: "total") ?? 0
            let active = Int(try totals?.decode(Double.self, forColumn: "active") ?? 0)
            let alarms = try Row.fetchAll(
                db,
                sql: """
                    SELECT \(EventRows.alarmColumns) FROM alarms\(filter.whereClause)
                    ORDER BY changed_at DESC, id DESC LIMIT ? OFFSET ?
                    """,
                arguments: filter.arguments + [limit, offset]
            ).map(EventRows.alarm)
            return AlarmPage(alarms: alarms, total: total, active: active, cleared: total - active)
        }
    }

    /// The alarm `id`; nil when there is none.
    public func alarm(id: Int64) async throws -> PONAlarm? {
        try await read("read alarm \(id)") { db in
            try Row.fetchOne(db, sql: "SELECT \(EventRows.alarmColumns) FROM alarms WHERE id = ?", arguments: [id])
                .map(EventRows.alarm)
        }
    }

    /// The events matching `query`, with the number of all matches.
    public func events(_ query: EventQuery) async throws -> EventPage {
        let filter = Self.filter(query)
        let limit = Self.clamp(query.limit)
        let offset = max(0, query.offset)
        let order = query.oldestFirst ? "ASC" : "DESC"
        return try await read("query events") { db in
            let total =
                try Int.fetchOne(
                    db,
                    sql: "SELECT COUNT(*) FROM events\(filter.whereClause)",
                    arguments: filter.arguments
                )
                ?? 0
            let events = try Row.fetchAll(
                db,
                sql:
                    "SELECT \(EventRows.eventColumns) FROM events\(filter.whereClause) ORDER BY id \(order) LIMIT ? OFFSET ?",
                arguments: filter.arguments + [limit, offset]
            ).map(EventRows.storedEvent)
            return EventPage(events: events, total: total)
        }
    }

    /// The id of the newest event recorded (0 when there is none): a follower polls this.
    public func lastEventID() async throws -> Int64 {
        try await read("read the last event id") { db in
            try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'events'") ?? 0
        }
    }

    // MARK: - Filters

    /// A WHERE clause and its arguments.
    struct Filter {
        var conditions: [String] = []
        var arguments = StatementArguments()

        var whereClause: String { conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ") }

        mutating func add(_ condition: String, _ values: [(any DatabaseValueConvertible)?]) {
            conditions.append(condition)
            arguments += StatementArguments(values)
        }

        /// The conditions on the device columns both tables share; nil matches all.
        mutating func addDevice(_ device: String?, serial: String?, olt: String?, pon: UInt32?) {
            if let device {
                add("(resource_id = ? OR onu_device_id = ? OR olt_device_id = ?)", [device, device, device])
            }
            // Stored serials are in their one form: `ALCL78DE45B1` finds VOLTHA's `ALCL78de45b1`.
            if let serial { add("onu_serial = ?", [GPONSerial.canonical(serial)]) }
            if let olt { add("olt_device_id = ?", [olt]) }
            if let pon { add("pon_interface = ?", [Int64(pon)]) }
        }
    }

    static func filter(_ query: AlarmQuery) -> Filter {
        var filter = Filter()
        filter.addDevice(query.deviceID, serial: query.onuSerial, olt: query.oltDeviceID, pon: query.ponInterface)
        if let name = query.name { filter.add("alarm_name = ?", [alarmName(name).name]) }
        if !query.severities.isEmpty {
            let severities = query.severities.sorted().map(\.rawValue)
            filter.add(
                "severity IN (\(Array(repeating: "?", count: severities.count).joined(separator: ", ")))",
                severities
            )
        }
        if let state = query.state { filter.add("state = ?", [state.rawValue]) }
        if let since = query.since { filter.add("changed_at >= ?", [since.storeMilliseconds]) }
        if let until = query.until { filter.add("changed_at < ?", [until.storeMilliseconds]) }
        return filter
    }

    static func filter(_ query: EventQuery) -> Filter {
        var filter = Filter()
        filter.addDevice(query.deviceID, serial: query.onuSerial, olt: query.oltDeviceID, pon: query.ponInterface)
        if let type = query.type {
            if PONEventKind(rawValue: type) != nil {
                filter.add("kind = ?", [type])
            } else {
                let (name, suffixed) = alarmName(type)
                if suffixed {
                    filter.add("alarm_name = ? AND name = ?", [name, type])
                } else {
                    filter.add("alarm_name = ?", [name])
                }
            }
        }
        if let since = query.since { filter.add("at >= ?", [since.storeMilliseconds]) }
        if let until = query.until { filter.add("at < ?", [until.storeMilliseconds]) }
        if let since = query.recordedSince { filter.add("recorded_at >= ?", [since.storeMilliseconds]) }
        if let after = query.afterID { filter.add("id > ?", [after]) }
        return filter
    }

    /// `name` without a `_RAISE_EVENT` / `_CLEAR_EVENT` suffix, and whether it had one.
    static func alarmName(_ name: String) -> (name: String, suffixed: Bool) {
        for suffix in ["_RAISE_EVENT", "_CLEAR_EVENT"] where name.hasSuffix(suffix) && name.count > suffix.count {
            return (String(name.dropLast(suffix.count)), true)
        }
        return (name, false)
    }
}
