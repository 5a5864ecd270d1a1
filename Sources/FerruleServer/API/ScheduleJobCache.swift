import FerruleJSON
import HTTPTypes
import Synchronization

/// What an answer made afresh by ``ProgressCacheMiddleware`` can take again from the previous one
/// of the same schedule: the schedule's row (its request as stored, parsed), kept while nothing
/// was committed to the tenant's `api-jobs.sqlite` since the version read before the row was
/// (``TenantStoreChanges``), and the `schedule` object's bytes as the generated server's encoder
/// wrote them, given again only for an equal object. The campaign (status, counts, results) is
/// read afresh for every such answer: while a campaign runs, only its own store is committed to,
/// so each poll costs one store read instead of two and no `JSONEncoder` pass.
///
/// At most ``capacity`` schedules; when full it starts afresh.
final class ScheduleJobCache: Sendable {
    /// One schedule's row and last `schedule` object.
    struct Entry: Sendable {
        /// `data_version` of the tenant's `api-jobs.sqlite` read before `job` was.
        var version: Int64
        var job: SeedJobStore.Job
        /// `job.request`, parsed.
        var request: JSONValue
        /// The last `schedule` object written, its bytes and the header fields the encoder set.
        var written: (schedule: Components.Schemas.FirmwareUpgradeSchedule, bytes: [UInt8], fields: HTTPFields)?
    }

    /// The most schedules kept.
    let capacity: Int
    private let entries = Mutex<[String: Entry]>([:])

    init(capacity: Int = 256) { self.capacity = max(1, capacity) }

    /// The entry of `key` when its row was read at `version` (the file's version now).
    func entry(_ key: String, version: Int64) -> Entry? {
        entries.withLock { entries in
            guard let entry = entries[key] else { return nil }
            guard entry.version == version else {
                entries[key] = nil
                return nil
            }
            return entry
        }
    }

    /// Keeps `entry` for `key`.
    func store(_ key: String, _ entry: Entry) {
        entries.withLock { entries in
            if entries[key] == nil, entries.count >= capacity { entries.removeAll() }
            entries[key] = entry
        }
    }

    /// How many schedules are kept.
    var count: Int { entries.withLock { $0.count } }
}
