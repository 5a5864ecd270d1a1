import FerruleJSON
import Foundation

@testable import GenieACSStandIn

/// A fixed "now" for state-level tests: 2023-11-14T22:13:20.000Z.
let t0: Int64 = 1_700_000_000_000

/// A state over the embedded TR-098 and TR-181 trees (devices alternate between them), no periodic informs.
func makeState(devices: Int = 4, _ configure: (inout Scenario) -> Void = { _ in }) throws -> StandInState {
    var s = Scenario(
        devices: devices,
        fixtures: [.init(.embeddedTR098), .init(.embeddedTR181)],
        informIntervalSeconds: 0
    )
    configure(&s)
    let (models, sources) = try FixtureLoader.models(for: s)
    s.fixtures = sources
    return StandInState(scenario: s, models: models, now: t0)
}

/// The id of the first device whose id starts with `prefix`.
func device(_ state: StandInState, _ prefix: String) -> String {
    state.devices.first { $0.id.hasPrefix(prefix) }?.id ?? "missing"
}

/// Runs one whole session of `id` starting at `at`.
func session(_ state: inout StandInState, _ id: String, at: Int64) {
    guard let di = state.deviceIndex[id] else { return }
    _ = state.startSession(di, now: at)
    _ = state.endSession(di, now: at + 1)
}

func json(_ text: String) -> JSONValue {
    (try? JSONValue.parse(text)) ?? .null
}

extension StandInState {
    /// Posts a task without a connection request and returns its id.
    mutating func post(_ device: String, _ task: String, now: Int64 = t0) throws -> String {
        guard
            case .queued(let doc) = try postTask(deviceID: device, body: json(task), connectionRequest: false, now: now)
        else { return "not queued" }
        return doc["_id"]?.stringValue ?? "no id"
    }

    /// The `_value` of a parameter as the NBI shows it.
    func value(_ device: String, _ path: String) -> JSONValue? {
        guard let i = deviceIndex[device] else { return nil }
        return devices[i].node(path, in: models[devices[i].model])?.value?.json
    }

    func ids(_ query: String, sort: String? = nil, skip: Int = 0, limit: Int? = nil) throws -> [String] {
        let q = CollectionQuery(
            filter: try QueryCompiler(collection: .devices).compile(json(query)),
            projection: nil,
            sort: try SortSpec(sort.map(json), devices: true),
            skip: skip,
            limit: limit
        )
        return queryDevices(q).page.map { devices[$0].id }
    }
}
