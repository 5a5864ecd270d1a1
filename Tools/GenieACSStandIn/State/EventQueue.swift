/// Timed work for the simulated CPEs, in one min-heap: 100,000 devices need no timer each, only an entry here
/// (periodic informs, session starts and ends, TransferCompletes, download timeouts).
struct EventQueue: Sendable {
    enum Kind: Sendable, Hashable {
        case periodicInform
        case sessionStart
        case sessionEnd
        /// The CPE sends TransferComplete for the operation with this id (GenieACS 1.2.16 lib/cwmp.ts:334-354;
        /// lib/cwmp/db.ts:707-725).
        case transferComplete(String)
        /// `cwmp.downloadTimeout` has passed for the operation with this id (GenieACS 1.2.16 lib/session.ts:428-437).
        case downloadTimeout(String)
    }

    struct Event: Sendable {
        var due: Int64
        var seq: UInt64
        var device: Int
        var kind: Kind

        func precedes(_ other: Event) -> Bool { due != other.due ? due < other.due : seq < other.seq }
    }

    private var heap: [Event] = []
    private var seq: UInt64 = 0

    var count: Int { heap.count }
    var nextDue: Int64? { heap.first?.due }

    mutating func push(at due: Int64, device: Int, _ kind: Kind) {
        heap.append(Event(due: due, seq: seq, device: device, kind: kind))
        seq += 1
        var i = heap.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard heap[i].precedes(heap[parent]) else { break }
            heap.swapAt(i, parent)
            i = parent
        }
    }

    /// The earliest event due at or before `now`, removed.
    mutating func popDue(_ now: Int64) -> Event? {
        guard let first = heap.first, first.due <= now else { return nil }
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            var i = 0
            while true {
                let l = 2 * i + 1
                let r = l + 1
                var m = i
                if l < heap.count, heap[l].precedes(heap[m]) { m = l }
                if r < heap.count, heap[r].precedes(heap[m]) { m = r }
                if m == i { break }
                heap.swapAt(i, m)
                i = m
            }
        }
        return first
    }
}
