internal import GRDB

/// Where an ONU was last reported: the OLT (and PON) of the newest recorded event that names both
/// the ONU and its OLT.
public struct ONUPlacement: Sendable, Hashable {
    public var onuSerial: String?
    public var onuDeviceID: String?
    public var oltDeviceID: String
    public var ponInterface: UInt32?
}

extension EventStore {
    /// The OLT each ONU was last reported on (at most `limit` ONUs, the most recently reported
    /// first): what a restarted consumer knows of the ONUs whose own events (openonu's alarms,
    /// ONOS's events) name no OLT, so that `olt:` conditions match them as before the restart.
    /// One pass over the retained events, grouped by ONU.
    public func lastONUPlacements(limit: Int) async throws -> [ONUPlacement] {
        try await read("read the ONUs' last OLTs") { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT onu_serial, onu_device_id, olt_device_id, pon_interface, MAX(id) AS last FROM events
                    WHERE olt_device_id IS NOT NULL AND olt_device_id <> ''
                        AND (onu_serial IS NOT NULL OR onu_device_id IS NOT NULL)
                    GROUP BY COALESCE(onu_serial, ''), COALESCE(onu_device_id, '')
                    ORDER BY last DESC LIMIT ?
                    """,
                arguments: [max(0, limit)]
            ).map { row in
                ONUPlacement(
                    onuSerial: row[0],
                    onuDeviceID: row[1],
                    oltDeviceID: row[2],
                    ponInterface: (row[3] as Int64?).map { UInt32(clamping: $0) }
                )
            }
        }
    }
}
