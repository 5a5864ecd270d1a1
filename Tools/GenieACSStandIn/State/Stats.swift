import FerruleJSON

/// Counters shown by `GET /_standin/stats` (not part of GenieACS).
struct Stats: Sendable {
    var requests = 0
    /// NBI requests by method and route, ids replaced by `{id}` (`POST /devices/{id}/tasks`).
    var calls: [String: Int] = [:]
    var responses: [Int: Int] = [:]
    /// GenieACS 1.2.16 lib/server.ts:89-100, bin/genieacs-nbi.ts:75-83 worker crashes (dropped connections), by
    /// GenieACS's error message.
    var crashes: [String: Int] = [:]
    var tasksCreated: [String: Int] = [:]
    var tasksCompleted = 0
    var tasksExpired = 0
    var faultsRecorded = 0
    var faultRetries = 0
    var sessions = 0
    var connectionRequests = 0
    var connectionRequestFailures = 0
    var downloadsStarted = 0
    var downloadsSucceeded = 0
    var downloadsFailed = 0
    var downloadsTimedOut = 0

    var crashCount: Int { crashes.values.reduce(0, +) }

    func json(collections: [(String, Int)]) -> JSONValue {
        func counts<K>(_ d: [K: Int], _ key: (K) -> String) -> JSONValue {
            .object(d.map { (key($0.key), JSONValue.int($0.value)) }.sorted { $0.0 < $1.0 })
        }
        return .object([
            ("requests", .int(requests)),
            ("responses", counts(responses) { String($0) }),
            ("calls", counts(calls) { $0 }),
            ("crashes", .int(crashCount)),
            ("crashReasons", counts(crashes) { $0 }),
            ("tasksCreated", counts(tasksCreated) { $0 }),
            ("tasksCompleted", .int(tasksCompleted)),
            ("tasksExpired", .int(tasksExpired)),
            ("faultsRecorded", .int(faultsRecorded)),
            ("faultRetries", .int(faultRetries)),
            ("sessions", .int(sessions)),
            ("connectionRequests", .int(connectionRequests)),
            ("connectionRequestFailures", .int(connectionRequestFailures)),
            (
                "downloads",
                .object([
                    ("started", .int(downloadsStarted)), ("succeeded", .int(downloadsSucceeded)),
                    ("failed", .int(downloadsFailed)), ("timedOut", .int(downloadsTimedOut)),
                ])
            ),
            ("collections", .object(collections.map { ($0.0, JSONValue.int($0.1)) })),
        ])
    }

    /// The key of ``calls`` for a request: the first path segment when it is one of GenieACS's route prefixes
    /// (`other` when not), the segments after it as `{id}` except the fixed words of lib/nbi.ts's routes.
    static func callKey(method: String, path: String) -> String {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        guard let first = segments.first, routePrefixes.contains(String(first)) else { return method + " other" }
        var key = method + " /" + first
        for (i, segment) in segments.dropFirst().prefix(3).enumerated() {
            key += i == 1 && ["tasks", "tags", "retry"].contains(segment) ? "/" + segment : "/{id}"
        }
        return key
    }

    private static let routePrefixes: Set<String> =
        Set(StandInState.collectionNames).union(["virtual_parameters", "ping"])
}
