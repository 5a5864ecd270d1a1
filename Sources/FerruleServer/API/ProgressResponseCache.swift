import HTTPTypes
import Synchronization

/// The answers of recent schedule progress GETs as written (status, headers, body bytes), so a
/// client polling a schedule that did not change gets the same bytes again without four store
/// reads and a `JSONEncoder` pass over every result (``ProgressCacheMiddleware``).
///
/// An entry is used only while all of these hold:
/// - nothing was committed to the tenant's campaign store or job store since the versions were
///   read, which was before the answer's own reads (``TenantStoreChanges``): a runner's step, a
///   cancel, another process's write all make the next GET read afresh;
/// - the clock is before ``Entry/validUntil``: a schedule answered as `pending` before its
///   `scheduled_at` is read again once that time has come (its status becomes `queued` with no
///   write);
/// - it is younger than ``lifetime`` (a bound that holds even if the version check were wrong).
///
/// At most ``capacity`` entries and ``byteBudget`` body bytes in all; when full it starts afresh.
final class ProgressResponseCache: Sendable {
    /// One answer as written.
    struct Entry: Sendable {
        /// The store versions read before the answer was made.
        var versions: TenantStoreChanges.Versions
        /// Milliseconds since the epoch when it was made (the clock of the request).
        var madeAt: Double
        /// The first time (milliseconds since the epoch) at which the same stored state gives
        /// another answer; infinity when only a write changes it.
        var validUntil: Double
        var response: HTTPResponse
        var body: [UInt8]
    }

    /// Milliseconds an entry may be used at most.
    let lifetime: Double
    /// The most entries kept.
    let capacity: Int
    /// The most body bytes kept in all; a larger answer is never kept.
    let byteBudget: Int
    private let state = Mutex<(entries: [String: Entry], bytes: Int)>(([:], 0))

    init(lifetime: Double = 5_000, capacity: Int = 256, byteBudget: Int = 8 << 20) {
        self.lifetime = lifetime
        self.capacity = max(1, capacity)
        self.byteBudget = max(0, byteBudget)
    }

    /// The entry for `key` when it was made at `versions` and is still valid at `now`.
    /// A clock that went backwards makes an entry stale, never fresher.
    func entry(_ key: String, versions: TenantStoreChanges.Versions, now: Double) -> Entry? {
        state.withLock { state in
            guard let entry = state.entries[key] else { return nil }
            let age = now - entry.madeAt
            guard entry.versions == versions, now < entry.validUntil, age >= 0, age < lifetime else {
                state.entries[key] = nil
                state.bytes -= entry.body.count
                return nil
            }
            return entry
        }
    }

    /// Keeps `entry` for `key` (not when its body alone exceeds ``byteBudget``).
    func store(_ key: String, _ entry: Entry) {
        guard entry.body.count <= byteBudget else { return }
        state.withLock { state in
            if let old = state.entries.removeValue(forKey: key) { state.bytes -= old.body.count }
            if state.entries.count >= capacity || state.bytes + entry.body.count > byteBudget {
                state = ([:], 0)
            }
            state.entries[key] = entry
            state.bytes += entry.body.count
        }
    }

    /// How many answers are kept.
    var count: Int { state.withLock { $0.entries.count } }
}
