import FerruleCore
import FerruleTestSupport
import Foundation
import Testing

@testable import Rules

/// Events as GenieACS has them in a session: `Inform` always, the Inform's codes folded and
/// encoded (lib/session.ts:189-208 at v1.2.16), a preset's codes looked up with whitespace folded
/// (lib/cwmp.ts:436-460), and `1 BOOT`, `0 BOOTSTRAP`, `Registered` kept from earlier sessions for
/// preconditions (lib/cwmp/db.ts:120-153).
@Suite("Inform events: the Inform pseudo-event, folded and encoded codes, remembered times")
struct InformEventTests {
    static func rule(events: String, precondition: String? = nil) throws -> (Rule?, DiagnosticCollector) {
        let pre = precondition.map { "    precondition: \"\($0)\"\n" } ?? ""
        let (set, d, _) = try RuleTestSupport.load([
            "r.yaml":
                "rules:\n  - name: r\n\(pre)    triggers: {events: \(events)}\n    actions:\n      - tag: {add: [x]}\n"
        ])
        return (set.rules.first, d)
    }

    static func fixture(_ path: String) throws -> [UInt8] {
        Array(try Data(contentsOf: Repository.root.appendingPathComponent(path)))
    }

    @Test("`Inform` is in every Inform: required it always matches, excluded it never does")
    func informPseudoEvent() throws {
        let periodic = DeviceState(events: ["2 PERIODIC"])
        let (always, _) = try Self.rule(events: "[\"Inform\"]")
        #expect(RuleEvaluator.evaluate(try #require(always), on: periodic).matches)
        let (never, _) = try Self.rule(events: "[\"!Inform\"]")
        let verdict = RuleEvaluator.evaluate(try #require(never), on: periodic)
        #expect(!verdict.matches)
        #expect(verdict.reasons == ["event \"Inform\" is in this Inform (excluded)"])
    }

    @Test("a run of whitespace in a code matches as GenieACS folds it to one `_`")
    func foldedWhitespace() throws {
        let (rule, d) = try Self.rule(events: "[\"1  BOOT\"]")
        #expect(!d.hasErrors, "\(d.sorted)")
        #expect(RuleEvaluator.evaluate(try #require(rule), on: DeviceState(events: ["1 BOOT"])).matches)
        #expect(RuleEvaluator.evaluate(try #require(rule), on: DeviceState(events: ["1\tBOOT"])).matches)
    }

    @Test("a code encodeTag changes never matches a preset: refused when required, warned when excluded")
    func encodedCodes() throws {
        let (_, d) = try Self.rule(events: "[\"X 00E0FC Config.Changed\"]")
        #expect(RuleTestSupport.codes(d) == ["bad-event"])
        #expect(d.sorted.first?.severity == .error)
        #expect(d.sorted.first?.message.contains("Events.X_00E0FC_Config0x2EChanged") == true)
        let (_, excluded) = try Self.rule(events: "[\"!X 00E0FC Config.Changed\"]")
        #expect(RuleTestSupport.codes(excluded) == ["bad-event"])
        #expect(excluded.sorted.first?.severity == .warning)
        // The evaluator agrees: even with that event in the Inform, the preset does not apply,
        // while a precondition on the encoded name sees it.
        let state = DeviceState(events: ["X 00E0FC Config.Changed"])
        let (raw, _) = try Self.rule(
            events: "[\"Inform\"]",
            precondition: "Events.X_00E0FC_Config0x2EChanged IS NOT NULL"
        )
        #expect(RuleEvaluator.evaluate(try #require(raw), on: state).matches)
        #expect(state.informEventNames.contains("X_00E0FC_Config0x2EChanged"))
        #expect(!state.informEventNames.contains("X_00E0FC_Config.Changed"))
    }

    @Test("event times GenieACS keeps across sessions are read from NBI documents and CSV exports")
    func persistedEvents() throws {
        let (rule, d) = try Self.rule(
            events: "[\"2 PERIODIC\"]",
            precondition: "Events.1_BOOT IS NOT NULL AND Events.0_BOOTSTRAP < NOW() AND Events.Registered IS NOT NULL"
        )
        #expect(!d.hasErrors, "\(d.sorted)")
        for file in ["Fixtures/trees/nbi-device-tr181.json", "Fixtures/trees/genieacs-export-tr181.csv"] {
            var state = try DeviceState.load(try Self.fixture(file), file: file, events: ["2 PERIODIC"])
            state.now = 1_800_000_000_000
            let verdict = RuleEvaluator.evaluate(try #require(rule), on: state)
            #expect(verdict.matches, "\(file): \(verdict.reasons)")
            #expect(state.persistedEvents["1 BOOT"] == 1_709_881_240_977, "\(file)")
        }
    }

    @Test("an Inform file's own event codes are the session's events")
    func informFileEvents() throws {
        let file = "Fixtures/cwmp/cpe-inform-basic.xml"
        let state = try DeviceState.load(try Self.fixture(file), file: file)
        #expect(state.events == ["0 BOOTSTRAP", "1 BOOT"])
        let (excluded, _) = try Self.rule(events: "[\"!1 BOOT\"]")
        #expect(!RuleEvaluator.evaluate(try #require(excluded), on: state).matches)
    }

    @Test("a provision argument read on the device is refused rather than written as \"\"")
    func perDeviceProvisionArguments() throws {
        for arg in [
            "\"${device.serialNumber}\"", "\"${param:Device.DeviceInfo.SerialNumber}\"",
            "\"${right(device.serialNumber, 4)}\"",
        ] {
            let (set, d, _) = try RuleTestSupport.load([
                "r.yaml": "rules:\n  - name: r\n    actions:\n      - provision: {name: bind, args: [\(arg)]}\n"
            ])
            #expect(RuleTestSupport.codes(d) == ["bad-template"], "\(arg): \(d.sorted)")
            _ = set
        }
        let (_, fine, _) = try RuleTestSupport.load([
            "r.yaml":
                "rules:\n  - name: r\n    actions:\n      - provision: {name: bind, args: [1, \"a\", \"${secret:S}\"]}\n"
        ])
        #expect(!fine.hasErrors, "\(fine.sorted)")
    }
}
