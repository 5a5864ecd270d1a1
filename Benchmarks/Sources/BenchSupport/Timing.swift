// Timing shared by the benchmark programs: a monotonic clock and median/best of N timed runs
// after one warm-up run.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// CLOCK_MONOTONIC in nanoseconds.
public func monotonicNanoseconds() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}

/// Runs `body` once to warm up, then `runs` times (at least once); the median and best in ms.
public func measure(_ runs: Int, _ body: () throws -> Void) rethrows -> (median: Double, best: Double) {
    var times: [Double] = []
    try body()
    for _ in 0..<max(runs, 1) {
        let start = monotonicNanoseconds()
        try body()
        times.append(Double(monotonicNanoseconds() - start) / 1e6)
    }
    times.sort()
    return (times[times.count / 2], times[0])
}
