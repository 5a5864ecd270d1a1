import Foundation
internal import GRDB

extension EventStore {
    /// The outages storms began that a consumer left open (``PONStormChange/outageOpened(_:)``: the
    /// storm ended while ONUs it counted were still down), the most recently ended first, at most
    /// `limit`: a restarted consumer brings them back (``StormDetector/restoreOpenOutages(_:)``) so
    /// that the return of the last of those ONUs still ends the outage with its `pon_up`.
    ///
    /// - Throws: ``EventStoreError``; `invalidData` for a row this version cannot read.
    public func openOutages(limit: Int) async throws -> [PONOpenOutage] {
        try await read("read open outages") { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT olt_device_id, pon_interface, started_at, ended_at, raises, onus_json, down_json
                    FROM open_outages ORDER BY ended_at DESC, olt_device_id, pon_interface LIMIT ?
                    """,
                arguments: [max(0, limit)]
            ).map(Self.openOutage)
        }
    }

    private static func openOutage(_ row: Row) throws -> PONOpenOutage {
        let olt: String = try row.decode(forColumn: "olt_device_id")
        let pon: Int64 = try row.decode(forColumn: "pon_interface")
        guard let number = UInt32(exactly: pon) else {
            throw StoredValueError(message: "open outage on \(olt) with PON interface \(pon)")
        }
        let port = PONPort(oltDeviceID: olt, ponInterface: number)
        let down = try serials(try row.decode(forColumn: "down_json"), of: port)
        let raises: Int64 = try row.decode(forColumn: "raises")
        return PONOpenOutage(
            storm: PONStorm(
                port: port,
                startedAt: Date(storeMilliseconds: try row.decode(forColumn: "started_at")),
                endedAt: Date(storeMilliseconds: try row.decode(forColumn: "ended_at")),
                raises: Int(clamping: raises),
                onus: try serials(try row.decode(forColumn: "onus_json"), of: port),
                stillDown: down
            ),
            down: down
        )
    }

    private static func serials(_ text: String, of port: PONPort) throws -> [String] {
        guard let list = try? JSONDecoder().decode([String].self, from: Data(text.utf8)) else {
            throw StoredValueError(message: "the ONUs of the open outage on \(port) are not a JSON list of strings")
        }
        return list
    }

    private static func json(_ list: [String]) -> String {
        guard let data = try? JSONEncoder().encode(list) else { return "[]" }
        return String(decoding: data, as: UTF8.self)
    }

    /// Applies an open outage's change inside the caller's transaction.
    static func applyOutage(_ change: PONStormChange, in db: Database) throws {
        switch change {
        case .outageOpened(let outage):
            let storm = outage.storm
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO open_outages
                    (olt_device_id, pon_interface, started_at, ended_at, raises, onus_json, down_json)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    storm.port.oltDeviceID, Int64(storm.port.ponInterface), storm.startedAt.storeMilliseconds,
                    (storm.endedAt ?? storm.startedAt).storeMilliseconds, Int64(storm.raises), json(storm.onus),
                    json(outage.down),
                ]
            )
        case .outageClosed(let port):
            try db.execute(
                sql: "DELETE FROM open_outages WHERE olt_device_id = ? AND pon_interface = ?",
                arguments: [port.oltDeviceID, Int64(port.ponInterface)]
            )
        case .began, .lossAbsorbed, .ended:
            break
        }
    }
}
