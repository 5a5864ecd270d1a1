/// Whether anything was committed to a tenant's campaign store (`campaigns.sqlite`) or its store
/// of schedules and jobs (`api-jobs.sqlite`): SQLite's `PRAGMA data_version` of each file, read on
/// connections of their own (``DatabaseChangeCounter``). The runner's writes, another request's,
/// and another process's (`ferrule campaign cancel`) all change it.
final class TenantStoreChanges: Sendable {
    /// Both files' versions at one moment: equal readings mean nothing was committed to either
    /// file in between.
    struct Versions: Sendable, Hashable {
        var campaigns: Int64
        var jobs: Int64
    }

    private let campaigns: DatabaseChangeCounter
    private let jobs: DatabaseChangeCounter

    /// Opens a read-only connection to each file (both must exist).
    init(campaigns: String, jobs: String) throws {
        self.campaigns = try DatabaseChangeCounter(path: campaigns)
        self.jobs = try DatabaseChangeCounter(path: jobs)
    }

    /// The versions now; nil when either cannot be read (then nothing may be reused).
    func versions() -> Versions? {
        guard let campaigns = try? campaigns.version(), let jobs = try? jobs.version() else { return nil }
        return Versions(campaigns: campaigns, jobs: jobs)
    }
}
