import Foundation

/// A min-heap of (key, deadline): the timers of the storm detector and the debouncer, driven by
/// event time. Push and pop are O(log n); holders keep at most one deadline per key, so n is
/// bounded by what they remember.
struct DeadlineHeap<Key: Sendable>: Sendable {
    private var items: [(key: Key, at: Date)] = []

    var count: Int { items.count }

    mutating func push(_ key: Key, at: Date) {
        items.append((key, at))
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard items[child].at < items[parent].at else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    /// Removes and returns the earliest deadline.
    mutating func pop() -> (key: Key, at: Date)? {
        guard !items.isEmpty else { return nil }
        items.swapAt(0, items.count - 1)
        let first = items.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < items.count, items[left].at < items[smallest].at { smallest = left }
            if right < items.count, items[right].at < items[smallest].at { smallest = right }
            guard smallest != parent else { break }
            items.swapAt(parent, smallest)
            parent = smallest
        }
        return first
    }

    /// Removes and returns every deadline at or before `now`, earliest first (a holder may push new,
    /// later deadlines while it handles them).
    mutating func popDue(_ now: Date) -> [(key: Key, at: Date)] {
        var due: [(key: Key, at: Date)] = []
        while let head = items.first, head.at <= now, let item = pop() { due.append(item) }
        return due
    }
}
