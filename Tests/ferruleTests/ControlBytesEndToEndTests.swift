import FerruleTestSupport
import Foundation
import Testing

/// A device's names and values, a token's name or a tenant typed on the command line may hold
/// control bytes (`ESC ] 0 ; … BEL` retitles a terminal, `ESC [ 2 J` clears it). Every command
/// writes them out as `\u{…}` instead of sending them to the terminal.
@Suite struct ControlBytesEndToEndTests {
    static let escape = "\u{1B}"

    /// A GenieACS NBI device document with a parameter whose name and value hold escape sequences.
    static func hostileDevice() throws -> String {
        let directory = try Scratch.directory("ferrule-control-bytes")
        let name = "X_Pwn\(escape)]0;pwn\u{07}"
        let document: [String: Any] = [
            "_id": "202BC1-BM632w-\(escape)[31mred",
            "Device": [
                "DeviceInfo": [
                    "SerialNumber": ["_value": "S\(escape)[2J", "_type": "xsd:string", "_writable": false],
                    name: ["_value": "v\(escape)[2J", "_type": "xsd:string", "_writable": true],
                ]
            ],
        ]
        let file = directory.appendingPathComponent("device.json")
        try JSONSerialization.data(withJSONObject: document).write(to: file)
        return file.path
    }

    @Test("validate (text and github) and cwmp tree write a device's control bytes as \\u{1B}")
    func deviceText() async throws {
        let device = try Self.hostileDevice()
        for arguments in [
            ["validate", device, "--model", "Models/tr-181-2-17-0-cwmp-full.xml"],
            ["validate", device, "--model", "Models/tr-181-2-17-0-cwmp-full.xml", "--format", "github"],
            ["cwmp", "tree", device],
        ] {
            let result = try await FerruleRunner.run(arguments)
            #expect(!result.stdout.contains(Self.escape), "\(arguments): raw ESC in \(result.stdout)")
            #expect(!result.stderr.contains(Self.escape), "\(arguments): raw ESC in \(result.stderr)")
            #expect(result.stdout.contains("\\u{1B}"), "\(arguments): \(result.stdout)")
        }
    }

    @Test("token create refuses a name with control bytes and never echoes a hostile tenant raw")
    func tokenText() async throws {
        let state = try Scratch.directory("ferrule-control-token").path
        let named = try await FerruleRunner.run([
            "token", "create", "--state", state, "--tenant", "acme", "--permission", "isp.cpe.read",
            "--name", "n\(Self.escape)]0;pwn\u{07}",
        ])
        #expect(named.status == 64, "\(named.stderr)")
        #expect(named.stderr.contains("without control characters"))
        let tenant = try await FerruleRunner.run([
            "token", "create", "--state", state, "--tenant", "ac\(Self.escape)[31mme", "--permission", "isp.cpe.read",
        ])
        #expect(tenant.status == 64, "\(tenant.stderr)")
        #expect(!tenant.stderr.contains(Self.escape), "raw ESC in \(tenant.stderr)")
        let revoke = try await FerruleRunner.run(["token", "revoke", "--state", state, "zz\(Self.escape)[31m"])
        #expect(revoke.status == 1, "\(revoke.stderr)")
        #expect(!revoke.stderr.contains(Self.escape), "raw ESC in \(revoke.stderr)")
    }

    @Test("token create --expires takes a whole number and a unit: 1e-9d, 0x10d, 1e3d and 1.5h are usage errors")
    func tokenLifetime() async throws {
        let state = try Scratch.directory("ferrule-token-lifetime").path
        for lifetime in ["1e-9d", "0x10d", "1e3d", "1.5h", "+5d", "0d"] {
            let refused = try await FerruleRunner.run([
                "token", "create", "--state", state, "--tenant", "acme", "--permission", "isp.cpe.read",
                "--expires", lifetime,
            ])
            #expect(refused.status == 64, "\(lifetime): \(refused.combined)")
            #expect(refused.stderr.contains("expected a whole number"), "\(lifetime): \(refused.stderr)")
        }
        let created = try await FerruleRunner.run([
            "token", "create", "--state", state, "--tenant", "acme", "--permission", "isp.cpe.read", "--expires", "12h",
        ])
        #expect(created.status == 0, "\(created.combined)")
    }
}
