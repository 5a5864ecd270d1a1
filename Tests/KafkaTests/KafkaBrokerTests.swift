import FerruleTestSupport
import Foundation
import Testing

/// KafkaConsumer against a real Kafka-protocol broker (Tansu, Tools/kafka-broker.sh), through
/// kafka-probe running with librdkafka 2.16, consuming genuine VOLTHA events published by
/// Tools/kafka-produce-events.py.
@Suite("Kafka consumer against Tansu", .timeLimit(.minutes(5)))
struct KafkaBrokerTests {
    /// Fast group joins (Tansu completes a join after about half the session timeout) and fast
    /// reconnection after an outage.
    static let tuning = [
        "-X", "session.timeout.ms=6000", "-X", "heartbeat.interval.ms=500", "-X", "reconnect.backoff.max.ms=1000",
    ]

    static func probe(_ broker: String, group: String, _ extra: [String] = []) throws -> ProbeProcess {
        try ProbeProcess(["--brokers", broker, "--group", group] + tuning + extra)
    }

    @Test("every published event arrives once, byte for byte and in order; a restart continues after the last commit")
    func consumesAndCommits() async throws {
        let broker = try await KafkaBroker.start()
        let produced = try await broker.produceEvents(count: 40)

        let first = try Self.probe(broker.address, group: "g", ["--commit", "--exit-after", "40"])
        try await first.line("ready line") { $0.hasPrefix("ready librdkafka 2.16") }
        try await first.line("closed line") { $0 == "closed" }
        let records = ProbeLine.records(first.output)
        #expect(records.map(\.offset) == Array(0..<40))
        #expect(records.map(\.content) == produced)
        #expect(ProbeLine.commits(first.output) == Array(0..<40))
        #expect(first.output.contains { $0.hasPrefix("state connected since") && $0.contains("partitions 0") })

        // Nothing committed comes again: the restarted consumer's first record is the first new one.
        let more = try await broker.produceEvents(count: 3, first: 40)
        let second = try Self.probe(broker.address, group: "g", ["--commit", "--exit-after", "3"])
        try await second.line("closed line") { $0 == "closed" }
        let again = ProbeLine.records(second.output)
        #expect(again.map(\.offset) == [40, 41, 42])
        #expect(again.map(\.content) == more)
    }

    @Test("a consumer killed midway loses nothing, and nothing it committed is delivered again")
    func survivesSIGKILL() async throws {
        let broker = try await KafkaBroker.start()
        let produced = try await broker.produceEvents(count: 300)

        // It stops reading after 100 records, so the kill always lands midway.
        let victim = try Self.probe(broker.address, group: "crash", ["--commit", "--hold-after", "100"])
        try await victim.line(within: .seconds(120), "holding line") { $0 == "holding" }
        await victim.kill()
        let lastCommitted = try #require(ProbeLine.commits(victim.output).max())
        let seen = ProbeLine.records(victim.output)
        let lastSeen = try #require(seen.map(\.offset).max())
        #expect(seen.map(\.offset) == Array(0...lastSeen))
        try #require(lastSeen < 299, "the consumer read everything before it was killed: nothing to test")

        let successor = try Self.probe(broker.address, group: "crash", ["--commit"])
        try await successor.line(within: .seconds(120), "the last record") { ProbeLine($0)?.offset == 299 }
        successor.terminate()
        try await successor.line("closed line") { $0 == "closed" }
        let resumed = ProbeLine.records(successor.output)
        let start = try #require(resumed.first?.offset)
        // At least once: resumes right after the last confirmed commit (a commit the broker took
        // but the victim never printed may move it on, never past what the victim saw).
        #expect(start > lastCommitted, "offset \(start) was committed (up to \(lastCommitted)) and came again")
        #expect(start <= lastSeen + 1, "offsets \(lastSeen + 1)..<\(start) were lost")
        #expect(resumed.map(\.offset) == Array(start...299))
        #expect(resumed.map(\.content) == Array(produced[Int(start)...]))
    }

    @Test("an unreachable broker reads as down with the cause; consumption starts when it comes up")
    func waitsForBroker() async throws {
        // Held, never listening: connecting is refused, and no other test can take the port
        // before the broker starts on it.
        let reservation = try PortReservation()

        let probe = try Self.probe("127.0.0.1:\(reservation.port)", group: "late", ["--commit"])
        let down = try await probe.line("down state") { $0.hasPrefix("state down since") }
        #expect(down.contains("no broker is reachable"))
        #expect(down.contains("[_ALL_BROKERS_DOWN]"))
        #expect(down.contains("Connection refused"))
        #expect(!down.contains("1 outage"))  // never connected: not an outage

        let broker = try await KafkaBroker.start(reservation: reservation)
        let produced = try await broker.produceEvents(count: 3)
        try await probe.line(within: .seconds(90), "third record") { ProbeLine($0)?.offset == 2 }
        #expect(ProbeLine.records(probe.output).map(\.content) == produced)
        #expect(probe.output.contains { $0.hasPrefix("state connected since") })
        probe.terminate()
        try await probe.line("closed line") { $0 == "closed" }
        withExtendedLifetime(broker) {}  // the broker runs until the consumer has closed
    }

    @Test("a broker restart is an outage: down with the time it began, then connected with the outage counted")
    func recoversFromRestart() async throws {
        var broker = try await KafkaBroker.start()
        _ = try await broker.produceEvents(count: 2)
        let probe = try Self.probe(broker.address, group: "restart", ["--commit"])
        try await probe.line("second commit") { $0.hasPrefix("committed") && ProbeLine($0)?.offset == 1 }

        // The broker's port stays held while it is down (its reservation), so the restart at the
        // same address cannot meet another test's server there.
        let reservation = broker.reservation
        broker.stop()
        let mark = probe.output.count
        let down = try await probe.line(from: mark, "down state") { $0.hasPrefix("state down since") }
        #expect(down.contains("1 outage"))

        // Marked before the restart: the probe may reconnect while the new broker still creates its
        // topics, before start returns (no "connected … 1 outage" line can come before: no broker ran).
        let afterDown = probe.output.count
        broker = try await KafkaBroker.start(reservation: reservation)  // memory storage: an empty broker
        try await probe.line(within: .seconds(90), from: afterDown, "connected state") {
            $0.hasPrefix("state connected since") && $0.contains("1 outage")
        }
        let produced = try await broker.produceEvents(count: 2, first: 100)
        try await probe.line(within: .seconds(90), from: afterDown, "the new events") { line in
            ProbeLine(line).map { $0.kind == "record" && $0.content == produced[1] } ?? false
        }
        probe.terminate()
        try await probe.line("closed line") { $0 == "closed" }
        withExtendedLifetime(broker) {}  // the broker runs until the consumer has closed
    }

    @Test("SIGTERM while the broker is gone still closes, within the bound on leaving the group")
    func closesWithoutBroker() async throws {
        let broker = try await KafkaBroker.start()
        _ = try await broker.produceEvents(count: 1)
        let probe = try Self.probe(broker.address, group: "orphan", ["--commit"])
        try await probe.line("first commit") { $0.hasPrefix("committed") && ProbeLine($0)?.offset == 0 }
        broker.stop()
        let mark = probe.output.count
        _ = try await probe.line(from: mark, "down state") { $0.hasPrefix("state down since") }
        probe.terminate()
        // Waiting for commits in flight and leaving the group are each bounded by 10 s.
        try await probe.line(within: .seconds(60), "closed line") { $0 == "closed" }
    }
}
