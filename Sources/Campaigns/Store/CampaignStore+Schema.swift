internal import GRDB

extension CampaignStore {
    /// The schema, as named migrations applied in order and recorded in `grdb_migrations`.
    ///
    /// A migration never changes once shipped: a later schema change is a new migration (`v2`, …)
    /// appended here. Tables are `STRICT`, so a value of the wrong type is refused, not stored.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: v1)
        }
        migrator.registerMigration("v2-runner-leases") { db in
            try db.execute(sql: v2)
        }
        migrator.registerMigration("v3-target-counts") { db in
            try db.execute(sql: v3)
        }
        // The `${name}` values a campaign was created with (a JSON object; NULL: none), so every
        // later reading of its stored text — the runner, the server, a rollback — sees them.
        migrator.registerMigration("v4-campaign-variables") { db in
            try db.execute(sql: "ALTER TABLE campaigns ADD COLUMN variables_json TEXT")
        }
        // The campaigns each device is a target of: `create` refuses a device an open campaign
        // already targets (``CampaignStore/openOverlap(of:in:)``).
        migrator.registerMigration("v5-targets-by-device") { db in
            try db.execute(sql: "CREATE INDEX targets_by_device ON targets(device_id, campaign_id)")
        }
        // The task of an attempt a device no longer uses whose deletion (task and fault) GenieACS
        // has not confirmed yet (``TargetRecord/staleTaskID``); indexed for the runner's retries.
        migrator.registerMigration("v6-stale-tasks") { db in
            try db.execute(sql: "ALTER TABLE targets ADD COLUMN stale_task_id TEXT")
            try db.execute(
                sql: "CREATE INDEX targets_with_stale_task ON targets(campaign_id) WHERE stale_task_id IS NOT NULL"
            )
        }
        return migrator
    }

    /// Applies the migrations `path` lacks; refuses a database written by a newer ferrule.
    static func migrate(_ pool: DatabasePool, path: String) throws {
        let migrator = Self.migrator
        let unknown = try pool.read { db in
            try migrator.appliedIdentifiers(db).subtracting(migrator.migrations).sorted()
        }
        guard unknown.isEmpty else { throw CampaignStoreError.newerSchema(unknown, path: path) }
        try migrator.migrate(pool)
    }

    /// Campaigns, their frozen targets (one row per device, keyed by campaign and device) and the
    /// event log. Times are milliseconds since the epoch; enums are their raw values.
    private static let v1 = """
        CREATE TABLE campaigns (
            id TEXT NOT NULL PRIMARY KEY,
            name TEXT NOT NULL,
            kind TEXT NOT NULL,
            spec_text TEXT NOT NULL,
            spec_file TEXT NOT NULL,
            status TEXT NOT NULL,
            status_reason TEXT,
            acs_url TEXT NOT NULL,
            rollback_of TEXT REFERENCES campaigns(id),
            created_at REAL NOT NULL,
            started_at REAL,
            finished_at REAL
        ) STRICT;
        CREATE INDEX campaigns_by_created_at ON campaigns(created_at);

        CREATE TABLE targets (
            campaign_id TEXT NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
            device_id TEXT NOT NULL,
            ordinal INTEGER NOT NULL,
            state TEXT NOT NULL,
            attempts INTEGER NOT NULL,
            task_id TEXT,
            first_pushed_at REAL,
            pushed_at REAL,
            not_before REAL,
            finished_at REAL,
            error_code TEXT,
            error_message TEXT,
            changes_json TEXT,
            previous_json TEXT,
            version_before TEXT,
            updated_at REAL NOT NULL,
            PRIMARY KEY (campaign_id, device_id)
        ) STRICT;
        -- Counts per state, and the due targets of a state in ordinal order without a sort.
        CREATE INDEX targets_by_state ON targets(campaign_id, state, ordinal);
        -- The frozen list in order; a position holds one device.
        CREATE UNIQUE INDEX targets_by_ordinal ON targets(campaign_id, ordinal);

        CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            campaign_id TEXT NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
            device_id TEXT,
            at REAL NOT NULL,
            kind TEXT NOT NULL,
            detail TEXT NOT NULL
        ) STRICT;
        -- A campaign's events in insertion order (the rowid `id` is part of every index entry).
        CREATE INDEX events_by_campaign ON events(campaign_id);
        """

    /// One runner per campaign: the holder of each campaign's lease and its last heartbeat.
    private static let v2 = """
        CREATE TABLE runner_leases (
            campaign_id TEXT NOT NULL PRIMARY KEY REFERENCES campaigns(id) ON DELETE CASCADE,
            token TEXT NOT NULL,
            host TEXT NOT NULL,
            pid INTEGER NOT NULL,
            started_at REAL NOT NULL,
            heartbeat_at REAL NOT NULL
        ) STRICT;
        """

    /// The number of targets per campaign and state, kept by triggers in the same transaction as
    /// every target write: a runner reads its progress in a few rows on each cycle instead of
    /// counting a million-row index. An upsert that updates fires the update trigger only (SQLite
    /// lang_upsert.html); deletes through `ON DELETE CASCADE` fire the delete trigger.
    private static let v3 = """
        CREATE TABLE target_counts (
            campaign_id TEXT NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
            state TEXT NOT NULL,
            n INTEGER NOT NULL,
            PRIMARY KEY (campaign_id, state)
        ) STRICT, WITHOUT ROWID;
        INSERT INTO target_counts (campaign_id, state, n)
            SELECT campaign_id, state, COUNT(*) FROM targets GROUP BY campaign_id, state;
        CREATE TRIGGER targets_counted_on_insert AFTER INSERT ON targets BEGIN
            INSERT INTO target_counts (campaign_id, state, n) VALUES (NEW.campaign_id, NEW.state, 1)
                ON CONFLICT (campaign_id, state) DO UPDATE SET n = n + 1;
        END;
        CREATE TRIGGER targets_counted_on_delete AFTER DELETE ON targets BEGIN
            UPDATE target_counts SET n = n - 1 WHERE campaign_id = OLD.campaign_id AND state = OLD.state;
        END;
        CREATE TRIGGER targets_counted_on_update AFTER UPDATE OF campaign_id, state ON targets
        WHEN OLD.campaign_id IS NOT NEW.campaign_id OR OLD.state IS NOT NEW.state BEGIN
            UPDATE target_counts SET n = n - 1 WHERE campaign_id = OLD.campaign_id AND state = OLD.state;
            INSERT INTO target_counts (campaign_id, state, n) VALUES (NEW.campaign_id, NEW.state, 1)
                ON CONFLICT (campaign_id, state) DO UPDATE SET n = n + 1;
        END;
        """
}
