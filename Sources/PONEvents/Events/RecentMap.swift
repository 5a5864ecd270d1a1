/// A dictionary that keeps at most `capacity` entries, forgetting the least recently written one
/// first: the bounded memory of the deduplicator, the storm detector and the debouncer.
///
/// Writes append to an order queue; entries rewritten later leave stale queue slots that are
/// skipped, and the queue is compacted when it grows past twice the capacity, so every operation
/// is amortised O(1) and memory is O(capacity).
package struct RecentMap<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    package let capacity: Int
    private var entries: [Key: (value: Value, stamp: UInt64)] = [:]
    private var order: [(key: Key, stamp: UInt64)] = []
    private var head = 0
    private var stamp: UInt64 = 0

    package init(capacity: Int) { self.capacity = max(1, capacity) }

    /// The entries held (at most `capacity`).
    package var count: Int { entries.count }

    package subscript(key: Key) -> Value? { entries[key]?.value }

    /// Writes `value` under `key`, making it the most recent; forgets the oldest entries over the cap.
    package mutating func set(_ key: Key, _ value: Value) {
        stamp += 1
        entries[key] = (value, stamp)
        order.append((key, stamp))
        while entries.count > capacity, let oldest = popOldest() { entries[oldest.key] = nil }
        compactIfNeeded()
    }

    /// Changes `key`'s value without making it more recent; nothing when absent.
    package mutating func update(_ key: Key, _ value: Value) {
        guard let current = entries[key] else { return }
        entries[key] = (value, current.stamp)
    }

    /// Forgets `key` (its queue slot turns stale and is skipped).
    package mutating func remove(_ key: Key) { entries[key] = nil }

    /// Forgets `key` and returns its value: the caller owns it alone, so changing it copies
    /// nothing (a value read with the subscript and changed while the map still holds it is copied
    /// whole: for a map of maps, the inner one).
    package mutating func take(_ key: Key) -> Value? { entries.removeValue(forKey: key)?.value }

    /// Changes `key`'s value in place, without making it more recent; nil when absent.
    @discardableResult
    package mutating func modify<Result>(_ key: Key, _ body: (inout Value) -> Result) -> Result? {
        // Taken out while it changes, so that it is not shared (and copied) with the dictionary.
        guard var entry = entries.removeValue(forKey: key) else { return nil }
        let result = body(&entry.value)
        entries[key] = entry
        return result
    }

    /// The oldest live entry, without removing it (stale queue slots in front are dropped).
    mutating func oldest() -> (key: Key, value: Value)? {
        while head < order.count {
            let slot = order[head]
            if let entry = entries[slot.key], entry.stamp == slot.stamp { return (slot.key, entry.value) }
            head += 1
        }
        return nil
    }

    /// Removes the oldest entries while `predicate` holds for them (entries written in time order
    /// expire from the front).
    mutating func removeOldest(while predicate: (Key, Value) -> Bool) {
        while let first = oldest(), predicate(first.key, first.value) {
            entries[first.key] = nil
        }
        compactIfNeeded()
    }

    private mutating func popOldest() -> (key: Key, value: Value)? {
        while head < order.count {
            let slot = order[head]
            head += 1
            if let entry = entries[slot.key], entry.stamp == slot.stamp { return (slot.key, entry.value) }
        }
        return nil
    }

    private mutating func compactIfNeeded() {
        guard order.count > 2 * capacity + 64 else { return }
        order = order[head...].filter { entries[$0.key]?.stamp == $0.stamp }
        head = 0
    }
}
