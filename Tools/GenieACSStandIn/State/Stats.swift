import FerruleJSON

/// Counters shown by `GET /_standin/stats` (not part of GenieACS).
struct Stats: Sendable {
    var requests = 0
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
}
