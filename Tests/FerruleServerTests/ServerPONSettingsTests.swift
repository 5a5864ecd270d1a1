import FerruleCore
import FerruleServer
import FerruleTestSupport
import Testing
import VOLTHA

/// The `pon:` section of the server configuration: the PON plane of scheduled campaigns with PON
/// keys, as `ferrule campaign run --topology --storm-settings` gives it on the command line.
@Suite struct ServerPONSettingsTests {
    static let base = ServerConfiguration(stateDirectory: "/tmp")

    @Test("pon.topology, pon.storm and a tenant's own pon.topology are read; the tenant's wins for it")
    func reads() throws {
        var reader = ServerConfigurationReader(file: "serve.yaml")
        let configuration = reader.read(
            """
            pon:
              topology: /etc/ferrule/topology.csv
              storm: {threshold: 12, window-seconds: 45}
            tenants:
              acme:
                pon: {topology: /etc/ferrule/acme.csv}
              beta: {}
            """,
            over: Self.base,
            environment: [:]
        )
        #expect(!reader.diagnostics.hasErrors, "\(reader.diagnostics.sorted)")
        #expect(configuration.pon.topologyFile == "/etc/ferrule/topology.csv")
        #expect(configuration.pon.storms.threshold == 12)
        #expect(configuration.tenant("acme")?.topologyFile == "/etc/ferrule/acme.csv")
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

    @Test("--check-config fails when a topology file cannot be read, naming the key")
    func unreadableTopology() throws {
        let directory = try Scratch.directory([
            "serve.yaml":
                "pon: {topology: /nonexistent/topology.csv}\ntenants:\n  acme:\n    pon: {topology: /nope.csv}\n"
        ])
        let (_, diagnostics) = ServerConfiguration.load(file: directory + "/serve.yaml", environment: [:]) {
            $0.stateDirectory = directory
        }
        let messages = diagnostics.sorted.map(\.message)
        #expect(messages.contains("pon.topology /nonexistent/topology.csv cannot be read"), "\(messages)")
        #expect(messages.contains("tenants.acme.pon.topology /nope.csv cannot be read"), "\(messages)")
    }
}
