import FerruleCore
import FerruleServer
import FerruleTestSupport
import Foundation
import Testing

/// The server configuration file and environment.
@Suite("ferrule serve: configuration")
struct ServerConfigurationTests {
    func load(_ text: String, environment: [String: String] = [:]) throws -> (ServerConfiguration, DiagnosticCollector)
    {
        let file = try Scratch.directory(["serve.yaml": text]) + "/serve.yaml"
        return ServerConfiguration.load(file: file, environment: environment)
    }

    @Test("a full file is read: listen, state, limits, runner and tenants with secrets resolved")
    func full() throws {
        let (configuration, diagnostics) = try load(
            """
            listen: {host: 0.0.0.0, port: 8443}
            state: /var/lib/ferrule
            log: {format: json, level: debug}
            limits: {max_body_bytes: 2048, rate_per_second: 5, burst: 10}
            metrics: {public: true}
            runner: {scan_seconds: 5, max_campaigns: 2}
            tenants:
              acme:
                genieacs: {url: "http://acs:7557", username: nbi, password: "${secret:ACME_NBI}"}
                voltha: {address: "voltha:55555"}
              globex:
                genieacs: {url: "https://acs.globex:7557", token: "${secret:GLOBEX}"}
            """,
            environment: ["FERRULE_SECRET_ACME_NBI": "s3cret", "FERRULE_SECRET_GLOBEX": "tok"]
        )
        #expect(!diagnostics.hasErrors, "\(diagnostics.sorted)")
        #expect(configuration.host == "0.0.0.0")
        #expect(configuration.port == 8443)
        #expect(configuration.stateDirectory == "/var/lib/ferrule")
        #expect(configuration.log.format == .json)
        #expect(configuration.limits.maxBodyBytes == 2048)
        #expect(configuration.limits.ratePerSecond == 5)
        #expect(configuration.metricsPublic)
        #expect(configuration.runner.maxCampaigns == 2)
        #expect(configuration.tenants.map(\.name) == ["acme", "globex"])
        #expect(configuration.tenant("acme")?.genieACS?.password == "s3cret")
        #expect(configuration.tenant("globex")?.genieACS?.token == "tok")
        #expect(configuration.tenant("acme")?.voltha?.address == "voltha:55555")
        #expect(!"\(configuration.tenants)".contains("s3cret"), "descriptions hold no secret")
    }

    @Test("runner slots: max_campaigns_per_tenant and yield_after_seconds are read; defaults: no tenant cap, 10 s")
    func runnerSlots() throws {
        let (defaults, clean) = try load("state: /var/lib/ferrule\n")
        #expect(!clean.hasErrors, "\(clean.sorted)")
        #expect(defaults.runner.maxCampaignsPerTenant == nil)
        #expect(defaults.runner.yieldAfterSeconds == 10)
        let (configuration, diagnostics) = try load(
            "runner: {max_campaigns: 6, max_campaigns_per_tenant: 2, yield_after_seconds: 30}\n"
        )
        #expect(!diagnostics.hasErrors, "\(diagnostics.sorted)")
        #expect(configuration.runner.maxCampaignsPerTenant == 2)
        #expect(configuration.runner.yieldAfterSeconds == 30)
    }

    @Test("a tenant cap above max_campaigns, or 0, and a yield_after_seconds of 0 fail the check at their line")
    func runnerSlotsRefused() throws {
        let (_, above) = try load(
            """
            state: /var/lib/ferrule
            runner:
              max_campaigns: 4
              max_campaigns_per_tenant: 5
            """
        )
        let lines = above.sorted.map(\.description)
        #expect(
            lines.contains {
                $0.contains("serve.yaml:4:29: error[")
                    && $0.contains("runner.max_campaigns_per_tenant (5) is more than")
                    && $0.contains("runner.max_campaigns (4)")
            },
            "\(lines)"
        )
        let (_, zero) = try load("runner: {max_campaigns_per_tenant: 0, yield_after_seconds: 0}\n")
        let zeros = zero.sorted.map(\.description)
        #expect(zeros.contains { $0.contains("runner.max_campaigns_per_tenant must be between 1 and 256") }, "\(zeros)")
        #expect(
            zeros.contains { $0.contains("runner.yield_after_seconds must be between 0.05 and 86400.0") },
            "\(zeros)"
        )
    }

    @Test("a tenant's ca_file that cannot be read or holds no certificate fails the check at its line")
    func caFiles() throws {
        let directory = try Scratch.directory(["not-a-cert.pem": "hello\n"])
        let (_, diagnostics) = try load(
            """
            state: /var/lib/ferrule
            tenants:
              acme:
                genieacs: {url: "https://acs:7557", ca_file: /nonexistent/ca.pem}
                voltha: {address: "voltha:55555", tls: true, ca_file: \(directory)/not-a-cert.pem}
            """
        )
        let lines = diagnostics.sorted.map(\.description)
        #expect(
            lines.contains {
                $0.contains("serve.yaml:4:") && $0.contains("tenants.acme.genieacs.ca_file")
                    && $0.contains("cannot be read")
            },
            "\(lines)"
        )
        #expect(
            lines.contains { $0.contains("serve.yaml:5:") && $0.contains("holds no PEM certificate") },
            "\(lines)"
        )
    }

    @Test("unknown keys are errors at file:line:col with a did-you-mean; bad values are named")
    func unknownKeys() throws {
        let (_, diagnostics) = try load(
            """
            listen:
              prot: 80
            tenants:
              acme:
                genieacs: {url: "ftp://x"}
            limits: {burst: -1}
            """
        )
        let lines = diagnostics.sorted.map(\.description)
        #expect(
            lines.contains {
                $0.contains(
                    "serve.yaml:2:3: error[unknown-key]: unknown key \"prot\" in listen; did you mean \"port\"?"
                )
            },
            "\(lines)"
        )
        #expect(
            lines.contains {
                $0.contains("serve.yaml:5:") && $0.contains("error[bad-value]: expected an http:// or https:// URL")
            },
            "\(lines)"
        )
        #expect(lines.contains { $0.contains("limits.burst must be between 1 and 1000000") }, "\(lines)")
    }

    @Test("a secret without a value is an error naming the variable to set, never a value")
    func missingSecret() throws {
        let (_, diagnostics) = try load(
            """
            tenants:
              acme:
                genieacs: {url: "http://acs:7557", username: u, password: "${secret:NOPE}"}
            """
        )
        let text = diagnostics.sorted.map(\.description).joined(separator: "\n")
        #expect(text.contains("secret \"NOPE\" has no value; set FERRULE_SECRET_NOPE"), "\(text)")
    }

    @Test("without a file: one tenant `default` from FERRULE_ACS_URL and FERRULE_VOLTHA")
    func environment() {
        let (configuration, diagnostics) = ServerConfiguration.load(
            file: nil,
            environment: [
                "FERRULE_ACS_URL": "http://127.0.0.1:7557", "FERRULE_VOLTHA": "127.0.0.1:55555",
                "FERRULE_STATE_DIR": "/tmp/x", "FERRULE_ACS_USERNAME": "u", "FERRULE_ACS_PASSWORD": "p",
            ]
        )
        #expect(!diagnostics.hasErrors)
        #expect(configuration.stateDirectory == "/tmp/x")
        #expect(configuration.tenants.map(\.name) == ["default"])
        #expect(configuration.tenants.first?.genieACS?.url == "http://127.0.0.1:7557")
        #expect(configuration.tenants.first?.genieACS?.password == "p")
        #expect(configuration.tenants.first?.voltha?.address == "127.0.0.1:55555")
    }

    @Test("credentials inside a GenieACS URL are refused")
    func credentialsInURL() {
        let (_, diagnostics) = ServerConfiguration.load(
            file: nil,
            environment: ["FERRULE_ACS_URL": "http://u:p@acs:7557"]
        )
        #expect(diagnostics.hasErrors)
        #expect(!diagnostics.sorted.map(\.description).joined().contains("u:p"))
    }

    @Test(
        "a GenieACS URL with a ?query or #fragment is refused, its token not shown",
        arguments: ["?token=T0kSecret", "#T0kSecret"]
    )
    func queryInURL(_ suffix: String) {
        let (_, diagnostics) = ServerConfiguration.load(
            file: nil,
            environment: ["FERRULE_ACS_URL": "http://acs:7557/" + suffix]
        )
        #expect(diagnostics.hasErrors)
        let text = diagnostics.sorted.map(\.description).joined()
        #expect(text.contains("?query or #fragment"), "\(text)")
        #expect(!text.contains("T0kSecret"), "\(text)")
    }

    @Test(
        "a VOLTHA address serve would refuse fails the check at its line and column",
        arguments: ["127.0.0.1:99999", "127.0.0.1:0", "user:pw@host:5", "-x:5", "voltha/api:5", "vo ltha:5"]
    )
    func badVolthaAddress(_ address: String) throws {
        let text = """
            tenants:
              acme:
                genieacs: {url: "http://127.0.0.1:1"}
                voltha: {address: "\(address)"}

            """
        let (_, diagnostics) = try load(text)
        let errors = diagnostics.sorted.filter { $0.severity == .error }
        #expect(errors.count == 1, "\(errors)")
        let error = try #require(errors.first)
        #expect(error.code == .badValue)
        #expect(error.location.line == 4 && error.location.column == 23, "\(error)")
        #expect(error.message.hasPrefix("tenants.acme.voltha.address: bad"), "\(error)")
        #expect(!error.description.contains("pw@"), "\(error)")
    }
}

@Suite struct ListenHostTests {
    @Test(
        "listen.host: addresses and names pass; an IPv4 address gone wrong is not taken for a name",
        arguments: [
            ("127.0.0.1", true), ("::", true), ("ferrule.example.net", true), ("noc-1", true), ("256.1.1.1", false),
            ("10.0.0", false), ("1.2.3.4.5", false), ("not a host!!", false),
        ]
    )
    func hosts(_ host: String, _ valid: Bool) {
        #expect((ServerConfigurationReader.hostProblem(host) == nil) == valid, "\(host)")
    }
}
