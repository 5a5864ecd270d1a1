import Synchronization

/// The stored rows (token, salt, salted hash) of recently presented tokens, so that a request
/// need not read `server.sqlite`. Only the row is kept: every request still hashes the presented
/// secret with the salt and compares it with the stored hash in constant time, and checks
/// revocation and expiry against the row and the clock.
///
/// An entry is used only while both hold:
/// - no connection (this process's or another's: `ferrule token revoke`, a second server on the
///   same state directory) has committed to the database since the entry was read — SQLite's
///   `PRAGMA data_version` on a connection of its own, read before the row (``TokenStore``);
/// - it is younger than ``lifetime`` (a bound that holds even if that check were wrong).
///
/// At most ``capacity`` entries: when full, stale entries are dropped, then, if still full, all.
final class TokenRowCache: Sendable {
    /// A token's row as read, with when and at which database version.
    struct Entry: Sendable {
        var token: APIToken
        var salt: String
        var hash: String
        /// `PRAGMA data_version` read before the row.
        var version: Int64
        /// Milliseconds since the epoch (the `now` of the check that read it).
        var readAt: Double
    }

    /// Milliseconds after which an entry is read again whatever the version says.
    let lifetime: Double
    /// The most entries kept.
    let capacity: Int
    private let entries = Mutex<[String: Entry]>([:])

    /// - Parameters:
    ///   - lifetime: Milliseconds an entry may be used.
    ///   - capacity: The most entries kept.
    init(lifetime: Double, capacity: Int) {
        self.lifetime = lifetime
        self.capacity = max(1, capacity)
    }

    /// The entry of `id` when it was read at `version` less than ``lifetime`` before `now`.
    /// A clock that went backwards makes an entry stale, never fresher.
    func entry(_ id: String, version: Int64, now: Double) -> Entry? {
        entries.withLock { entries in
            guard let entry = entries[id] else { return nil }
            guard entry.version == version, isFresh(entry, now: now) else {
                entries[id] = nil
                return nil
            }
            return entry
        }
    }

    /// Keeps `entry` for its token id.
    func store(_ entry: Entry) {
        entries.withLock { entries in
            if entries[entry.token.id] == nil, entries.count >= capacity {
                entries = entries.filter { isFresh($0.value, now: entry.readAt) && $0.value.version == entry.version }
                if entries.count >= capacity { entries.removeAll() }
            }
            entries[entry.token.id] = entry
        }
    }

    /// Forgets the entry of `id` (a revocation through this process).
    func remove(_ id: String) {
        _ = entries.withLock { $0.removeValue(forKey: id) }
    }

    /// How many entries are kept.
    var count: Int { entries.withLock { $0.count } }

    private func isFresh(_ entry: Entry, now: Double) -> Bool {
        let age = now - entry.readAt
        return age >= 0 && age < lifetime
    }
}
