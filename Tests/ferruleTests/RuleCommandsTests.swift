import FerruleTestSupport
import Foundation
import Testing

/// End-to-end: `ferrule test`, `ferrule explain` and `ferrule lint` on the shipped rule library.
@Suite("ferrule test / explain / lint (end to end)")
struct RuleCommandsTests {
    @Test("ferrule test compiles Provisions/ and passes every shipped case")
    func testProvisions() async throws {
        let out = try Scratch.path("out", prefix: "ferrule-test")
        let result = try await FerruleRunner.run(["test", "Provisions", "--out", out])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        // "N rule(s) and M virtual parameter(s) compiled into OUT; K of K case(s) passed"
        let summary = try #require(result.stdout.split(separator: "\n").last.map(String.init))
        #expect(summary.contains(" virtual parameter(s) compiled into \(out); "))
        let counts = summary.split(separator: ";").last?.split(separator: " ").compactMap { Int($0) } ?? []
        #expect(counts.count == 2 && counts[0] == counts[1] && counts[0] >= 8, "\(summary)")
        #expect(!result.stdout.contains("FAIL"))
        #expect(FileManager.default.fileExists(atPath: out + "/manifest.json"))
        #expect(FileManager.default.fileExists(atPath: out + "/virtual_parameters/ssid2g.js"))
    }

    @Test("a failing case exits 1 and says what differed and why a rule did not match")
    func failingCase() async throws {
        let tree = Repository.root.appendingPathComponent("Fixtures/trees/nbi-device-tr181.json").path
        let dir = try Scratch.directory(
            [
                "r.yaml":
                    "rules:\n  - name: boot-only\n    triggers: {events: [\"1 BOOT\"]}\n    actions:\n      - tag: {add: [x]}\n",
                "tests/c.yaml":
                    "cases:\n  - name: expects a match\n    device: \(tree)\n    events: [\"2 PERIODIC\"]\n    expect:\n      matches: [boot-only]\n      values: {Tags.x: \"true\"}\n",
            ],
            prefix: "ferrule-case"
        )
        let result = try await FerruleRunner.run(["test", dir])
        #expect(result.status == 1)
        #expect(result.stdout.contains("FAIL"))
        #expect(result.stdout.contains("boot-only does not match: event \"1 BOOT\" is not in this Inform"))
        #expect(result.stdout.contains("Tags.x: expected \"true\", got nothing"))
    }

    @Test("ferrule explain shows matches with declarations, and reasons for the rest; secrets stay masked")
    func explain() async throws {
        let result = try await FerruleRunner.run([
            "explain", "Provisions", "--device", "Fixtures/trees/nbi-device-tr181.json", "--tag", "ftth", "--event",
            "2 PERIODIC",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("MATCH wifi-2g"))
        #expect(result.stdout.contains("Device.WiFi.SSID.1.SSID = Fibre-"))
        #expect(result.stdout.contains("<secret:WIFI_PASSPHRASE>"))
        #expect(result.stdout.contains("no    bootstrap-tags: event \"0 BOOTSTRAP\" is not in this Inform"))
    }

    @Test("ferrule lint: the shipped library is clean against the shipped models; errors exit 1")
    func lint() async throws {
        let clean = try await FerruleRunner.run(["lint", "Provisions"])
        #expect(clean.status == 0, "\(clean.stdout)")
        #expect(clean.stdout.contains("0 error(s), 0 warning(s)"))
        let dir = try Scratch.directory(
            [
                "r.yaml":
                    "rules:\n  - name: a\n    precondition: \"FOO(1) = 1\"\n    triggers: {schedule: {duration: 60, cron: \"61 * * * *\"}}\n    actions:\n      - set: {path: Device.WiFi.Radio.1.Channel, value: 999}\n"
            ],
            prefix: "ferrule-lint"
        )
        let broken = try await FerruleRunner.run(["lint", dir])
        #expect(broken.status == 1)
        #expect(broken.stdout.contains("error[bad-expression]"))
        #expect(broken.stdout.contains("error[bad-cron]"))
        #expect(
            broken.stdout.contains("error[bad-value]: Device.WiFi.Radio.1.Channel = 999: expected 1..255 (TR-181 2.17)")
        )
    }

    @Test("ferrule lint: a rule file's name with escape and bidi characters is printed escaped")
    func lintEscapesFileNames() async throws {
        let name = "bad\u{1B}[31m\u{202E}.yaml"
        let dir = try Scratch.directory(
            [name: "rules:\n  - name: a\n    precondition: \"FOO(1) = 1\"\n"],
            prefix: "ferrule-lint"
        )
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let broken = try await FerruleRunner.run(["lint", "--no-models", dir])
        #expect(broken.status == 1, "\(broken.stdout)")
        #expect(broken.stdout.contains("error[bad-expression]"), "\(broken.stdout)")
        #expect(!broken.stdout.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x202E }, "\(broken.stdout)")
    }

    @Test("ferrule test: a case's name with escape, bidi and newline characters is printed escaped, on its own line")
    func testEscapesCaseNames() async throws {
        let dir = try Scratch.directory(
            [
                "r.yaml":
                    "rules:\n  - name: pi\n    actions:\n      - set: {path: Device.ManagementServer.PeriodicInformInterval, value: 300}\n",
                "tests/dev.json":
                    #"{"_id":"x","Device":{"DeviceInfo":{"SoftwareVersion":{"_value":"1.0","_type":"xsd:string"}}}}"#,
                "tests/t.yaml":
                    "cases:\n  - name: \"evil \\e]0;pwned\\a \\u202e name\\nPASS forged all good\"\n    device: dev.json\n"
                    + "    expect:\n      matches: [nope]\n",
            ],
            prefix: "ferrule-test"
        )
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let result = try await FerruleRunner.run(["test", dir])
        #expect(result.status == 1, "\(result.stdout)")
        let scalars = result.stdout.unicodeScalars
        #expect(!scalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x202E }, "\(result.stdout)")
        #expect(!result.stdout.split(separator: "\n").contains { $0.hasPrefix("PASS forged") }, "\(result.stdout)")
    }

    @Test("a rule value nesting template calls 3,000 deep is an error in lint, compile and test, never a crash")
    func deepTemplate() async throws {
        let value =
            String(repeating: "lower(", count: 3000) + "device.serialNumber" + String(repeating: ")", count: 3000)
        let rules = """
            rules:
              - name: deep
                actions:
                  - set: {path: Device.DeviceInfo.ProvisioningCode, value: "${\(value)}"}

            """
        let dir = try Scratch.directory(["r.yaml": rules], prefix: "ferrule-deep")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for command in [
            ["lint", "--no-models"], ["compile", "--out", dir + "/out"], ["test"],
        ] {
            let result = try await FerruleRunner.run(command + [dir])
            #expect(result.status == 1, "\(command): \(result.status) \(result.stderr)")
            #expect(
                (result.stdout + result.stderr).contains("nest deeper than 16 levels"),
                "\(command)"
            )
        }
    }
}
