import FerruleTestSupport
import Foundation
import Testing

/// How `ferrule` finds GenieACS, and what an operator sees when it cannot.
@Suite("connecting to GenieACS")
struct ACSConnectionEndToEndTests {
    static let unreachable = "http://127.0.0.1:1"

    @Test(
        "an unreachable NBI is one line naming the URL and 'cannot connect', exit status 1",
        arguments: [
            ["plan", "Provisions"],
            ["acs", "devices"],
            ["acs", "device", StandInProcess.deviceID(0)],
            ["acs", "presets", "--format", "json"],
            ["acs", "provisions"],
            ["acs", "faults"],
            ["acs", "files"],
            ["acs", "task", StandInProcess.deviceID(0), "reboot"],
        ]
    )
    func unreachable(_ arguments: [String]) async throws {
        let output = try await FerruleRunner.execute(arguments + ["--acs", Self.unreachable, "--acs-timeout", "30"])
        #expect(output.status == 1, "\(output.combined)")
        #expect(output.stderrLines.count == 1, "\(output.stderr)")
        let line = try #require(output.stderrLines.first)
        #expect(line.hasPrefix("error: "))
        #expect(line.contains(Self.unreachable + "/"))
        #expect(line.contains("cannot connect"))
        #expect(output.stdout.isEmpty, "\(output.stdout)")
    }

    @Test(
        "without --acs and FERRULE_ACS_URL a command exits 2 and names both",
        arguments: [
            ["plan", "Provisions"], ["deploy", "Provisions", "--yes"], ["acs", "devices"], ["acs", "presets"],
        ]
    )
    func noURL(_ arguments: [String]) async throws {
        let output = try await FerruleRunner.execute(
            arguments,
            environment: TestSecrets.environment()
        )
        #expect(output.status == 64, "a usage error, never plan's 2 (changes): \(output.combined)")
        #expect(output.stderr.contains("--acs"), "\(output.stderr)")
        #expect(output.stderr.contains("FERRULE_ACS_URL"))
        #expect(output.stdout.isEmpty)
    }

    @Test("an unreadable --acs-ca: plan exits 1 (its 2 means changes), the other commands 2, the file named")
    func unreadableCA() async throws {
        let missing = "/nonexistent/ferrule-ca.pem"
        for (arguments, status) in [(["plan", "Provisions"], 1), (["acs", "devices"], 2)] {
            let output = try await FerruleRunner.execute(
                arguments + ["--acs", "https://127.0.0.1:1", "--acs-ca", missing],
                environment: TestSecrets.environment()
            )
            #expect(output.status == Int32(status), "\(arguments): \(output.combined)")
            #expect(output.stderr.contains("--acs-ca \(missing)"), "\(output.stderr)")
        }
    }

    @Test(
        "a URL with user:password@ is refused as a usage error and the password is not printed",
        arguments: [
            ["acs", "devices"],
            ["campaign", "create", "Fixtures/campaigns/wifi-rename.yaml", "--state", "/nonexistent/ferrule-state"],
            ["plan", "Provisions"],
        ]
    )
    func credentialsInURL(_ arguments: [String]) async throws {
        let output = try await FerruleRunner.execute(
            arguments + ["--acs", "http://nbi:S3cretPw@127.0.0.1:1"],
            environment: TestSecrets.environment()
        )
        #expect(output.status == 64, "\(output.combined)")
        #expect(output.stderr.contains("FERRULE_ACS_USERNAME"), "\(output.stderr)")
        #expect(!output.combined.contains("S3cretPw"), "\(output.combined)")
        if let state = arguments.firstIndex(of: "--state").map({ arguments[$0 + 1] }) {
            #expect(!FileManager.default.fileExists(atPath: state), "a usage error leaves no state file behind")
        }
    }

    @Test(
        "a URL with a ?query or #fragment is refused as a usage error, its token not printed",
        arguments: ["http://127.0.0.1:1/?token=S3cretTok", "http://127.0.0.1:1/#S3cretTok"]
    )
    func queryInURL(_ url: String) async throws {
        let output = try await FerruleRunner.execute(["plan", "Provisions", "--acs", url])
        #expect(output.status == 64, "\(output.combined)")
        #expect(output.stderr.contains("?query or #fragment"), "\(output.stderr)")
        #expect(!output.combined.contains("S3cretTok"), "\(output.combined)")
    }

    @Test("FERRULE_ACS_URL is used when --acs is absent, and --acs wins over it")
    func environmentURL() async throws {
        let standIn = try await StandInProcess.start(devices: 2)
        defer { standIn.stop() }

        let devices = try await FerruleRunner.execute(
            ["acs", "devices", "--format", "csv"],
            environment: ["FERRULE_ACS_URL": standIn.url]
        )
        #expect(devices.status == 0, "\(devices.combined)")
        #expect(devices.csvRows.map { $0[0] } == [StandInProcess.deviceID(0), StandInProcess.deviceID(1)])

        let plan = try await FerruleRunner.execute(
            ["plan", "Provisions"],
            environment: ["FERRULE_ACS_URL": standIn.url]
        )
        #expect(plan.status == 2, "\(plan.combined)")
        #expect(plan.stdout.hasPrefix("Plan against \(standIn.url):"))

        let override = try await FerruleRunner.execute(
            ["acs", "devices", "--format", "csv", "--acs", standIn.url],
            environment: ["FERRULE_ACS_URL": Self.unreachable]
        )
        #expect(override.status == 0, "\(override.combined)")
        #expect(override.csvRows.count == 2)
    }
}
