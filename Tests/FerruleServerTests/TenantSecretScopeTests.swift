import Campaigns
import FerruleCore
import FerruleJSON
import FerruleServer
import FerruleTestSupport
import Foundation
import GenieACS
import GenieACSStandIn
import HTTPTypes
import Logging
import Testing

/// `${secret:NAME}` in a tenant's rules and campaigns resolves from that tenant's own secrets
/// only: never another tenant's, never the server's upstream credentials.
@Suite("ferrule serve: secrets are scoped per tenant")
struct TenantSecretScopeTests {
    static let acmeValue = "acme-password-4711"
    static let globexValue = "globex-token-0815"

    /// A rule project setting the provisioning code from `secret`.
    static func deploy(_ secret: String) -> APIRequest {
        let rule = """
            rules:
              - name: code
                actions:
                  - set: {path: InternetGatewayDevice.DeviceInfo.ProvisioningCode, value: "${secret:\(secret)}"}

            """
        let files = JSONValue.object([("rules/code.yaml", .string(rule))])
        return APIRequest(
            method: .post,
            path: "/api/v1/ferrule/rules/deploy",
            body: JSONValue.object([("files", files)]).compactText
        )
    }

    static func harness() throws -> APITestHarness {
        var harness = try APITestHarness()
        harness.secrets = [
            "acme": SecretStore(values: ["ACME_PW": acmeValue]),
            "globex": SecretStore(values: ["GLOBEX_TOK": globexValue]),
        ]
        return harness
    }

    @Test("a deploy naming another tenant's secret is refused as missing and pushes nothing")
    func otherTenantsSecretRefused() async throws {
        let harness = try Self.harness()
        try await harness.test { client in
            let refused = try await client.send(Self.deploy("GLOBEX_TOK"))
            #expect(refused.status == 422, "\(refused.text)")
            #expect(refused.detail?.contains("GLOBEX_TOK") == true, "\(refused.text)")
            #expect(!refused.text.contains(Self.globexValue))
            let presets = try await client.send(APIRequest(path: "/api/v1/genieacs/presets"))
            #expect(presets.status == 200)
            #expect(!presets.text.contains(Self.globexValue))
            #expect(presets.json.arrayValue?.isEmpty == true, "nothing was deployed: \(presets.text)")
        }
    }

    @Test("a tenant's own secret deploys; the preset reads back with the placeholder, never the value")
    func ownSecretWorks() async throws {
        let harness = try Self.harness()
        try await harness.test { client in
            let deployed = try await client.send(Self.deploy("ACME_PW"))
            #expect(deployed.status == 200, "\(deployed.text)")
            // The positive control: the value really is in GenieACS.
            let live = try await harness.genieacs.nbi.presets()
            #expect(live.contains { $0.compactText.contains(Self.acmeValue) }, "\(live)")
            let presets = try await client.send(APIRequest(path: "/api/v1/genieacs/presets"))
            #expect(presets.status == 200)
            #expect(!presets.text.contains(Self.acmeValue), "\(presets.text)")
            #expect(presets.text.contains("${secret:ACME_PW}"), "\(presets.text)")
            // The same preset through another tenant's token is refused its secret too.
            let other = try await client.send(
                {
                    var r = Self.deploy("ACME_PW")
                    r.tenant = "globex"
                    return r
                }()
            )
            #expect(other.status == 422, "\(other.text)")
        }
    }

    @Test("a deployed secret an edit in GenieACS moved reads back nowhere; a PATCH of the mask a read shows is refused")
    func movedSecretStaysHidden() async throws {
        let harness = try Self.harness()
        try await harness.test { client in
            let deployed = try await client.send(Self.deploy("ACME_PW"))
            #expect(deployed.status == 200, "\(deployed.text)")
            // Edited in GenieACS, marker kept: two arguments inserted in front of the secret.
            let live = try #require(
                try await harness.genieacs.nbi.presets().first { $0.compactText.contains(Self.acmeValue) }
            )
            let name = try #require(live["_id"]?.stringValue)
            var configurations = try #require(live["configurations"]?.arrayValue)
            let c = try #require(configurations.firstIndex { $0["args"]?.compactText.contains(Self.acmeValue) == true })
            let args = try #require(configurations[c]["args"]?.arrayValue)
            configurations[c] = configurations[c].setting(
                "args",
                to: .array([.string("by-hand"), .string("also-by-hand")] + args)
            )
            try await harness.genieacs.nbi.putPreset(
                name,
                live.removing("_id").setting("configurations", to: .array(configurations))
            )

            let presets = try await client.send(APIRequest(path: "/api/v1/genieacs/presets"))
            #expect(presets.status == 200)
            #expect(!presets.text.contains(Self.acmeValue), "\(presets.text)")
            let one = try await client.send(APIRequest(path: "/api/v1/genieacs/presets/\(name)"))
            #expect(one.status == 200)
            #expect(!one.text.contains(Self.acmeValue), "\(one.text)")
            // The moved value shows as its placeholder; an argument that may hold a secret as the mask.
            #expect(one.text.contains("${secret:ACME_PW}"), "\(one.text)")
            #expect(one.text.contains("••••••"), "\(one.text)")

            // Writing back what the read showed would put the mask on the CPEs: refused, GenieACS unchanged.
            let shown = try #require(one.json["configurations"])
            let patch = try await client.send(
                APIRequest(
                    method: .patch,
                    path: "/api/v1/genieacs/presets/\(name)",
                    body: JSONValue.object([("configurations", shown)]).compactText
                )
            )
            #expect(patch.status == 422, "\(patch.text)")
            #expect(patch.detail?.contains("••••••") == true, "\(patch.text)")
            #expect(!patch.text.contains(Self.acmeValue))
            let after = try await harness.genieacs.nbi.presets().first { $0["_id"]?.stringValue == name }
            #expect(
                after?.compactText.contains(Self.acmeValue) == true,
                "the preset is unchanged: \(String(describing: after))"
            )
        }
    }

    @Test("the server's runtime gives each tenant its own secrets file only, never FERRULE_SECRET_* or another's")
    func runtimeScopes() throws {
        let acmeFile = try Scratch.file("acme.env", Array("ACME_PW=\(Self.acmeValue)\n".utf8))
        let globexFile = try Scratch.file("globex.env", Array("GLOBEX_TOK=\(Self.globexValue)\n".utf8))
        let serverFile = try Scratch.file("server.env", Array("UPSTREAM_PW=upstream-secret\n".utf8))
        var configuration = ServerConfiguration(stateDirectory: try Scratch.directory("ferrule-scope").path)
        var acme = TenantSettings(name: "acme")
        acme.secretsFile = acmeFile
        var globex = TenantSettings(name: "globex")
        globex.secretsFile = globexFile
        configuration.tenants = [acme, globex, TenantSettings(name: "bare")]
        configuration.secretsFile = serverFile
        configuration.runner.enabled = false
        let runtime = try ServerRuntime(
            configuration: configuration,
            environment: ["FERRULE_SECRET_ENV_PW": "env-secret"],
            logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        )
        #expect(runtime.secrets(of: "acme").value("ACME_PW") == Self.acmeValue)
        #expect(runtime.secrets(of: "acme").value("GLOBEX_TOK") == nil)
        #expect(runtime.secrets(of: "globex").value("ACME_PW") == nil)
        #expect(runtime.secrets(of: "globex").value("GLOBEX_TOK") == Self.globexValue)
        for tenant in ["acme", "globex", "bare"] {
            #expect(runtime.secrets(of: tenant).value("UPSTREAM_PW") == nil)
            #expect(runtime.secrets(of: tenant).value("ENV_PW") == nil)
        }
        // The positive control: the server's own secrets are loaded, for its credentials.
        #expect(runtime.secrets.value("UPSTREAM_PW") == "upstream-secret")
        #expect(runtime.secrets.value("ENV_PW") == "env-secret")
    }

    @Test("tenants.<name>.secrets_file is read; a malformed or unreadable one is an error at the key")
    func configurationKey() throws {
        let good = try Scratch.file("good.env", Array("ACME_PW=x\n".utf8))
        let bad = try Scratch.file("bad.env", Array("no equals sign\n".utf8))
        let text = """
            tenants:
              acme: {secrets_file: \(good)}
              globex:
                secrets_file: \(bad)
              initech:
                secrets_file: /nonexistent/ferrule.env
            """
        let file = try Scratch.directory(["serve.yaml": text]) + "/serve.yaml"
        let (configuration, diagnostics) = ServerConfiguration.load(file: file, environment: [:])
        #expect(configuration.tenant("acme")?.secretsFile == good)
        let errors = diagnostics.sorted.filter { $0.severity == .error }.map(\.description)
        #expect(errors.count == 2, "\(errors)")
        #expect(errors.first?.hasPrefix("\(file):4:19: error[bad-secrets-file]") == true, "\(errors)")
        #expect(errors.last?.hasPrefix("\(file):6:19: error[") == true, "\(errors)")
    }

    @Test("no tenants in the file: FERRULE_TENANT_SECRETS_FILE is the default tenant's secrets; a bad one is an error")
    func defaultTenantFromEnvironment() throws {
        let good = try Scratch.file("default.env", Array("DEFAULT_PW=from-file\n".utf8))
        let bad = try Scratch.file("broken.env", Array("no equals sign\n".utf8))
        let state = try Scratch.directory("ferrule-default-secrets").path
        var (configuration, diagnostics) = ServerConfiguration.load(
            file: nil,
            environment: ["FERRULE_TENANT_SECRETS_FILE": good, "FERRULE_STATE_DIR": state]
        )
        #expect(!diagnostics.hasErrors, "\(diagnostics.sorted)")
        let tenant = ServerEnvironment.defaultTenant
        #expect(configuration.tenant(tenant)?.secretsFile == good)
        configuration.runner.enabled = false
        let runtime = try ServerRuntime(
            configuration: configuration,
            environment: ["FERRULE_SECRET_DEFAULT_PW": "server-only"],
            logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        )
        #expect(runtime.secrets(of: tenant).value("DEFAULT_PW") == "from-file")
        #expect(runtime.secrets.value("DEFAULT_PW") == "server-only")

        let (_, refused) = ServerConfiguration.load(
            file: nil,
            environment: ["FERRULE_TENANT_SECRETS_FILE": bad, "FERRULE_STATE_DIR": "/tmp"]
        )
        let errors = refused.sorted.filter { $0.severity == .error }.map(\.description)
        #expect(errors.count == 1, "\(errors)")
        #expect(errors.first?.contains("FERRULE_TENANT_SECRETS_FILE \(bad):1") == true, "\(errors)")
        #expect(errors.first?.hasPrefix("environment: error[bad-secrets-file]") == true, "\(errors)")
    }
}
