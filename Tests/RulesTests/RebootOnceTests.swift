import CWMP
import FerruleCore
import FerruleTestSupport
import Foundation
import Testing

@testable import Rules

/// A `reboot` or `factoryReset` happens once per device and `since` time, as GenieACS runs the
/// compiled declaration: it sends the Reboot when the device's stored `Reboot` time is earlier
/// than the declared one and stores the session time afterwards (lib/session.ts:1929-1950,
/// 2786-2806 at v1.2.16).
@Suite("reboot and factoryReset: once per device and `since`, never on every Inform")
struct RebootOnceTests {
    static let since = "2026-12-01T00:00:00Z"
    static let sinceMilliseconds = 1_796_083_200_000

    static func milliseconds(_ text: String) throws -> Double {
        try #require(CWMPDateTime(text)).millisecondsSince1970
    }

    static func rule(_ action: String, events: String = "[\"1 BOOT\"]") throws -> (RuleSet, DiagnosticCollector) {
        let (set, d, _) = try RuleTestSupport.load([
            "r.yaml": "rules:\n  - name: r\n    triggers: {events: \(events)}\n    actions:\n      - \(action)\n"
        ])
        return (set, d)
    }

    @Test("reboot and factoryReset without `since` are refused: they would repeat on every matching Inform")
    func sinceRequired() throws {
        for action in ["reboot", "reboot: {}", "factoryReset: {confirm: true}"] {
            let (_, d) = try RuleCompilerTests.compile([
                "r.yaml": "rules:\n  - name: r\n    triggers: {events: [\"1 BOOT\"]}\n    actions:\n      - \(action)\n"
            ])
            #expect(RuleTestSupport.codes(d) == ["unguarded-reboot"], "\(action): \(d.sorted)")
            #expect(d.sorted.first?.hint?.contains("since:") == true)
        }
        let (_, bad) = try Self.rule("reboot: {since: \"next tuesday\"}")
        #expect(RuleTestSupport.codes(bad) == ["wrong-type"])
        let (_, zoneless) = try Self.rule("reboot: {since: \"2026-12-01T00:00:00\"}")
        #expect(RuleTestSupport.codes(zoneless) == ["wrong-type"])
    }

    @Test("the compiled provision declares the `since` time, not the session time (Date.now()); the evaluator agrees")
    func compiledFixedTime() async throws {
        let (artifacts, d) = try RuleCompilerTests.compile([
            "r.yaml":
                "rules:\n  - name: r\n    triggers: {events: [\"1 BOOT\"]}\n    actions:\n      - reboot: {since: \"\(Self.since)\"}\n      - factoryReset: {confirm: true, since: \"2026-12-01T01:00:00+01:00\"}\n"
        ])
        #expect(!d.hasErrors, "\(d.sorted)")
        let script = try #require(artifacts.first { $0.path == "provisions/r.js" }).contents
        #expect(script.contains("declare(\"Reboot\", null, {value: \(Self.sinceMilliseconds)})"), "\(script)")
        #expect(script.contains("declare(\"FactoryReset\", null, {value: \(Self.sinceMilliseconds)})"), "\(script)")
        #expect(!script.contains("Date.now()"))
        // Run under Node as GenieACS's sandbox would, a day after `since`: the same value as the evaluator's.
        let now = try Self.milliseconds("2026-12-02T03:00:00Z")
        let js = try await ProvisionHarness.run(
            script: script,
            args: [],
            tree: ParameterTree([ParameterEntry(path: "Device.", isObject: true)]),
            deviceId: ["id": "A-B-C"],
            tags: [],
            now: now
        )
        let (set, _) = try Self.rule("reboot: {since: \"\(Self.since)\"}")
        let verdict = RuleEvaluator.evaluate(
            try #require(set.rules.first),
            on: DeviceState(events: ["1 BOOT"], now: now)
        )
        #expect(js.declaration("Reboot")?.value == verdict.declarations.first { $0.path == "Reboot" }?.value)
        #expect(js.declaration("Reboot")?.value == String(Self.sinceMilliseconds))
    }

    @Test("three boot sessions in a row: the device is rebooted in the first only")
    func rebootsOnce() throws {
        let (set, d) = try Self.rule("reboot: {since: \"\(Self.since)\"}")
        #expect(!d.hasErrors, "\(d.sorted)")
        let rule = try #require(set.rules.first)
        var state = DeviceState(events: ["1 BOOT"])
        var reboots = 0
        for session in ["2026-12-02T03:00:00Z", "2026-12-02T03:02:00Z", "2026-12-03T03:00:00Z"] {
            state.now = try Self.milliseconds(session)
            let verdict = RuleEvaluator.evaluate(rule, on: state)
            #expect(verdict.matches)
            if verdict.declarations.contains(where: { $0.path == "Reboot" }) {
                reboots += 1
                #expect(verdict.declarations.first?.value == String(Self.sinceMilliseconds))
                // GenieACS stores the session time after the RebootResponse.
                state.storedTriggerTimes["Reboot"] = state.now
            } else {
                #expect(
                    verdict.skipped.map(\.description)
                        == [
                            "Reboot: skipped: the ACS already sent it at 2026-12-02T03:00:00Z (the device's stored Reboot time), not before `since` 2026-12-01T00:00:00Z"
                        ]
                )
            }
        }
        #expect(reboots == 1)
    }

    @Test("before `since` nothing is sent; a device rebooted by the ACS before `since` is rebooted again")
    func beforeSince() throws {
        let (set, _) = try Self.rule("reboot: {since: \"\(Self.since)\"}")
        let rule = try #require(set.rules.first)
        var state = DeviceState(events: ["1 BOOT"], now: try Self.milliseconds("2026-11-30T23:59:59Z"))
        let early = RuleEvaluator.evaluate(rule, on: state)
        #expect(early.declarations.isEmpty)
        #expect(
            early.skipped.first?.reason == "`since` 2026-12-01T00:00:00Z is after the session time 2026-11-30T23:59:59Z"
        )
        state.now = try Self.milliseconds("2026-12-01T00:00:00Z")
        state.storedTriggerTimes["Reboot"] = try Self.milliseconds("2026-11-15T00:00:00Z")
        #expect(RuleEvaluator.evaluate(rule, on: state).declarations.map(\.path) == ["Reboot"])
    }

    @Test("the stored Reboot time of an NBI document is read")
    func storedRebootFromNBI() throws {
        let json = """
            {"_id": "A-B-C", "Reboot": {"_value": "2026-12-02T03:00:00.000Z", "_type": "xsd:dateTime"},
             "Device": {"_object": true, "DeviceInfo": {"_object": true}}}
            """
        let state = try DeviceState.load(Array(json.utf8), file: "d.json")
        #expect(state.storedTriggerTimes["Reboot"] == (try Self.milliseconds("2026-12-02T03:00:00Z")))
    }

    @Test(
        "provision: {name: reboot|reset} runs GenieACS's built-in on every Inform; a project rule of that name is refused"
    )
    func builtInResets() throws {
        for name in ["reboot", "reset"] {
            let (_, d) = try RuleCompilerTests.compile([
                "r.yaml":
                    "rules:\n  - name: a\n    triggers: {events: [\"1 BOOT\"]}\n    actions:\n      - provision: {name: \(name)}\n"
            ])
            #expect(RuleTestSupport.codes(d) == ["unguarded-reboot"], "\(name)")
        }
        let (_, own) = try RuleCompilerTests.compile([
            "r.yaml":
                "rules:\n  - name: a\n    actions:\n      - provision: {name: reboot}\n  - name: reboot\n    actions:\n      - tag: {add: [x]}\n"
        ])
        // A rule named `reboot` would replace GenieACS's built-in for every preset on the ACS.
        #expect(RuleTestSupport.codes(own) == ["builtin-name"], "\(own.sorted)")
    }
}
