import Foundation
import Testing

@testable import FerruleServer

/// The per-request state of the authentication and rate limit middlewares is bounded by
/// construction: at most its capacity, the least recently used entry forgotten first, never a
/// rescan or a wipe of the whole table.
@Suite("ferrule serve: bounded per-request state")
struct BoundedRequestStateTests {
    @Test("last use: at most its capacity; a new token past it forgets only the oldest, not every recent one")
    func lastUseBounded() {
        let recorder = LastUseRecorder(capacity: 100)
        for id in 0..<100 { #expect(recorder.isDue("t\(id)", now: 0)) }
        #expect(recorder.isDue("new", now: 1))
        #expect(recorder.count == 100)
        // Recorded a moment ago: not due (a wipe of the table would make it due, and written again).
        #expect(!recorder.isDue("t99", now: 2))
        #expect(!recorder.isDue("new", now: 2))
        // The oldest was forgotten to make room: due again.
        #expect(recorder.isDue("t0", now: 3))
        for id in 0..<10_000 { _ = recorder.isDue("flood\(id)", now: 4) }
        #expect(recorder.count == 100)
        // A minute later every token is due again.
        #expect(recorder.isDue("flood9999", now: 4 + LastUseRecorder.interval))
    }

    @Test("rate buckets: at most their capacity; a new caller past it does not refill every other caller's bucket")
    func bucketsBounded() {
        let start = ContinuousClock.now
        // 0.001/s: nothing refills during the test.
        let buckets = TokenBuckets(ratePerSecond: 0.001, burst: 2, capacity: 100)
        for key in 0..<100 { #expect(buckets.take("k\(key)", now: start) == nil) }
        #expect(buckets.take("new", now: start) == nil)
        #expect(buckets.count == 100)
        // k99 spent one of its two: one more, then refused (emptying the table would give it two).
        #expect(buckets.take("k99", now: start) == nil)
        #expect(buckets.take("k99", now: start) != nil, "k99's bucket was kept, not reset")
        for key in 0..<10_000 { _ = buckets.take("flood\(key)", now: start) }
        #expect(buckets.count == 100)
    }
}
