import FerruleCore
import FerruleServer
import FerruleTestSupport
import Foundation
import PONEvents
import Testing

/// The `pon:` section of the server configuration: the PON plane of scheduled campaigns with PON
/// keys, as `ferrule campaign run --topology --storm-settings` gives it on the command line.
@Suite struct ServerPONSettingsTests {
    static let base = ServerConfiguration(stateDirectory: "/tmp")

    static let topology = "device,olt,pon,serial,model\n3C52A1-EX220-000001,olt-1,1,HWTC00000001,EX220\n"

    @Test("pon.topology, pon.storm and a tenant's own pon.topology are read; the tenant's wins for it")
    func reads() throws {
        let directory = try Scratch.directory(["topology.csv": Self.topology, "acme.csv": Self.topology])
        var reader = ServerConfigurationReader(file: "serve.yaml")
        let configuration = reader.read(
            """
            pon:
              topology: \(directory)/topology.csv
              storm: {threshold: 12, window-seconds: 45}
            tenants:
              acme:
                pon: {topology: \(directory)/acme.csv}
              beta: {}
            """,
            over: Self.base,
            environment: [:]
        )
        #expect(!reader.diagnostics.hasErrors, "\(reader.diagnostics.sorted)")
        #expect(configuration.pon.topologyFile == directory + "/topology.csv")
        #expect(configuration.pon.storms.threshold == 12)
        #expect(configuration.tenant("acme")?.topologyFile == directory + "/acme.csv")
        #expect(configuration.tenant("beta")?.topologyFile == nil)
    }

    @Test("a misspelt pon key and a bad storm value are errors at file:line:col")
    func rejects() {
        var reader = ServerConfigurationReader(file: "serve.yaml")
        _ = reader.read("pon:\n  topolgy: /x.csv\n  storm: {threshold: 1}\n", over: Self.base, environment: [:])
        let lines = reader.diagnostics.sorted.map(\.description)
        #expect(lines.contains { $0.hasPrefix("serve.yaml:2:3: error") && $0.contains("topology") }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("serve.yaml:3:") && $0.contains("threshold") }, "\(lines)")
    }

    @Test("--check-config fails when a topology file cannot be read, at the key's file:line:col")
    func unreadableTopology() throws {
        let directory = try Scratch.directory([
            "serve.yaml":
                "pon: {topology: /nonexistent/topology.csv}\ntenants:\n  acme:\n    pon: {topology: /nope.csv}\n"
        ])
        let (_, diagnostics) = ServerConfiguration.load(file: directory + "/serve.yaml", environment: [:]) {
            $0.stateDirectory = directory
        }
        let lines = diagnostics.sorted.map(\.description)
        #expect(
            lines.contains {
                $0.hasPrefix(directory + "/serve.yaml:1:17: error[unreadable]: ")
                    && $0.contains("pon.topology /nonexistent/topology.csv cannot be read: no such file")
            },
            "\(lines)"
        )
        #expect(
            lines.contains {
                $0.hasPrefix(directory + "/serve.yaml:4:21: error[unreadable]: ")
                    && $0.contains("tenants.acme.pon.topology /nope.csv cannot be read")
            },
            "\(lines)"
        )
    }

    @Test("--check-config reports a malformed topology record at its own line, before any campaign uses it")
    func malformedTopology() throws {
        let directory = try Scratch.directory([
            "topology.csv": "device,olt,pon\n3C52A1-EX220-000001,olt-1,\"1\n"
        ])
        let file = directory + "/serve.yaml"
        try "pon:\n  topology: \(directory)/topology.csv\n".write(toFile: file, atomically: true, encoding: .utf8)
        let (_, diagnostics) = ServerConfiguration.load(file: file, environment: [:]) { $0.stateDirectory = directory }
        let lines = diagnostics.sorted.map(\.description)
        #expect(
            lines.contains { $0.hasPrefix(directory + "/topology.csv:2:") && $0.contains("unterminated quoted field") },
            "\(lines)"
        )
    }
}
