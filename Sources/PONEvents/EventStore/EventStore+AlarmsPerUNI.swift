internal import GRDB

extension EventStore {
    /// Migration `v4-alarms-per-uni`: the alarms a store written before ``AlarmKey`` told UNIs apart
    /// holds for openonu UNI alarms (`ONU_Ethernet_UNI`, circuit-pack `ONU_EQUIPMENT`, …) get the
    /// identity the new key gives them, `<identity>/uni-<n>`, so the next raise or clear of that
    /// UNI updates the same alarm instead of leaving it active for ever next to a new one.
    ///
    /// The UNI is read from the alarm's stored context: the event that last raised it (or, for an
    /// alarm only ever cleared, its clear). Before, one alarm stood for every UNI of the ONU, so it
    /// goes to the UNI of that raise; the other UNIs get alarms of their own with their next event.
    /// Each old identity maps to one new identity the old version never wrote: no key collides.
    static func v4AlarmsPerUNI(_ db: Database) throws {
        let rows = try Row.fetchCursor(
            db,
            sql: "SELECT id, identity, context_json FROM alarms WHERE context_json LIKE '%\"onu-intf-id\"%'"
        )
        var renamed: [(id: Int64, identity: String)] = []
        while let row = try rows.next() {
            let context = EventRows.storedContext(try row.decode(forColumn: "context_json")).map
            guard let uni = PONEventIdentity.uni(context: context) else { continue }
            let identity: String = try row.decode(forColumn: "identity")
            renamed.append((try row.decode(forColumn: "id"), AlarmKey.scoped(identity, uni: uni)))
        }
        for alarm in renamed {
            try db.execute(
                sql: "UPDATE alarms SET identity = ? WHERE id = ?",
                arguments: [alarm.identity, alarm.id]
            )
        }
    }
}
