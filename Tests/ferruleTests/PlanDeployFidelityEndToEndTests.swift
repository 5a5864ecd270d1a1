import FerruleTestSupport
import Foundation
import Testing

/// `plan` and `deploy` against a GenieACS stand-in: names it holds, virtual parameters others
/// read, and secret arguments that move between versions of a rule.
@Suite("plan and deploy fidelity against a GenieACS stand-in")
struct PlanDeployFidelityEndToEndTests {
    static let rule = "rules: [{name: x, actions: [{set: {path: Device.X.A, value: \"1\"}}]}]\n"

    @Test("a GenieACS preset name with control characters is printed escaped: no screen clearing, no fake plan line")
    func controlCharactersEscaped() async throws {
        let standIn = try await StandInProcess.start()
        defer { standIn.stop() }
        let project = try Scratch.directory(["r.yaml": Self.rule])
        let put = try await standIn.request(
            "PUT",
            "/presets/evil%1B%5B2J%0D%0A%20%20%2B%20preset%20fake%3A%20create",
            body: #"{"weight":0,"configurations":[]}"#
        )
        #expect(put.status == 200, "\(put.body)")
        let plan = try await standIn.ferrule(["plan", project])
        #expect(plan.status == 2, "\(plan.combined)")
        #expect(!plan.stdout.contains("\u{1B}"), "\(plan.stdout.debugDescription)")
        #expect(!plan.stdout.contains("\n  + preset fake"), "\(plan.stdout)")
        #expect(plan.stdout.contains(#"preset evil\u{1B}[2J\r\n  + preset fake: create"#), "\(plan.stdout)")
    }

    @Test("--prune keeps a virtual parameter a preset Ferrule does not own reads in its precondition")
    func prunedVirtualParameterKept() async throws {
        try await Self.expectVirtualParameterKept(
            reader: "ui-preset",
            #"{"weight":0,"channel":"default","events":{},"precondition":"VirtualParameters.vpx > 100","configurations":[{"type":"value","name":"Device.X.B","value":"1"}]}"#
        )
    }

    /// Deploys virtual parameter `vpx`, has GenieACS hold preset `reader` (`preset`, a JSON document
    /// Ferrule does not own) that reads it, then plans and deploys the rules without `vpx` with
    /// `--prune`: the plan says it is kept and why, and the deploy leaves it in GenieACS.
    static func expectVirtualParameterKept(reader: String, _ preset: String) async throws {
        let standIn = try await StandInProcess.start()
        defer { standIn.stop() }
        let v1 = try Scratch.directory([
            "r.yaml": Self.rule + "virtualParameters:\n  - name: vpx\n    paths: [Device.DeviceInfo.UpTime]\n"
        ])
        let v2 = try Scratch.directory(["r.yaml": Self.rule])
        let first = try await standIn.ferrule(["deploy", v1, "--yes"])
        #expect(first.status == 0, "\(first.combined)")
        try await standIn.putPreset(reader, preset)
        let plan = try await standIn.ferrule(["plan", v2, "--prune"])
        #expect(plan.stdout.contains("= virtual parameter vpx: kept"), "\(plan.combined)")
        #expect(plan.stdout.contains("kept: preset \(reader) (not Ferrule's) still reads it"), "\(plan.stdout)")
        let deploy = try await standIn.ferrule(["deploy", v2, "--yes", "--prune"])
        #expect(deploy.status == 0, "\(deploy.combined)")
        #expect(try await standIn.documents("virtual_parameters", id: "vpx").count == 1, "vpx is still there")
    }

    @Test(
        "--prune keeps a virtual parameter a foreign preset reads through its configurations (GenieACS UI forms)",
        arguments: [
            #"{"type":"provision","name":"refresh","args":["VirtualParameters.vpx",3600]}"#,
            #"{"type":"age","name":"VirtualParameters.vpx","age":3600}"#,
            #"{"type":"value","name":"VirtualParameters.vpx","value":"x"}"#,
            #"{"type":"age","name":"VirtualParameters.*","age":60}"#,
        ]
    )
    func prunedVirtualParameterKeptForConfigurations(configuration: String) async throws {
        try await Self.expectVirtualParameterKept(
            reader: "ui-refresh",
            #"{"weight":0,"channel":"","events":{"2 PERIODIC":true},"precondition":"","configurations":["#
                + configuration + "]}"
        )
    }

    @Test("a secret-bearing action inserted in front of another: deploy stages the provision, leaves no copy behind")
    func movedSecretArgumentsStaged() async throws {
        let standIn = try await StandInProcess.start()
        defer { standIn.stop() }
        let wan = "      - wan: {username: \"${device.serialNumber}\", password: \"${secret:PPP_PASSWORD}\"}\n"
        let wifi =
            "      - wifi: {band: 2.4GHz, ssid: Fibre, passphrase: \"${secret:WIFI_PASSPHRASE}\", security: WPA2-Personal}\n"
        let v1 = try Scratch.directory(["a.yaml": "rules:\n  - name: cpe\n    actions:\n" + wan])
        let v2 = try Scratch.directory(["a.yaml": "rules:\n  - name: cpe\n    actions:\n" + wifi + wan])
        let environment = [
            "FERRULE_SECRET_PPP_PASSWORD": "ppp-secret", "FERRULE_SECRET_WIFI_PASSPHRASE": "wifi-secret",
        ]
        let first = try await standIn.ferrule(["deploy", v1, "--yes"], environment: environment)
        #expect(first.status == 0, "\(first.combined)")
        let second = try await standIn.ferrule(["deploy", v2, "--yes"], environment: environment)
        #expect(second.status == 0, "\(second.combined)")
        #expect(second.stdout.contains("updated provision cpe"), "\(second.stdout)")
        #expect(!second.stdout.contains("~next-"), "the staged copy is not a step: \(second.stdout)")
        let provisions = try await standIn.documents("provisions").compactMap { $0["_id"] as? String }
        #expect(provisions == ["cpe"], "no staged copy is left: \(provisions)")
        let again = try await standIn.ferrule(["plan", v2], environment: environment)
        #expect(again.status == 0, "\(again.combined)")
    }
}
