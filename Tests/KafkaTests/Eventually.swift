/// Polls `check` every `interval` until it answers a value, at most `timeout`: how the end-to-end
/// tests wait for observable state (a store row, the stand-in's state), with a bound and no sleep
/// standing in for synchronisation.
///
/// - Throws: ``ProbeError`` naming `what` (and the last answer's description, when `last` gives
///   one) when the deadline passes.
@discardableResult
func eventually<T>(
    _ what: String,
    within timeout: Duration = .seconds(120),
    every interval: Duration = .milliseconds(100),
    last: (() async -> String)? = nil,
    _ check: () async throws -> T?
) async throws -> T {
    let deadline = ContinuousClock.now + timeout
    while true {
        if let value = try await check() { return value }
        guard ContinuousClock.now < deadline else {
            let detail = await last?() ?? ""
            throw ProbeError("\(what) did not happen within \(timeout)" + (detail.isEmpty ? "" : ": \(detail)"))
        }
        try await Task.sleep(for: interval)  // polls the condition, with a deadline
    }
}
