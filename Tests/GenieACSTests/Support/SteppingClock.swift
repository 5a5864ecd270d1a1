import Synchronization

/// A `Clock` whose time moves only when the code under test sleeps on it: a sleep jumps to its
/// deadline at once, so minutes of polling run in milliseconds and every run sees the same times.
final class SteppingClock: Clock {
    struct Instant: InstantProtocol {
        /// Time since the clock started.
        var offset: Duration

        func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        func duration(to other: Instant) -> Duration { other.offset - offset }
        static func < (a: Instant, b: Instant) -> Bool { a.offset < b.offset }
    }

    /// Milliseconds since the epoch at the start: the in-memory GenieACS's time is this plus ``elapsed``.
    let epochStart: Int64
    private let state = Mutex((elapsed: Duration.zero, sleeps: 0))

    init(epochStart: Int64 = 1_796_601_600_000) { self.epochStart = epochStart }

    var now: Instant { Instant(offset: state.withLock { $0.elapsed }) }
    var minimumResolution: Duration { .milliseconds(1) }

    /// Time slept so far.
    var elapsed: Duration { state.withLock { $0.elapsed } }
    /// How many times the code under test slept.
    var sleeps: Int { state.withLock { $0.sleeps } }

    /// The time for the in-memory GenieACS, milliseconds since the epoch.
    func epochMilliseconds() -> Int64 {
        let (seconds, attoseconds) = elapsed.components
        return epochStart + seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }

    func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        try Task.checkCancellation()
        state.withLock {
            $0.elapsed = max($0.elapsed, deadline.offset)
            $0.sleeps += 1
        }
    }
}
