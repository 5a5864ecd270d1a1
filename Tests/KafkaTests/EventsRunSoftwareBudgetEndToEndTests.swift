import FerruleTestSupport
import Foundation
import PONEvents
import Testing
import VOLTHA

/// `ferrule events run --voltha --reconcile-software-budget S`: a reconciliation spends at most S
/// seconds reading ONU software versions (GetOnuImages). Sixteen ONUs came up while no consumer ran
/// and each answers GetOnuImages after 1.5 s (the stand-in's `images_delay_ms`); eight are read at
/// once, so within a 2 s budget the first eight are read and the other eight are cut short. Their
/// activations wait for the next pass, which follows at once, reads them first and derives them
/// with their versions: every activation once, none starved, and the log says what waited.
@Suite("ferrule events run --voltha: the software read of a reconciliation has a time budget", .timeLimit(.minutes(5)))
struct EventsRunSoftwareBudgetEndToEndTests {
    static let serials = (0..<16).map { String(format: "HWTC%08X", 0x100 + $0) }

    static let volthaScenario = VolthaScenarioText.onePON(serials, olt: "enabled", onu: ", images_delay_ms: 1500")

    @Test("16 slow ONUs, a 2 s budget: 8 derived with versions, 8 wait and are derived by the next pass, read first")
    func budgetCarriesTheRest() async throws {
        let broker = try await KafkaBroker.start()
        defer { broker.stop() }
        let voltha = try await PythonStandIn.voltha(scenario: Self.volthaScenario)
        defer { voltha.stop() }
        let work = try Scratch.directory("events-software-budget")
        defer { try? FileManager.default.removeItem(at: work) }
        let state = work.appendingPathComponent("events").path
        let consumer = try ProbeProcess(
            [
                "events", "run", "--brokers", broker.address, "--group", "software-budget", "--state", state,
                "-X", "session.timeout.ms=6000", "-X", "heartbeat.interval.ms=500", "--voltha", voltha.firstLine,
                "--reconcile-interval", "0", "--reconcile-software-budget", "2",
            ],
            executable: "ferrule"
        )
        let first = try await consumer.line(within: .seconds(60), "the first reconciliation") {
            $0.hasPrefix("reconciled with VOLTHA ")
        }
        // The next pass is due at once: the carried ONUs are read first and get their activation.
        let second = try await consumer.line(within: .seconds(60), from: 0, "the second reconciliation") {
            $0.hasPrefix("reconciled with VOLTHA ") && $0 != first
        }
        let derivedFirst = try #require(Self.count(in: first), "\(first)")
        let waiting = try #require(Self.waiting(in: first), "nothing waited: \(first)")
        #expect(derivedFirst + waiting == 16 && waiting >= 1, "\(first)")
        #expect(Self.count(in: second) == waiting && Self.waiting(in: second) == nil, "\(second)")
        #expect(
            consumer.standardError.contains("the software read (GetOnuImages) stopped at its budget of 2 s")
                && consumer.standardError.contains("\(waiting) wait for the next pass (read first there)"),
            "\(consumer.standardError)"
        )

        let store = try EventStore(path: EventStore.path(inStateDirectory: state))
        let activations = try await store.events(EventQuery(type: "onu_activated", limit: 100)).events
        #expect(activations.count == 16)
        #expect(Set(activations.compactMap { $0.event.onuSerial?.uppercased() }) == Set(Self.serials))
        // Read within the budget (first pass) or first in the next one: every one with its versions.
        let unversioned = activations.filter { $0.event.context["software-version"] != "V5R019C00S050" }
        #expect(unversioned.isEmpty, "\(unversioned.map { ($0.event.onuSerial, $0.event.context) })")
        let stopped = await consumer.terminateAndWait()
        #expect(stopped == SpawnedProcess.Termination(status: 0, bySignal: false), "\(consumer.standardError)")
    }

    /// The event count of a `reconciled with VOLTHA …: N ONU(s) listed, M event(s) derived …` line.
    static func count(in line: String) -> Int? {
        guard let range = line.range(of: #"\d+ event\(s\) derived"#, options: .regularExpression) else { return nil }
        return Int(line[range].prefix { $0.isNumber })
    }

    /// The ONUs a reconciliation line says wait for the next pass; nil when none did.
    static func waiting(in line: String) -> Int? {
        guard let range = line.range(of: #"\d+ ONU\(s\) wait for the next pass"#, options: .regularExpression) else {
            return nil
        }
        return Int(line[range].prefix { $0.isNumber })
    }
}
