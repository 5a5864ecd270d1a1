internal import GRDB

extension EventStore {
    /// The alarms by which the OLT reports a PON port down: `OLT_LOSS_OF_SIGNAL` (the port sees no
    /// light, a cut fibre: voltha-openolt-adapter `internal/pkg/core/openolt_eventmgr.go:245-287`)
    /// and `OLT_PON_INTERFACE_DOWN` (the port's oper state, `:660-690`).
    public static let portDownAlarms = ["OLT_LOSS_OF_SIGNAL", "OLT_PON_INTERFACE_DOWN"]

    /// The PON ports with an active ``portDownAlarms`` alarm that names its OLT and PON, sorted, at
    /// most `limit`: the outages a consumer or a campaign must know of however long ago they began.
    public func portsReportedDown(limit: Int) async throws -> [PONPort] {
        let limit = max(0, limit)
        return try await read("read the PON ports the OLT reports down") { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT DISTINCT olt_device_id, pon_interface FROM alarms
                    WHERE alarm_name IN (?, ?) AND state = 'active'
                    AND olt_device_id IS NOT NULL AND pon_interface IS NOT NULL
                    ORDER BY olt_device_id, pon_interface LIMIT ?
                    """,
                arguments: StatementArguments(Self.portDownAlarms + [limit])
            )
            return try rows.compactMap { row -> PONPort? in
                let olt: String = try row.decode(forColumn: "olt_device_id")
                let pon: Int64 = try row.decode(forColumn: "pon_interface")
                guard let number = UInt32(exactly: pon) else { return nil }
                return PONPort(oltDeviceID: olt, ponInterface: number)
            }
        }
    }
}
