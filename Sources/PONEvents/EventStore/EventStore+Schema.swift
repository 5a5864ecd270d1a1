internal import GRDB

extension EventStore {
    /// The schema, as named migrations applied in order and recorded in `grdb_migrations`.
    ///
    /// A migration never changes once shipped: a later schema change is a new migration appended
    /// here. Tables are `STRICT`, so a value of the wrong type is refused, not stored.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in try db.execute(sql: v1) }
        migrator.registerMigration("v2-writer-lease") { db in try db.execute(sql: v2WriterLease) }
        migrator.registerMigration("v3-storms") { db in try db.execute(sql: v3Storms) }
        migrator.registerMigration("v4-alarms-per-uni") { db in try v4AlarmsPerUNI(db) }
        migrator.registerMigration("v5-action-attempts") { db in try db.execute(sql: v5ActionAttempts) }
        migrator.registerMigration("v6-canonical-serials") { db in try v6CanonicalSerials(db) }
        migrator.registerMigration("v7-action-operator") { db in try db.execute(sql: v7ActionOperator) }
        // No table changes: events may now come from the source kind `storm-end`
        // (EventSourcePosition.stormEnd), which builds before this one cannot read. Marking the
        // store makes them refuse it as written by a newer ferrule, at open, instead of failing
        // on such a row in the middle of a listing. Existing stores read as before.
        migrator.registerMigration("v8-storm-end-source") { _ in }
        migrator.registerMigration("v9-action-keys") { db in try db.execute(sql: v9ActionKeys) }
        migrator.registerMigration("v10-open-outages") { db in try db.execute(sql: v10OpenOutages) }
        migrator.registerMigration("v11-events-by-header-id") { db in try db.execute(sql: v11EventsByHeaderID) }
        return migrator
    }

    /// Applies the migrations `path` lacks; refuses a database written by a newer ferrule.
    static func migrate(_ pool: DatabasePool, path: String) throws {
        let migrator = Self.migrator
        let unknown = try pool.read { db in
            try migrator.appliedIdentifiers(db).subtracting(migrator.migrations).sorted()
        }
        guard unknown.isEmpty else {
            throw EventStoreError(
                .newerSchema,
                path: path,
                operation: "open",
                detail: "written by a newer ferrule (unknown migrations: \(unknown.joined(separator: ", ")))"
            )
        }
        try migrator.migrate(pool)
    }

    /// Events (with the position each was read from), alarms and the outbox. Times are
    /// milliseconds since the epoch; ids are AUTOINCREMENT so a pruned id is never reused.
    private static let v1 = """
        CREATE TABLE events (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL,
            alarm_name TEXT NOT NULL,
            kind TEXT NOT NULL,
            phase TEXT NOT NULL,
            header_id TEXT NOT NULL,
            category TEXT NOT NULL,
            sub_category TEXT NOT NULL,
            resource_id TEXT NOT NULL,
            olt_device_id TEXT,
            onu_device_id TEXT,
            onu_serial TEXT,
            olt_serial TEXT,
            pon_interface INTEGER,
            onu_number INTEGER,
            raised_at REAL,
            reported_at REAL,
            at REAL NOT NULL,
            recorded_at REAL NOT NULL,
            description TEXT NOT NULL,
            context_json TEXT NOT NULL,
            alarm_id INTEGER,
            source_kind TEXT NOT NULL,
            source_name TEXT NOT NULL,
            source_partition INTEGER NOT NULL,
            source_offset INTEGER NOT NULL,
            fingerprint TEXT NOT NULL
        ) STRICT;
        -- Duplicate detection: has this position been recorded?
        CREATE INDEX events_by_position ON events(source_kind, source_name, source_partition, source_offset);
        -- Retention by age, oldest first.
        CREATE INDEX events_by_recorded_at ON events(recorded_at);
        -- Filters; each entry ends in the rowid, so a filtered page comes out newest first.
        CREATE INDEX events_by_resource ON events(resource_id);
        CREATE INDEX events_by_onu_device ON events(onu_device_id);
        CREATE INDEX events_by_olt ON events(olt_device_id, pon_interface);
        CREATE INDEX events_by_serial ON events(onu_serial);
        CREATE INDEX events_by_alarm_name ON events(alarm_name);
        CREATE INDEX events_by_kind ON events(kind);
        -- Time ranges (the event's own time).
        CREATE INDEX events_by_at ON events(at);

        CREATE TABLE alarms (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            alarm_name TEXT NOT NULL,
            identity TEXT NOT NULL,
            state TEXT NOT NULL,
            severity TEXT NOT NULL,
            category TEXT NOT NULL,
            sub_category TEXT NOT NULL,
            resource_id TEXT NOT NULL,
            olt_device_id TEXT,
            onu_device_id TEXT,
            onu_serial TEXT,
            pon_interface INTEGER,
            onu_number INTEGER,
            description TEXT NOT NULL,
            context_json TEXT NOT NULL,
            raised_at REAL,
            changed_at REAL NOT NULL,
            cleared_at REAL,
            raise_count INTEGER NOT NULL,
            clear_count INTEGER NOT NULL,
            last_event_id INTEGER NOT NULL,
            acknowledged_by TEXT,
            acknowledged_at REAL,
            acknowledge_note TEXT,
            cleared_by TEXT,
            operator_cleared_at REAL,
            clear_note TEXT
        ) STRICT;
        CREATE UNIQUE INDEX alarms_by_key ON alarms(alarm_name, identity);
        -- Totals per state, retention of old cleared alarms.
        CREATE INDEX alarms_by_state ON alarms(state, changed_at);
        -- Pages newest change first.
        CREATE INDEX alarms_by_changed_at ON alarms(changed_at);
        CREATE INDEX alarms_by_severity ON alarms(severity, state);
        CREATE INDEX alarms_by_resource ON alarms(resource_id);
        CREATE INDEX alarms_by_onu_device ON alarms(onu_device_id);
        CREATE INDEX alarms_by_olt ON alarms(olt_device_id, pon_interface);
        CREATE INDEX alarms_by_serial ON alarms(onu_serial);

        CREATE TABLE actions (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            event_id INTEGER NOT NULL,
            key TEXT NOT NULL,
            payload BLOB NOT NULL,
            created_at REAL NOT NULL,
            status TEXT,
            detail TEXT,
            done_at REAL
        ) STRICT;
        -- Pending actions in queue order; finished ones by age for retention.
        CREATE INDEX actions_pending ON actions(id) WHERE status IS NULL;
        CREATE INDEX actions_done ON actions(done_at) WHERE status IS NOT NULL;
        """

    /// The failed attempts of a pending action, so its bound holds across restarts.
    private static let v5ActionAttempts = """
        ALTER TABLE actions ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
        """

    /// What an operator sees of the outbox (`ferrule events actions`): the reason of a pending
    /// action's last retryable failure, and the action a retry queued in a finished one's place.
    private static let v7ActionOperator = """
        ALTER TABLE actions ADD COLUMN last_failure TEXT;
        ALTER TABLE actions ADD COLUMN retried_as INTEGER;
        """

    /// Actions by key, so that an event recorded twice (the same record at two offsets: kafka-onos's
    /// producer retries without idempotence) plans no action whose key the outbox already holds.
    /// Not unique: a retry (``EventStore/retryAction(_:by:note:unlessHeld:timeout:)``) queues the same key again.
    private static let v9ActionKeys = """
        CREATE INDEX actions_by_key ON actions(key);
        """

    /// The same event delivered again at another position (a producer's retry after a lost
    /// acknowledgement) is found by its header id and fingerprint (``EventStore/record(_:source:actions:storms:)``).
    private static let v11EventsByHeaderID = """
        CREATE INDEX events_by_header_id ON events(header_id);
        """

    /// The outages storms began that outlived them (``PONStormChange/outageOpened(_:)``): the storm
    /// as it ended and the ONUs still down (JSON lists of the detector's ONU keys, at most
    /// ``PONStormSettings/maxONUsPerPort`` each), written with the event that changed them, so that a
    /// restarted consumer still sends `pon_up` when those ONUs come back.
    private static let v10OpenOutages = """
        CREATE TABLE open_outages (
            olt_device_id TEXT NOT NULL,
            pon_interface INTEGER NOT NULL,
            started_at REAL NOT NULL,
            ended_at REAL NOT NULL,
            raises INTEGER NOT NULL,
            onus_json TEXT NOT NULL,
            down_json TEXT NOT NULL,
            PRIMARY KEY (olt_device_id, pon_interface)
        ) STRICT;
        """

    /// One consumer-plus-executor per store (`ferrule events run`): the holder of the writer lease
    /// and its last heartbeat; at most one row.
    private static let v2WriterLease = """
        CREATE TABLE writer_lease (
            name TEXT PRIMARY KEY,
            token TEXT NOT NULL,
            host TEXT NOT NULL,
            pid INTEGER NOT NULL,
            started_at REAL NOT NULL,
            heartbeat_at REAL NOT NULL
        ) STRICT;
        """

    /// The storms in progress on each PON port (``PONStormChange``), written with the event that
    /// raised or ended them: a restarted consumer goes on with the same storm.
    private static let v3Storms = """
        CREATE TABLE storms (
            olt_device_id TEXT NOT NULL,
            pon_interface INTEGER NOT NULL,
            started_at REAL NOT NULL,
            last_raise REAL NOT NULL,
            PRIMARY KEY (olt_device_id, pon_interface)
        ) STRICT;
        """
}
