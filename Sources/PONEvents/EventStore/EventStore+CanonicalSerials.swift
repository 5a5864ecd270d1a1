internal import GRDB

extension EventStore {
    /// A GLOB matching a GPON serial (four letters, eight hex digits) in any case.
    static let gponSerialGlob = "[A-Za-z][A-Za-z][A-Za-z][A-Za-z]" + String(repeating: "[0-9A-Fa-f]", count: 8)

    /// Migration `v6-canonical-serials`: serials a store written before kept as each event spelt
    /// them are put in their one form (``GPONSerial/canonical(_:)``, VOLTHA's: vendor letters upper
    /// case, hex lower case; voltha-openolt-adapter `internal/pkg/core/device_handler.go:2256-2270`),
    /// so `--serial ALCL78DE45B1` finds the events and alarms of `ALCL78de45b1`, and the next clear
    /// of an alarm raised under another spelling clears it.
    ///
    /// Events: their `onu_serial`. Alarms: their `onu_serial` and their identity (`onu:<serial>`,
    /// with a `/uni-<n>` tail kept). When the canonical identity is already taken (a raise and a
    /// clear that differed only in case made two alarms), the other alarm keeps its old identity:
    /// nothing is merged or lost, and it is still listed under the serial.
    static func v6CanonicalSerials(_ db: Database) throws {
        let canonicalSQL = "UPPER(SUBSTR(onu_serial, 1, 4)) || LOWER(SUBSTR(onu_serial, 5))"
        try db.execute(
            sql: """
                UPDATE events SET onu_serial = \(canonicalSQL)
                WHERE onu_serial GLOB ? AND onu_serial <> \(canonicalSQL)
                """,
            arguments: [gponSerialGlob]
        )
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT id, alarm_name, identity, onu_serial FROM alarms
                WHERE onu_serial GLOB ? AND onu_serial <> \(canonicalSQL)
                """,
            arguments: [gponSerialGlob]
        )
        for row in rows {
            let id: Int64 = try row.decode(forColumn: "id")
            let name: String = try row.decode(forColumn: "alarm_name")
            let identity: String = try row.decode(forColumn: "identity")
            let serial: String = try row.decode(forColumn: "onu_serial")
            let canonical = GPONSerial.canonical(serial)
            var newIdentity = identity
            let prefix = "onu:" + serial
            if identity == prefix || identity.hasPrefix(prefix + "/") {
                newIdentity = "onu:" + canonical + identity.dropFirst(prefix.count)
            }
            var taken = false
            if newIdentity != identity {
                taken =
                    try Int64.fetchOne(
                        db,
                        sql: "SELECT id FROM alarms WHERE alarm_name = ? AND identity = ?",
                        arguments: [name, newIdentity]
                    ) != nil
            }
            try db.execute(
                sql: "UPDATE alarms SET onu_serial = ?, identity = ? WHERE id = ?",
                arguments: [canonical, taken ? identity : newIdentity, id]
            )
        }
    }
}
