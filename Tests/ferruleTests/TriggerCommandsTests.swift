import FerruleTestSupport
import Foundation
import Testing

/// End-to-end: trigger rules through `ferrule lint`, `ferrule test` and `ferrule explain --pon-event`.
@Suite("Trigger rules through the ferrule executable")
struct TriggerCommandsTests {
    static func directory(_ files: [String: String]) throws -> String {
        try Scratch.directory(files, prefix: "ferrule-triggers")
    }

    @Test("ferrule lint accepts the shipped trigger rules and counts them")
    func lintShipped() async throws {
        let result = try await FerruleRunner.run(["lint", "--no-models", "--strict", "Provisions/triggers"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("8 rule(s) in 1 file(s): 0 error(s), 0 warning(s)"), "\(result.stdout)")
    }

    @Test(
        "ferrule lint reports an unknown trigger with file:line:col and a did-you-mean, and device actions on PON events"
    )
    func lintErrors() async throws {
        let dir = try Self.directory([
            "r.yaml": """
            rules:
              - name: a
                on: voltha.signal_lots
                actions: [{tag: x}]
              - name: b
                on: voltha.pon_down
                actions:
                  - provision: {name: p}
            """
        ])
        let result = try await FerruleRunner.run(["lint", "--no-models", dir])
        #expect(result.status == 1)
        #expect(result.stdout.contains("r.yaml:3:9: error[unknown-trigger]: unknown trigger \"voltha.signal_lots\""))
        #expect(result.stdout.contains("did you mean \"voltha.signal_lost\"?"))
        #expect(result.stdout.contains("r.yaml:8:9: error[no-device]"), "\(result.stdout)")
    }

    @Test(
        "ferrule lint refuses credentials in a webhook URL, pointing to a header from a secret; events replay --rules never prints them"
    )
    func webhookUserInfo() async throws {
        let dir = try Self.directory([
            "r.yaml": """
            rules:
              - name: t1
                on: voltha.onu_activated
                actions:
                  - webhook: {url: "http://noc:${secret:TOK}@noc.example/x", body: "a"}
                  - webhook: {url: "http://noc:hunter2@noc.example/x", body: "a"}
                  - webhook: {url: "http://noc.example/x?from=a@b", body: "a"}
            """
        ])
        let result = try await FerruleRunner.run(["lint", "--no-models", dir])
        #expect(result.status == 1)
        let errors = result.stdout.split(separator: "\n").filter { $0.contains("carries credentials") }
        #expect(errors.count == 2, "\(result.stdout)")
        #expect(
            result.stdout.contains("r.yaml:6:24: error[bad-value]: the webhook URL carries credentials"),
            "\(result.stdout)"
        )
        #expect(result.stdout.contains("headers: {Authorization: \"Basic ${secret:NAME}\"}"), "\(result.stdout)")
        #expect(!result.stdout.contains("hunter2"))
        #expect(result.stdout.contains(": 2 error(s)"), "the query's @ is no credential: \(result.stdout)")

        let capture = EventsReplayCommandTests.fixtures.appendingPathComponent("events.jsonl").path
        let replay = try await FerruleRunner.run(["events", "replay", capture, "--rules", dir])
        #expect(replay.status == 1, "\(replay.stdout)\(replay.stderr)")
        #expect(!(replay.stdout + replay.stderr).contains("hunter2"), "\(replay.stdout)\(replay.stderr)")
    }

    @Test("ferrule lint: a webhook url with a template error reports the template error only, not a missing url")
    func webhookURLTemplateError() async throws {
        let dir = try Self.directory([
            "r.yaml": """
            rules:
              - name: t1
                on: voltha.onu_activated
                actions:
                  - webhook: {url: "http://noc/${event.serial", body: "a"}
            """
        ])
        let result = try await FerruleRunner.run(["lint", "--no-models", dir])
        #expect(result.status == 1)
        #expect(result.stdout.contains("error[bad-template]: `${` is not closed by `}`"), "\(result.stdout)")
        #expect(!result.stdout.contains("needs `url`"), "\(result.stdout)")
        #expect(result.stdout.contains("1 error(s)"), "\(result.stdout)")
    }

    @Test("ferrule test runs event cases beside device cases and explains a failing one")
    func testCases() async throws {
        let dir = try Self.directory([
            "r.yaml": """
            rules:
              - name: bind
                on: voltha.onu_activated
                when: {vendor: HWTC}
                actions: [{tag: {add: [pon-active]}}]
            """,
            "tests/t.yaml": """
            cases:
              - name: passes
                event: {name: ONU_ACTIVATED_RAISE_EVENT, kind: onu_activated, onuSerial: HWTC00000001}
                expect: {fires: [bind], actions: ["bind: tag +pon-active"]}
              - name: fails
                event: {name: ONU_ACTIVATED_RAISE_EVENT, kind: onu_activated, onuSerial: ALCL00000001}
                expect: {fires: [bind]}
            """,
        ])
        let result = try await FerruleRunner.run(["test", dir])
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("PASS \(dir)/tests/t.yaml:2:5 passes"))
        #expect(result.stdout.contains("FAIL \(dir)/tests/t.yaml:5:5 fails"))
        #expect(result.stdout.contains("bind does not fire: not vendor matches \"HWTC\""))
        #expect(result.stdout.contains("1 of 2 case(s) passed"))
    }

    @Test("ferrule test Provisions passes the shipped PON event cases")
    func shippedCases() async throws {
        let result = try await FerruleRunner.run(["test", "Provisions"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("PASS Provisions/tests/triggers.yaml"))
        #expect(!result.stdout.contains("FAIL"))
    }

    @Test("ferrule explain --pon-event shows the rules an event fires with their actions, and why others do not")
    func explain() async throws {
        let dir = try Self.directory([
            "event.yaml": """
            name: ONU_ACTIVATED_RAISE_EVENT
            kind: onu_activated
            onuSerial: HWTC1A2B3C4D
            oltDeviceID: olt-1
            ponInterface: 3
            context: {vendor-id: HWTC, equipment-id: EG8145V5, software-version: V5R019C10S100}
            """
        ])
        let result = try await FerruleRunner.run(["explain", "Provisions", "--pon-event", dir + "/event.yaml"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(
            result.stdout.contains(
                "event ONU_ACTIVATED_RAISE_EVENT → voltha.onu_activated (ONU HWTC1A2B3C4D, OLT olt-1, PON 3)"
            )
        )
        #expect(result.stdout.contains("FIRE  onu-in-service\n  tag +pon-active -pon-signal-lost -pon-power-lost\n"))
        #expect(result.stdout.contains("FIRE  eg8145v5-old-firmware\n  enroll in firmware-eg8145v5\n"))
        #expect(result.stdout.contains("no    onu-signal-lost: reacts to voltha.signal_lost, not voltha.onu_activated"))
    }

    @Test("ferrule explain refuses a malformed event file with a located error, and asks for --device or --pon-event")
    func explainErrors() async throws {
        let dir = try Self.directory(["event.yaml": "name: X\nkind: onu_actvated\n"])
        let bad = try await FerruleRunner.run(["explain", "Provisions", "--pon-event", dir + "/event.yaml"])
        #expect(bad.status == 2)
        #expect(
            bad.stderr.contains("event.yaml:2:7: error[bad-value]: unknown event kind \"onu_actvated\""),
            "\(bad.stderr)"
        )
        let neither = try await FerruleRunner.run(["explain", "Provisions"])
        #expect(neither.status == 64)
    }

    @Test(
        "an event's kind follows from a known name; a kind that contradicts it, or no kind for an unknown name, is refused"
    )
    func kindFromName() async throws {
        let dir = try Self.directory([
            "derived.yaml": "name: ONU_DYING_GASP_RAISE_EVENT\nonuSerial: HWTC1A2B3C4D\n",
            "contradicts.yaml": "name: ONU_DYING_GASP_RAISE_EVENT\nkind: onu_activated\nonuSerial: HWTC1A2B3C4D\n",
            "unknown.yaml": "name: X_VENDOR_EVENT\nonuSerial: HWTC1A2B3C4D\n",
        ])
        let derived = try await FerruleRunner.run(["explain", "Provisions", "--pon-event", dir + "/derived.yaml"])
        #expect(derived.status == 0, "\(derived.stderr)")
        #expect(derived.stdout.contains("voltha.power_lost"), "a dying gasp is power_lost: \(derived.stdout)")
        let contradicts = try await FerruleRunner.run([
            "explain", "Provisions", "--pon-event", dir + "/contradicts.yaml",
        ])
        #expect(contradicts.status == 2)
        #expect(
            contradicts.stderr.contains(
                "contradicts.yaml:2:7: error[bad-value]: kind onu_activated contradicts the name: ONU_DYING_GASP_RAISE_EVENT is power_lost"
            ),
            "\(contradicts.stderr)"
        )
        let unknown = try await FerruleRunner.run(["explain", "Provisions", "--pon-event", dir + "/unknown.yaml"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("X_VENDOR_EVENT is not a VOLTHA event name Ferrule knows"), "\(unknown.stderr)")
    }

    @Test("ferrule explain --pon-event: a field of the wrong type exits 2; control bytes in a serial are escaped")
    func explainHostileEvent() async throws {
        let dir = try Self.directory([
            "typed.yaml": "name: ONU_ACTIVATED_RAISE_EVENT\nkind: onu_activated\nponInterface: three\n",
            "escape.yaml": "name: ONU_ACTIVATED_RAISE_EVENT\nkind: onu_activated\nonuSerial: \"HWTC\\e[2J1A2B\"\n",
        ])
        let typed = try await FerruleRunner.run(["explain", "Provisions", "--pon-event", dir + "/typed.yaml"])
        #expect(typed.status == 2, "\(typed.stdout)\(typed.stderr)")
        #expect(typed.stderr.contains("typed.yaml:3:"), "\(typed.stderr)")
        let escaped = try await FerruleRunner.run(["explain", "Provisions", "--pon-event", dir + "/escape.yaml"])
        #expect(escaped.status == 0, "\(escaped.stderr)")
        #expect(!escaped.stdout.contains("\u{1B}"), "\(escaped.stdout)")
        #expect(escaped.stdout.contains("ONU HWTC\\u{1B}[2J1A2B"), "\(escaped.stdout)")
    }
}
