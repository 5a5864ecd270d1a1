// trigger-bench: PON events matched against trigger rules (issue 11 part 10: ≥ 100,000 events/s per core
// against 1,000 rules), with a fair peer in the same run.
//
//   trigger-bench [--rules 1000] [--events 200000] [--runs 5] [--peer PYTHON]
//
// Generates --rules trigger rules in a temporary directory (per-ONU bindings by exact serial, vendor and
// equipment globs with version bounds, serial-prefix globs with PON port ranges, per-OLT rules, alarm
// rules), loads them with the rule loader, and --events normalised PON events over 4,000 ONUs on 16
// OLTs (activations, discoveries, LOS and dying-gasp raises and clears, state changes, PON port events,
// UNI and optical alarms, KPIs). One core, median of --runs:
//   - match: event → triggers → facts → the rules that fire (the index);
//   - decode + normalise + match: the same events as the protobuf bytes VOLTHA publishes, through
//     PONEventDecoder first;
//   - plan: match + the planned actions with their idempotency keys (SHA-256);
//   - brute force: match by checking every rule of the trigger (no index), for scale.
// The same rules and events are written as JSON and the peer (Tools/bench-python-triggers.py, the same
// mapping and the same index in a Python loop) is run on them when --peer names a Python interpreter.
import BenchSupport
import FerruleCore
import Foundation
import PONEvents
import PONTriggers
import Rules

#if canImport(Glibc)
import Glibc
#endif

let ruleCount = intOption("--rules", 1000)
let eventCount = intOption("--events", 200_000)
let runs = intOption("--runs", 5)
let arguments = CommandLine.arguments
let peer = arguments.firstIndex(of: "--peer").flatMap { $0 + 1 < arguments.count ? arguments[$0 + 1] : nil }

let vendors = ["HWTC", "ALCL", "ZTEG", "BBSM"]
let equipment = ["EG8145V5", "HG8245H", "G-240W-F", "F670L"]
let onuCount = 4000
func serial(_ n: Int) -> String { vendors[n % 4] + String(format: "%08X", 0x1000_0000 + n) }

// MARK: Rules

var ruleJSON: [[String: Any]] = []
var text = "rules:\n"
for i in 0..<ruleCount {
    let name = String(format: "rule-%04d", i)
    var on = "voltha.onu_activated"
    var when: [String: Any] = [:]
    var yamlWhen: [String] = []
    switch i % 20 {
    case 0..<12:  // bind one subscriber's ONU
        on = i % 2 == 0 ? "voltha.onu_activated" : "voltha.onu_discovered"
        let s = serial(i * 3 % onuCount)
        when["serial"] = [s]
        yamlWhen.append("serial: \(s)")
    case 12..<15:  // a vendor's model below a version
        let v = vendors[i % 4]
        let e = String(equipment[i % 4].prefix(4)) + "*"
        when["vendor"] = [v]
        when["equipmentId"] = [e]
        when["softwareVersion"] = ["lt": "V5R0\(10 + i % 20)"]
        yamlWhen += ["vendor: \(v)", "equipmentId: \"\(e)\"", "softwareVersion: {lt: V5R0\(10 + i % 20)}"]
    case 15..<17:  // serial prefix and PON ports
        on = ["voltha.signal_lost", "voltha.power_lost", "voltha.recovered"][i % 3]
        let prefix = vendors[i % 4] + "1*"
        when["serial"] = [prefix]
        when["ponPort"] = [[i % 8, i % 8 + 3]]
        yamlWhen += ["serial: \"\(prefix)\"", "ponPort: \(i % 8)-\(i % 8 + 3)"]
    case 17..<19:  // one OLT
        on = ["voltha.pon_down", "voltha.recovered", "voltha.signal_lost"][i % 3]
        let olt = "olt-\(i % 16)"
        when["olt"] = [olt]
        yamlWhen.append("olt: \(olt)")
    default:  // alarms by name
        on = "voltha.alarm"
        let alarm = ["ONU_Ethernet_UNI", "ONU_LOW_RX_OPTICAL", "ONU_TEMP_*"][i % 3]
        when["alarm"] = [alarm]
        yamlWhen.append("alarm: \"\(alarm)\"")
    }
    let action = on == "voltha.pon_down" ? "{webhook: {url: \"https://noc/${event.olt}\"}}" : "{tag: t\(i % 50)}"
    text +=
        "  - name: \(name)\n    on: \(on)\n    when: {\(yamlWhen.joined(separator: ", "))}\n    actions: [\(action)]\n"
    ruleJSON.append(["name": name, "on": String(on.dropFirst("voltha.".count)), "when": when])
}
let directory = FileManager.default.temporaryDirectory.appendingPathComponent("trigger-bench-\(getpid())")
try? FileManager.default.removeItem(at: directory)
try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
try Data(text.utf8).write(to: directory.appendingPathComponent("rules.yaml"))
var diagnostics = DiagnosticCollector()
let set = RuleLoader.load([directory.path], diagnostics: &diagnostics)
guard !diagnostics.hasErrors, set.triggerRules.count == ruleCount else {
    print(diagnostics.sorted.prefix(5).map(\.description).joined(separator: "\n"))
    exit(1)
}

// MARK: Events

var state: UInt64 = 0x9E37_79B9_7F4A_7C15
@MainActor func next() -> Int {
    state ^= state << 13
    state ^= state >> 7
    state ^= state << 17
    return Int(state % 1_000_000_007)
}
var events: [PONEvent] = []
var wire: [[UInt8]] = []
/// The bytes VOLTHA would publish for the event: the context keys of its family (voltha.md §8).
func wireEvent(
    _ name: String,
    _ kind: PONEventKind,
    _ extra: [String: String],
    onu: Int,
    olt: String,
    pon: UInt32,
    index: Int
)
    -> [UInt8]
{
    let alarm = name.replacingOccurrences(of: "_RAISE_EVENT", with: "").replacingOccurrences(
        of: "_CLEAR_EVENT",
        with: ""
    )
    var context = extra
    var resource = olt
    switch kind {
    case .onuActivated:
        resource = "onu-\(onu)"
        context.merge([
            "serial-number": serial(onu), "pon-id": String(pon), "onu-id": String(onu % 64), "device-id": resource,
            "olt-serial-number": "OLTSN\(olt)",
        ]) { a, _ in a }
    case .stateChange:
        resource = "onu-\(onu)"
        context.merge([
            "serial-number": serial(onu), "id": resource, "parent-id": olt,
            "parent-port": String(536_870_912 + Int(pon)),
        ]) { a, _ in a }
    case .ponDown:
        context["oper-state"] = "down"
    case .alarm where name.hasPrefix("ONU_Ethernet_UNI"):
        resource = "onu-\(onu)"
        context.merge(["onu-intf-id": String(pon), "onu-id": resource, "onu-serial-number": serial(onu)]) { a, _ in a }
    default:
        context.merge([
            "serial-number": serial(onu), "intf-id": String(pon), "onu-id": String(onu % 64),
            "onu-device-id": "onu-\(onu)", "port-label": "pon-\(pon)",
        ]) { a, _ in a }
    }
    return Wire.deviceEvent(
        name: name,
        headerID: "Voltha.openolt.\(alarm).\(1_764_927_000_000_000_000 + index)",
        category: 0,
        subCategory: kind == .ponDown ? 1 : 3,
        resourceID: resource,
        raisedSeconds: UInt64(1_764_927_000 + index),
        context: context
    )
}
events.reserveCapacity(eventCount)
let base = Date(timeIntervalSince1970: 1_764_927_000)
for e in 0..<eventCount {
    let onu = next() % onuCount
    let olt = "olt-\(onu % 16)"
    let pon = UInt32(onu / 16 % 16)
    let kinds: [(String, PONEventKind, [String: String])] = [
        (
            "ONU_ACTIVATED_RAISE_EVENT", .onuActivated,
            [
                "vendor-id": vendors[onu % 4], "equipment-id": equipment[onu % 4],
                "software-version": "V5R0\(onu % 30)",
            ]
        ),
        ("ONU_DISCOVERY_RAISE_EVENT", .onuDiscovered, [:]),
        ("ONU_LOSS_OF_SIGNAL_RAISE_EVENT", .signalLost, [:]),
        ("ONU_LOSS_OF_SIGNAL_CLEAR_EVENT", .signalLost, [:]),
        ("ONU_DYING_GASP_RAISE_EVENT", .powerLost, [:]),
        (
            "DEVICE_STATE_CHANGE_RAISE_EVENT", .stateChange,
            [
                "is-root": "false", "oper-state": "ACTIVE", "connect-state": "REACHABLE", "admin-state": "ENABLED",
                "prev-oper-state": "ACTIVE", "prev-connect-state": "UNREACHABLE", "prev-admin-state": "ENABLED",
            ]
        ),
        ("OLT_PON_INTERFACE_DOWN_RAISE_EVENT", .ponDown, [:]),
        ("ONU_Ethernet_UNI_RAISE_EVENT", .alarm, [:]),
        ("ONU_LOW_RX_OPTICAL_CLEAR_EVENT", .alarm, [:]),
        ("STATS_PUBLISH_EVENT", .kpi, [:]),
    ]
    let (name, kind, context) = kinds[next() % kinds.count]
    wire.append(wireEvent(name, kind, context, onu: onu, olt: olt, pon: pon, index: e))
    let phase: PONEventPhase =
        name.hasSuffix("_RAISE_EVENT") ? .raise : name.hasSuffix("_CLEAR_EVENT") ? .clear : .bare
    let alarm = name.replacingOccurrences(of: "_RAISE_EVENT", with: "").replacingOccurrences(
        of: "_CLEAR_EVENT",
        with: ""
    )
    let ponOnly = kind == .ponDown || kind == .kpi
    events.append(
        PONEvent(
            name: name,
            alarmName: alarm,
            kind: kind,
            phase: phase,
            headerID: "Voltha.openolt.\(alarm).\(1_764_927_000_000_000_000 + e)",
            resourceID: olt,
            oltDeviceID: olt,
            onuSerial: ponOnly ? nil : serial(onu),
            ponInterface: pon,
            onuNumber: ponOnly ? nil : UInt32(onu % 64),
            raisedAt: base.addingTimeInterval(Double(e)),
            context: context
        )
    )
}

// MARK: Measure

let planner = TriggerPlanner(rules: set.triggerRules)
var fired = 0
var actions = 0
let match = measure(runs) {
    fired = 0
    for event in events {
        let facts = TriggerMapping.facts(for: event)
        for trigger in TriggerMapping.triggers(for: event) { fired += planner.index.matching(trigger, facts).count }
    }
}
let plan = measure(runs) {
    actions = 0
    for event in events { actions += planner.plan(event).actions.count }
}
let decoder = PONEventDecoder()
var decodedFired = 0
var undecodable = 0
let decoded = measure(runs) {
    decodedFired = 0
    undecodable = 0
    for bytes in wire {
        guard let event = try? decoder.decode(bytes) else {
            undecodable += 1
            continue
        }
        let facts = TriggerMapping.facts(for: event)
        for trigger in TriggerMapping.triggers(for: event) {
            decodedFired += planner.index.matching(trigger, facts).count
        }
    }
}
let byTrigger = Dictionary(grouping: set.triggerRules) { $0.triggers[0] }
var bruteFired = 0
let bruteEvents = min(events.count, 20_000)
let brute = measure(max(1, runs / 2)) {
    bruteFired = 0
    for event in events.prefix(bruteEvents) {
        let facts = TriggerMapping.facts(for: event)
        for trigger in TriggerMapping.triggers(for: event) {
            bruteFired += (byTrigger[trigger] ?? []).count { $0.fires(trigger, facts) }
        }
    }
}
func perSecond(_ n: Int, _ ms: Double) -> String { DisplayText.grouped(Int(Double(n) / (ms / 1000))) }
print("trigger-bench: \(ruleCount) trigger rules, \(events.count) PON events, one core, median of \(runs)")
print("  match (map + facts + index):     \(perSecond(events.count, match.median)) events/s  (\(fired) rule firings)")
print(
    "  decode + normalise + match (protobuf bytes): \(perSecond(wire.count, decoded.median)) events/s  "
        + "(\(decodedFired) rule firings, \(undecodable) undecodable)"
)
print("  plan  (match + actions + keys):  \(perSecond(events.count, plan.median)) events/s  (\(actions) actions)")
print(
    "  brute force (every rule, no index): \(perSecond(bruteEvents, brute.median)) events/s over the first \(bruteEvents)"
)

// MARK: Peer

let jsonEvents: [[String: Any]] = events.map { e in
    var d: [String: Any] = [
        "name": e.name, "alarmName": e.alarmName, "kind": e.kind.rawValue, "phase": e.phase.rawValue,
    ]
    d["headerID"] = e.headerID
    d["resourceID"] = e.resourceID
    if let v = e.oltDeviceID { d["oltDeviceID"] = v }
    if let v = e.onuSerial { d["onuSerial"] = v }
    if let v = e.ponInterface { d["ponInterface"] = v }
    if let v = e.onuNumber { d["onuNumber"] = v }
    d["raisedAt"] = e.raisedAt.map { Int($0.timeIntervalSince1970) }
    d["context"] = e.context
    return d
}
let data = try JSONSerialization.data(withJSONObject: ["rules": ruleJSON, "events": jsonEvents, "fired": fired])
let jsonFile = directory.appendingPathComponent("workload.json")
try data.write(to: jsonFile)
if let peer {
    let process = Process()
    // Through env, so `--peer python3` finds the interpreter on PATH as a shell would.
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "../../../Tools/bench-python-triggers.py"
    ).standardized.path
    process.arguments = [peer, script, jsonFile.path, "--runs", String(runs)]
    try process.run()
    process.waitUntilExit()
} else {
    print("  peer: add --peer python3 to run Tools/bench-python-triggers.py on the same rules and events")
}
try? FileManager.default.removeItem(at: directory)
