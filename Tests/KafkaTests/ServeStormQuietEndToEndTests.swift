import FerruleTestSupport
import Foundation
import PONEvents
import Testing

/// `ferrule serve`'s hosted consumer ends a storm whose OLT goes quiet when the quiet period passes
/// (its tick), not at the OLT's next event: four ONUs lose signal and come back within the storm,
/// the OLT then sends nothing, and the server records the storm's end as `PON_STORM_ENDED` with the
/// `pon_up` rule's action. The same ingestor runs `ferrule events run`.
@Suite("ferrule serve ends a quiet OLT's storm without a further event", .timeLimit(.minutes(6)))
struct ServeStormQuietEndToEndTests {
    static let serials = VolthaScenarioText.fourCPESerials
    static let volthaScenario = VolthaScenarioText.onePON(serials, seed: 7)

    static let rules = "rules:\n" + VolthaScenarioText.ponRestoredRule

    @Test(
        "4 ONUs lose signal and come back inside the storm; 10 s of quiet later the server ends it: PON_STORM_ENDED with pon_up"
    )
    func quietStormEnds() async throws {
        let standIns = try await PONStandIns.start(devices: 4, volthaScenario: Self.volthaScenario)
        defer { standIns.stop() }
        let work = try Scratch.directory("serve-storm-quiet")
        defer { try? FileManager.default.removeItem(at: work) }
        let state = work.appendingPathComponent("state").path
        try Scratch.write(
            [
                "rules/triggers.yaml": Self.rules,
                "serve.yaml": """
                state: \(state)
                listen: {port: 0}
                pon: {storm: {threshold: 4, window-seconds: 60, clear-after-seconds: 10}}
                tenants:
                  default:
                    genieacs: {url: "\(standIns.acs.base)"}
                    voltha: {address: "\(standIns.voltha.firstLine)"}
                events:
                  brokers: "\(standIns.broker.address)"
                  group: serve-storm-quiet
                  properties: {session.timeout.ms: "6000", heartbeat.interval.ms: "500"}
                  rules: \(work.appendingPathComponent("rules").path)
                  reconcile: false
                """,
            ],
            to: work
        )
        let server = try await ServeEventsEndToEndTests.Server(config: work.appendingPathComponent("serve.yaml").path)
        try await server.readiness("the consumer connected") { $0 == "ok" }
        let store = try EventStore(path: EventStore.path(inStateDirectory: state + "/tenants/default"))
        try await PONScenarioEndToEndTests.enableOLT(standIns.voltha)
        try await eventually("four activations recorded") {
            try await store.events(EventQuery(limit: 100)).events.filter { $0.event.kind == .onuActivated }.count >= 4
                ? true : nil
        }
        try await PONScenarioEndToEndTests.lossOfSignal(standIns.voltha, Self.serials, raise: true)
        try await PONScenarioEndToEndTests.lossOfSignal(standIns.voltha, Self.serials, raise: false)
        let ended = try await eventually("the storm's end recorded without a further event", within: .seconds(90)) {
            try await store.events(EventQuery(limit: 200)).events.first { $0.event.name == PONStorm.endRecordName }
        }
        guard case .stormEnd(let olt, let pon, _) = ended.source else {
            Issue.record("source \(ended.source)")
            return
        }
        #expect(pon == 0 && olt == ended.event.oltDeviceID, "\(ended.source)")
        #expect(try await store.activeStorms().isEmpty)
        // Nothing of the OLT came after the clears: the end is the tick's, and it holds the pon_up action.
        let events = try await store.events(EventQuery(limit: 200, oldestFirst: true)).events
        #expect(events.last?.id == ended.id, "\(events.suffix(3).map(\.event.name))")
        var next: Int64 = 1
        var restored: [StoredAction] = []
        while let action = try await store.action(next) {
            if action.eventID == ended.id { restored.append(action) }
            next += 1
        }
        let payload = restored.first.map { String(decoding: $0.payload, as: UTF8.self) } ?? ""
        #expect(restored.count == 1 && payload.contains("pon-restored"), "\(restored) \(payload)")
        #expect(server.process.standardError.contains("storm cleared on"), "\(server.process.standardError)")
        let stopped = await server.process.terminateAndWait()
        #expect(stopped == SpawnedProcess.Termination(status: 0, bySignal: false), "\(server.process.standardError)")
    }
}
