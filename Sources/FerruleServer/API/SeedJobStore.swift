import FerruleStore
import Foundation
import GRDB

/// The DotMac-shaped side of firmware schedules and mass-configuration jobs: the request as sent,
/// its UUID, and the campaign that runs it (none for a dry run).
///
/// The campaign itself (targets, progress, events) is in the tenant's ``Campaigns/CampaignStore``;
/// this store only keeps what the DotMac responses echo and the campaign file cannot hold (a name
/// with spaces, the filter as sent, a dry run's preview). One SQLite file per tenant, WAL,
/// owner-only.
final class SeedJobStore: Sendable {
    /// One schedule or job.
    struct Job: Sendable, Hashable, Codable, FetchableRecord, PersistableRecord {
        static let databaseTableName = "seed_jobs"
        /// The UUID DotMac clients see (`schedule_id`, `job_id`).
        var id: String
        /// `firmware` or `mass-config`.
        var kind: String
        /// The campaign running it; nil for a dry run.
        var campaignID: String?
        /// The request body as received (JSON text).
        var request: String
        var dryRun: Bool
        /// A dry run's matched device ids (JSON array text).
        var preview: String?
        /// Devices matched when it was created.
        var totalDevices: Int
        /// `cancelled` for a cancelled dry run; nil otherwise (the campaign's status applies).
        var status: String?
        /// Milliseconds since the epoch.
        var createdAt: Double
        var completedAt: Double?
    }

    private let queue: DatabaseQueue

    /// Opens (and creates) the store at `path`.
    init(path: String) throws {
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent,
            withIntermediateDirectories: true
        )
        do {
            try StateFileProbe.check(path)
        } catch {
            throw TokenStoreError(path: path, operation: "open", detail: error.reason(store: "API job store"))
        }
        var configuration = Configuration()
        configuration.label = "ferrule.seed-jobs"
        configuration.busyMode = .timeout(10)
        queue = try DatabaseQueue(path: path, configuration: configuration)
        try? FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: Job.databaseTableName) { t in
                t.primaryKey("id", .text)
                t.column("kind", .text).notNull()
                t.column("campaignID", .text)
                t.column("request", .text).notNull()
                t.column("dryRun", .boolean).notNull()
                t.column("preview", .text)
                t.column("totalDevices", .integer).notNull()
                t.column("status", .text)
                t.column("createdAt", .double).notNull()
                t.column("completedAt", .double)
            }
            try db.create(index: "seed_jobs_kind", on: Job.databaseTableName, columns: ["kind", "createdAt"])
        }
        try migrator.migrate(queue)
    }

    func insert(_ job: Job) async throws {
        try await queue.write { db in try job.insert(db) }
    }

    func update(_ job: Job) async throws {
        try await queue.write { db in try job.update(db) }
    }

    /// The job of `kind` with this id, nil when there is none.
    func job(_ id: String, kind: String) async throws -> Job? {
        // A prepared statement kept on the connection and the row read by index: the query
        // interface built and authorised its SQL afresh and decoded the row through `Codable`
        // on every progress GET.
        try await queue.read { db in
            let statement = try db.cachedStatement(
                sql: "SELECT id, kind, campaignID, request, dryRun, preview, totalDevices, status, createdAt, "
                    + "completedAt FROM seed_jobs WHERE id = ? AND kind = ?"
            )
            guard let row = try Row.fetchOne(statement, arguments: [id, kind]) else { return nil }
            return Job(
                id: try row.decode(String.self, atIndex: 0),
                kind: try row.decode(String.self, atIndex: 1),
                campaignID: try row.decode(String?.self, atIndex: 2),
                request: try row.decode(String.self, atIndex: 3),
                dryRun: try row.decode(Bool.self, atIndex: 4),
                preview: try row.decode(String?.self, atIndex: 5),
                totalDevices: try row.decode(Int.self, atIndex: 6),
                status: try row.decode(String?.self, atIndex: 7),
                createdAt: try row.decode(Double.self, atIndex: 8),
                completedAt: try row.decode(Double?.self, atIndex: 9)
            )
        }
    }

    /// Every job of `kind`, newest first (the last inserted first among equal times).
    func jobs(kind: String) async throws -> [Job] {
        try await queue.read { db in
            try Job.filter(Column("kind") == kind).order(Column("createdAt").desc, Column.rowID.desc).fetchAll(db)
        }
    }

    /// A page of the jobs of `kind` in the order of ``jobs(kind:)`` (at most `limit`, after passing
    /// over `offset`, walked in the `seed_jobs_kind` index), and how many there are, read together.
    func jobs(kind: String, limit: Int, offset: Int) async throws -> (jobs: [Job], total: Int) {
        try await queue.read { db in
            let matching = Job.filter(Column("kind") == kind)
            let total = try matching.fetchCount(db)
            guard limit > 0 else { return ([], total) }
            let page = try matching.order(Column("createdAt").desc, Column.rowID.desc)
                .limit(limit, offset: max(0, offset))
                .fetchAll(db)
            return (page, total)
        }
    }
}
