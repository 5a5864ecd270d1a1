import FerruleTestSupport
import Foundation
import Testing

/// A rule's reboot through the `ferrule` executable: compiled to a fixed time, explained as
/// GenieACS would act on it session after session (reboot once, then not again).
@Suite("reboot once per `since`: compile, explain at --now, lint (end to end)")
struct RebootOnceEndToEndTests {
    static let rule = """
        rules:
          - name: reboot-after-upgrade
            triggers: {events: ["1 BOOT"]}
            actions:
              - reboot: {since: "2026-12-01T00:00:00Z"}

        """

    /// An NBI device document, with the time the ACS last rebooted it when given.
    static func device(rebootedAt: String?) -> String {
        let reboot = rebootedAt.map { "\"Reboot\": {\"_value\": \"\($0)\", \"_type\": \"xsd:dateTime\"}," } ?? ""
        return """
            {"_id": "3C52A1-EX220-7", \(reboot)
             "Device": {"_object": true, "DeviceInfo": {"_object": true,
               "SoftwareVersion": {"_value": "1.0", "_type": "xsd:string", "_writable": false}}}}
            """
    }

    @Test("the first boot session after `since` reboots; the next one, after that reboot, does not")
    func rebootsOnce() async throws {
        let rules = try Scratch.directory(["r.yaml": Self.rule], prefix: "ferrule-reboot")
        let devices = try Scratch.directory(
            [
                "fresh.json": Self.device(rebootedAt: nil),
                "rebooted.json": Self.device(rebootedAt: "2026-12-02T03:00:00.000Z"),
            ],
            prefix: "ferrule-reboot-devices"
        )
        let compiled = try Scratch.path("out", prefix: "ferrule-reboot-out")
        let compile = try await FerruleRunner.run(["compile", rules, "--out", compiled])
        #expect(compile.status == 0, "\(compile.stdout)\(compile.stderr)")
        let script = try String(
            contentsOfFile: compiled + "/provisions/reboot-after-upgrade.js",
            encoding: .utf8
        )
        #expect(script.contains("declare(\"Reboot\", null, {value: 1796083200000});"), "\(script)")
        #expect(!script.contains("Date.now()"))

        let first = try await FerruleRunner.run([
            "explain", rules, "--device", devices + "/fresh.json", "--event", "1 BOOT", "--now",
            "2026-12-02T03:00:00Z",
        ])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("MATCH reboot-after-upgrade\n  Reboot = 1796083200000\n"), "\(first.stdout)")

        let next = try await FerruleRunner.run([
            "explain", rules, "--device", devices + "/rebooted.json", "--event", "1 BOOT", "--now",
            "2026-12-03T03:00:00Z",
        ])
        #expect(next.status == 0, "\(next.stderr)")
        #expect(!next.stdout.contains("Reboot = "), "\(next.stdout)")
        #expect(
            next.stdout.contains(
                "Reboot: skipped: the ACS already sent it at 2026-12-02T03:00:00Z (the device's stored Reboot time), not before `since` 2026-12-01T00:00:00Z"
            ),
            "\(next.stdout)"
        )
    }

    @Test("a reboot without `since` fails lint, whatever event guards it; a bad --now is a usage error")
    func refused() async throws {
        let rules = try Scratch.directory(
            ["r.yaml": "rules:\n  - name: r\n    triggers: {events: [\"1 BOOT\"]}\n    actions:\n      - reboot\n"],
            prefix: "ferrule-reboot-bare"
        )
        let lint = try await FerruleRunner.run(["lint", rules])
        #expect(lint.status == 1)
        #expect(lint.stdout.contains("error[unguarded-reboot]"), "\(lint.stdout)")
        #expect(!lint.stdout.contains("1 BOOT\"]}` or a schedule"))
        // explain refuses what the compiler refuses, instead of explaining a reboot that never compiles.
        let devices = try Scratch.directory(["d.json": Self.device(rebootedAt: nil)], prefix: "ferrule-reboot-bare-dev")
        let explain = try await FerruleRunner.run([
            "explain", rules, "--device", devices + "/d.json", "--event", "1 BOOT", "--now", "2026-12-02T03:00:00Z",
        ])
        #expect(explain.status == 1, "\(explain.stdout)\(explain.stderr)")
        #expect((explain.stdout + explain.stderr).contains("error[unguarded-reboot]"))
        #expect(!explain.stdout.contains("MATCH r"), "\(explain.stdout)")

        let ok = try Scratch.directory(["r.yaml": Self.rule], prefix: "ferrule-reboot-now")
        let bad = try await FerruleRunner.run([
            "explain", ok, "--device", "Fixtures/trees/nbi-device-tr181.json", "--now", "tomorrow",
        ])
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("--now \"tomorrow\""), "\(bad.stderr)")
    }

    @Test("lint warns when two rules that may match one device both reboot it; explain shows the earlier superseded")
    func supersededRebootLinted() async throws {
        let two =
            Self.rule + """
                  - name: reboot-beta
                    match: {tags: {all: [beta]}}
                    actions:
                      - reboot: {since: "2026-12-05T00:00:00Z"}

                """
        let rules = try Scratch.directory(["r.yaml": two], prefix: "ferrule-reboot-twice")
        let lint = try await FerruleRunner.run(["lint", "--no-models", rules])
        #expect(lint.status == 0, "\(lint.stdout)\(lint.stderr)")
        // reboot-beta sorts after reboot-after-upgrade (same weight): its declaration is the one kept.
        #expect(
            lint.stdout.contains(
                "r.yaml:9:9: warning[superseded-reboot]: rules \"reboot-after-upgrade\" and \"reboot-beta\" both declare "
                    + "reboot on devices both may match"
            ),
            "\(lint.stdout)"
        )
        #expect(lint.stdout.contains("r.yaml:5:9"), "the earlier declaration is named: \(lint.stdout)")
        let explain = try await FerruleRunner.run([
            "explain", rules, "--device", "Fixtures/trees/nbi-device-tr181.json", "--event", "1 BOOT", "--tag", "beta",
            "--now", "2026-12-06T00:00:00Z",
        ])
        #expect(explain.stdout.contains("superseded"), "\(explain.stdout)")

        let one = try Scratch.directory(["r.yaml": Self.rule], prefix: "ferrule-reboot-once-lint")
        let clean = try await FerruleRunner.run(["lint", "--no-models", one])
        #expect(clean.status == 0)
        #expect(!clean.stdout.contains("superseded-reboot"), "\(clean.stdout)")
    }

    @Test(
        "--now takes every time a JavaScript Date holds, TR-069's unknown time included; beyond, the error names the range"
    )
    func nowRange() async throws {
        let rules = try Scratch.directory(
            [
                "r.yaml": Self.rule
                    + "  - name: hour3\n    triggers: {schedule: {duration: 600, cron: \"* 3 * * *\"}}\n    actions:\n      - tag: {add: [x]}\n"
            ],
            prefix: "ferrule-now-range"
        )
        func explain(_ now: String) async throws -> FerruleRunner.Output {
            // `--now=…`: a value starting with `-` would be read as an option.
            try await FerruleRunner.run([
                "explain", rules, "--device", "Fixtures/trees/nbi-device-tr181.json", "--event", "1 BOOT",
                "--now=" + now,
            ])
        }
        let unknown = try await explain("0001-01-01T00:00:00Z")
        #expect(unknown.status == 0, "\(unknown.stderr)")
        #expect(unknown.stdout.contains("is after the session time 0001-01-01T00:00:00Z"), "\(unknown.stdout)")
        #expect(
            unknown.stdout.contains("is not active at 0001-01-01T00:00:00Z (the session time)"),
            "\(unknown.stdout)"
        )
        let earliest = try await explain("-271822-04-20T00:00:00Z")
        #expect(earliest.stdout.contains("is not active at -271822-04-20T00:00:00Z"), "\(earliest.stdout)")
        for now in ["-271822-04-20T00:00:00Z", "275760-09-13T00:00:00Z", "0001-01-01T03:05:00"] {
            let result = try await explain(now)
            #expect(result.status == 0, "\(now): \(result.stderr)")
        }
        for now in ["275760-09-13T00:00:01Z", "-271822-04-19T23:59:59Z", "999999999-01-01T00:00:00Z"] {
            let result = try await explain(now)
            #expect(result.status == 64, "\(now): \(result.stdout)")
            #expect(
                result.stderr.contains(
                    "error[usage]: --now \"\(now)\" is outside the times GenieACS's session clock (a JavaScript Date) "
                        + "holds: -271822-04-20T00:00:00Z to 275760-09-13T00:00:00Z"
                ),
                "\(result.stderr)"
            )
        }
    }

    @Test("explain evaluates schedules at --now, with later.js's ticks, and says when")
    func scheduleAtNow() async throws {
        let rules = try Scratch.directory(
            [
                "r.yaml":
                    "rules:\n  - name: hour3\n    triggers: {schedule: {duration: 600, cron: \"* 3 * * *\"}}\n    actions:\n      - tag: {add: [x]}\n"
            ],
            prefix: "ferrule-schedule-now"
        )
        func explain(_ now: String) async throws -> String {
            let result = try await FerruleRunner.run([
                "explain", rules, "--device", "Fixtures/trees/nbi-device-tr181.json", "--now", now,
            ])
            #expect(result.status == 0, "\(result.stderr)")
            return result.stdout
        }
        #expect(try await explain("2026-12-01T03:05:00Z").contains("MATCH hour3"))
        let late = try await explain("2026-12-01T03:20:10Z")
        #expect(
            late.contains(
                "no    hour3: schedule \"600 * 3 * * *\" is not active at 2026-12-01T03:20:10Z (the session time)"
            ),
            "\(late)"
        )
    }

    @Test(
        "two rules reboot the same device: the later rule's `since` decides, as GenieACS merges them; the earlier is superseded"
    )
    func lastDeclarationWins() async throws {
        let rules = try Scratch.directory(
            [
                "r.yaml": """
                rules:
                  - name: a-new-reboot
                    triggers: {events: ["1 BOOT"], weight: 0}
                    actions:
                      - reboot: {since: "2026-12-05T00:00:00Z"}
                  - name: b-old-reboot
                    triggers: {events: ["1 BOOT"], weight: 1}
                    actions:
                      - reboot: {since: "2026-11-01T00:00:00Z"}

                """,
                "tests/t.yaml": """
                cases:
                  - name: two reboot rules
                    device: ../d.json
                    events: ["1 BOOT"]
                    now: "2026-12-06T00:00:00Z"
                    expect:
                      values: {Reboot: "1796428800000"}

                """,
                "d.json": Self.device(rebootedAt: "2026-12-01T00:00:00.000Z"),
            ],
            prefix: "ferrule-reboot-two"
        )
        let explain = try await FerruleRunner.run([
            "explain", rules, "--device", rules + "/d.json", "--event", "1 BOOT", "--now", "2026-12-06T00:00:00Z",
        ])
        #expect(explain.status == 0, "\(explain.stderr)")
        #expect(!explain.stdout.contains("Reboot = "), "GenieACS sends no reboot: \(explain.stdout)")
        #expect(
            explain.stdout.contains(
                "Reboot: skipped: superseded: GenieACS keeps the last declaration of Reboot in preset order, rule b-old-reboot's"
            ),
            "\(explain.stdout)"
        )
        #expect(explain.stdout.contains("Reboot: skipped: the ACS already sent it at 2026-12-01T00:00:00Z"))
        let test = try await FerruleRunner.run(["test", rules])
        #expect(test.status == 1, "a case expecting the superseded reboot fails: \(test.stdout)")
        #expect(test.stdout.contains("Reboot: expected \"1796428800000\", got nothing"), "\(test.stdout)")
    }

    @Test("tags that change on every preset cycle: explain and test report GenieACS's preset_loop fault")
    func presetLoop() async throws {
        let rules = try Scratch.directory(
            [
                "r.yaml": """
                rules:
                  - name: a-add
                    match: {tags: {none: [x]}}
                    actions:
                      - tag: {add: [x]}
                  - name: b-remove
                    match: {tags: {all: [x]}}
                    actions:
                      - tag: {remove: [x]}

                """,
                "tests/t.yaml": """
                cases:
                  - name: ping-pong
                    device: ../d.json
                    expect:
                      matches: [a-add, b-remove]

                """,
                "d.json": Self.device(rebootedAt: nil),
            ],
            prefix: "ferrule-preset-loop"
        )
        let explain = try await FerruleRunner.run(["explain", rules, "--device", rules + "/d.json"])
        #expect(explain.status == 0, "\(explain.stderr)")
        #expect(explain.stdout.contains("fault: preset_loop"), "\(explain.stdout)")
        let test = try await FerruleRunner.run(["test", rules])
        #expect(test.status == 1, "\(test.stdout)")
        #expect(test.stdout.contains("preset_loop"), "\(test.stdout)")
    }
}
