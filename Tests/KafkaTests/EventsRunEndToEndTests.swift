import FerruleTestSupport
import Foundation
import PONEvents
import Testing

/// `ferrule events run` against Tansu: genuine VOLTHA events into the event store, through a crash.
@Suite("ferrule events run against Tansu", .timeLimit(.minutes(5)))
struct EventsRunEndToEndTests {
    static func run(_ broker: KafkaBroker, state: URL) throws -> ProbeProcess {
        try ProbeProcess(
            [
                "events", "run", "--brokers", broker.address, "--group", "e2e", "--state", state.path,
                "-X", "session.timeout.ms=6000", "-X", "heartbeat.interval.ms=500",
            ],
            executable: "ferrule"
        )
    }

    /// Waits until the store holds an event from `offset` (checked every 100 ms, at most 120 s).
    static func waitForOffset(_ offset: Int64, in store: EventStore) async throws {
        let deadline = ContinuousClock.now + .seconds(120)
        while try await store.lastOffset(topic: "voltha.events", partition: 0) ?? -1 < offset {
            guard ContinuousClock.now < deadline else {
                throw ProbeError("the store never reached offset \(offset)")
            }
            try await Task.sleep(for: .milliseconds(100))  // polls the store's condition, with a deadline
        }
    }

    @Test("every event is recorded once with its offset, across a SIGKILL and a restart, and SIGTERM stops cleanly")
    func recordsOnceAcrossACrash() async throws {
        let broker = try await KafkaBroker.start()
        let produced = try await broker.produceEvents(count: 200)
        let state = try Scratch.directory("events-run")
        defer { try? FileManager.default.removeItem(at: state) }

        let first = try Self.run(broker, state: state)
        try await first.line("start line") { $0.hasPrefix("consuming 127.0.0.1:") && $0.contains("librdkafka 2.16") }
        let store = try EventStore(path: EventStore.path(inStateDirectory: state.path))
        try await Self.waitForOffset(20, in: store)
        await first.kill()

        let second = try Self.run(broker, state: state)
        // The first run may have recorded every event before it was killed: wait for the second
        // to be consuming (its SIGTERM handling is in place by then), or the SIGTERM below could
        // reach a process still starting, which ends silently with no summary.
        try await second.line("start line") { $0.hasPrefix("consuming 127.0.0.1:") }
        try await Self.waitForOffset(199, in: store)
        second.terminate()
        let summary = try await second.line("summary") { $0.hasPrefix("stopped: ") }
        try await second.waitForEnd()

        let page = try await store.events(EventQuery(limit: 1000, oldestFirst: true))
        #expect(page.total == produced.count)
        let offsets = page.events.map { event -> Int64 in
            guard case .kafka(_, _, let offset) = event.source else { return -1 }
            return offset
        }
        #expect(offsets.sorted() == Array(0..<200), "each offset recorded exactly once")
        #expect(page.events.contains { $0.event.name == "ONU_FERRULE_UNKNOWN_KIND_RAISE_EVENT" })
        // The first run had recorded offsets 0…20 at least: the restart recorded none of them again
        // (committed ones were not redelivered, uncommitted ones were recognised as duplicates).
        let recorded = try #require(summary.split(separator: " ").dropFirst().first.flatMap { Int($0) })
        #expect(recorded <= 179, "\(summary)")
    }
}
