import FerruleTestSupport
import Foundation
import PONEvents
import Testing

/// `ferrule events run --rules` restarted while an outage a storm began is still open: four ONUs of
/// a PON lose signal (a storm, `pon_down`), the storm ends after its quiet period with all four
/// still dark, the consumer is SIGKILLed and started again once the events are older than its
/// warm-up replays; the fibre is repaired (the adapter's rediscovery clears, which name no OLT) and
/// the last ONU back sends the one `pon_up` (docs/triggers.md, "One outage").
@Suite("ferrule events run: an outage a storm left open survives a restart", .timeLimit(.minutes(6)))
struct EventsRunOpenOutageEndToEndTests {
    static let serials = VolthaScenarioText.fourCPESerials
    static let volthaScenario = VolthaScenarioText.onePON(serials, seed: 7)

    static let rules = """
        rules:
          - name: pon-outage
            on: voltha.pon_down
            actions:
              - webhook: {url: "http://127.0.0.1:9/outage/${event.olt}/${event.ponPort}"}

        """ + VolthaScenarioText.ponRestoredRule

    /// Four ONUs in 2 s are a storm, over after 3 quiet seconds; a warm-up replays 5 s of events.
    static let storm = """
        storm:
          threshold: 4
          window-seconds: 2
          clear-after-seconds: 3
          debounce-seconds: 0
          duplicate-window-seconds: 0
        """
    static let memorySeconds: TimeInterval = 5

    static func consumer(_ standIns: PONStandIns, work: URL) throws -> ProbeProcess {
        try ProbeProcess(
            [
                "events", "run", "--brokers", standIns.broker.address, "--group", "open-outage", "--state",
                work.appendingPathComponent("events").path, "-X", "session.timeout.ms=6000", "-X",
                "heartbeat.interval.ms=500", "--rules", work.appendingPathComponent("rules").path,
                "--storm-settings", work.appendingPathComponent("storm.yaml").path, "--acs", standIns.acs.base,
                "--acs-timeout", "10",
            ],
            executable: "ferrule"
        )
    }

    /// The rule of each queued action, with the id of the event it was queued with.
    static func actions(_ store: EventStore) async throws -> [(rule: String, eventID: Int64)] {
        var out: [(String, Int64)] = []
        var next: Int64 = 1
        while let action = try await store.action(next) {
            let payload = String(decoding: action.payload, as: UTF8.self)
            for rule in ["pon-outage", "pon-restored"] where payload.contains("\"\(rule)\"") {
                out.append((rule, action.eventID))
            }
            next += 1
        }
        return out
    }

    @Test("storm ends with 4 ONUs dark, consumer SIGKILLed and restarted, ONUs rediscovered: one pon_up, at the last")
    func openOutageAcrossRestart() async throws {
        let standIns = try await PONStandIns.start(devices: 4, volthaScenario: Self.volthaScenario)
        defer { standIns.stop() }
        let work = try Scratch.directory("events-open-outage")
        defer { try? FileManager.default.removeItem(at: work) }
        try Scratch.write(["rules/triggers.yaml": Self.rules, "storm.yaml": Self.storm], to: work)
        let store = try EventStore(path: EventStore.path(inStateDirectory: work.appendingPathComponent("events").path))

        // 1. ONUs up; the fibre is cut: a storm, which ends after its quiet period with all four dark.
        let first = try Self.consumer(standIns, work: work)
        try await first.line("start line") { $0.hasPrefix("consuming ") }
        try await PONScenarioEndToEndTests.enableOLT(standIns.voltha)
        try await eventually("four activations recorded") {
            try await store.events(EventQuery(type: "onu_activated", limit: 1)).total >= 4 ? true : nil
        }
        try await PONScenarioEndToEndTests.lossOfSignal(standIns.voltha, Self.serials, raise: true)
        try await eventually("the storm's end recorded", within: .seconds(60)) {
            try await store.events(EventQuery(limit: 50)).events.first { $0.event.name == PONStorm.endRecordName }
        }
        let open = try await store.openOutages(limit: 10)
        #expect(open.count == 1 && open.first?.down.count == 4, "\(open)")
        #expect(try await Self.actions(store).map(\.rule) == ["pon-outage"])
        await first.kill()

        // 2. Restarted once the raises are older than the warm-up replays (the event store's own
        //    times of them, on the stand-in's clock), so only the stored outage can bring it back.
        let raises = try await store.events(EventQuery(type: "signal_lost", limit: 10)).events
        let lastRaise = try #require(raises.map(\.at).max())
        try await eventually("the raises older than the warm-up span", within: .seconds(30)) {
            Date().timeIntervalSince(lastRaise) > Self.memorySeconds + 1 ? true : nil
        }
        let second = try Self.consumer(standIns, work: work)
        try await second.line("start line") { $0.hasPrefix("consuming ") }

        // 3. The fibre is repaired: each ONU's rediscovery clear; the last one ends the outage.
        try await PONScenarioEndToEndTests.lossOfSignal(standIns.voltha, Self.serials, raise: false, rediscovered: true)
        let clears = try await eventually("the four clears recorded") {
            let events = try await store.events(EventQuery(type: "signal_lost", limit: 20)).events
                .filter { $0.event.phase == .clear }
            return events.count == 4 ? events : nil
        }
        let restored = try await eventually("the pon_up action queued") {
            let actions = try await Self.actions(store)
            return actions.contains { $0.rule == "pon-restored" } ? actions : nil
        }
        #expect(restored.map(\.rule) == ["pon-outage", "pon-restored"], "\(restored)")
        #expect(restored.last?.eventID == clears.map(\.id).max(), "queued with the last ONU's clear")
        #expect(try await store.openOutages(limit: 10).isEmpty)
        let stopped = await second.terminateAndWait()
        #expect(stopped == SpawnedProcess.Termination(status: 0, bySignal: false), "\(second.standardError)")
    }
}
