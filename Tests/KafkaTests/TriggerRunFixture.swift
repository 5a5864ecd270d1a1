import FerruleTestSupport
import Foundation
import PONEvents
import Testing

/// A scratch folder for `ferrule events run --rules`: the trigger rules written to `rules/triggers.yaml`,
/// the state folder and its event store. `remove()` deletes the folder.
struct TriggerRunFixture {
    let directory: URL
    let rules: URL
    let state: URL
    let store: EventStore

    init(_ name: String, rules text: String) throws {
        directory = try Scratch.directory(name)
        rules = directory.appendingPathComponent("rules")
        try FileManager.default.createDirectory(at: rules, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: rules.appendingPathComponent("triggers.yaml"))
        state = directory.appendingPathComponent("state")
        store = try EventStore(path: EventStore.path(inStateDirectory: state.path))
    }

    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }
}

extension EventStore {
    /// The outcomes of the queued actions 1, 2, … (at most `limit`), recording an issue for an action key
    /// queued twice or an action still pending: the exactly-once check of the end-to-end runs.
    func settledOutcomes(limit: Int64 = 1000) async throws -> [ActionOutcome] {
        var keys: Set<String> = []
        var outcomes: [ActionOutcome] = []
        var next: Int64 = 1
        while next <= limit, let action = try await action(next) {
            #expect(keys.insert(action.key).inserted, "key \(action.key) queued twice")
            outcomes.append(try #require(action.outcome, "action \(next) is still pending"))
            next += 1
        }
        return outcomes
    }
}

extension TriggerRunFixture {
    /// `ferrule events run` on this fixture's rules and state, consuming from `broker`, with `acs`
    /// as GenieACS.
    func startRun(_ broker: KafkaBroker, acs: String) throws -> ProbeProcess {
        try ProbeProcess(
            EventsRunTriggersEndToEndTests.arguments(broker, state: state, rules: rules, acs: acs),
            executable: "ferrule"
        )
    }

    /// A GenieACS stand-in with three offline TR-181 devices whose serials match the ONUs of the
    /// event fixtures (`BBSM00…`).
    static func startStandIn() async throws -> ServerProcess {
        try await ServerProcess.start(
            Repository.executable("genieacs-standin"),
            [
                "--port", "0", "--devices", "3", "--fixture",
                Repository.url("Fixtures/trees/nbi-device-tr181.json").path,
                "--inform-interval", "0", "--serial-prefix", "BBSM00", "--online-ratio", "0",
            ],
            addressPrefix: "listening on ",
            startupTimeout: .seconds(60)
        )
    }
}
