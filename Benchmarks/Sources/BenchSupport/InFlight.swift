// The "N requests, C in flight" run of the client benchmarks (nbi-bench, voltha-bench), timed.

/// What ``runInFlight(_:concurrency:_:)`` measured.
public struct InFlightRun: Sendable {
    /// The sum of the operations' results.
    public var sum: Int
    /// Wall time of the whole run, in seconds.
    public var seconds: Double
    /// This process's CPU time (user + system) during the run, in seconds.
    public var cpuSeconds: Double
}

/// Runs `operation(0)` … `operation(count - 1)` with at most `concurrency` running at once (the next
/// one starts as soon as one ends): the sum of their results, the wall time and the CPU time.
public func runInFlight(
    _ count: Int,
    concurrency: Int,
    _ operation: @escaping @Sendable (Int) async throws -> Int
) async throws -> InFlightRun {
    let cpuBefore = processUsage().cpu
    let start = monotonicNanoseconds()
    let sum = try await withThrowingTaskGroup(of: Int.self) { group in
        var next = 0
        var sum = 0
        func add() {
            let index = next
            next += 1
            group.addTask { try await operation(index) }
        }
        for _ in 0..<min(concurrency, count) { add() }
        while let result = try await group.next() {
            sum += result
            if next < count { add() }
        }
        return sum
    }
    return InFlightRun(
        sum: sum,
        seconds: Double(monotonicNanoseconds() - start) / 1e9,
        cpuSeconds: processUsage().cpu - cpuBefore
    )
}
