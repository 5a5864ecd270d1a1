import Campaigns
import FerruleCore
import GenieACS
import GenieACSStandIn
import Testing

/// A device reads back the value an earlier campaign pushed from `${secret:NAME}`; the next
/// campaign's stored changes and rollback snapshot keep the placeholder, never the value.
@Suite struct SecretSnapshotTests {
    static let secretValue = "s3cr3t-code-4711"
    /// A secret parameter: a secret may only be pushed where device reads mask it.
    static let path = "InternetGatewayDevice.LANDevice.1.WLANConfiguration.1.KeyPassphrase"

    static func spec(_ value: String) throws -> CampaignSpec {
        var diagnostics = DiagnosticCollector()
        let text = """
            name: code
            configuration:
              - set: {path: \(path), value: "\(value)"}
            devices: {all: true}

            """
        return try #require(CampaignFile.parse(text, file: "code.yaml", diagnostics: &diagnostics))
    }

    @Test("a previous value equal to a known secret is stored as ${secret:NAME}, in changes, snapshot and rollback")
    func sealed() async throws {
        let secrets = SecretStore(values: ["PROVISIONING_CODE": Self.secretValue])
        let harness = try RunnerHarness(
            """
            name: first
            configuration:
              - set: {path: \(Self.path), value: "${secret:PROVISIONING_CODE}"}
            devices: {all: true}

            """,
            scenario: Scenario(devices: 2)
        )
        let first = try await harness.create()
        #expect(try await harness.runner(secrets: secrets).run(first.id, spec: harness.spec).status == .completed)

        var creator = CampaignCreator(store: harness.store, acs: harness.genieacs.nbi, clock: harness.clock)
        creator.secrets = secrets
        let second = try await creator.create(try Self.spec("plain-code"), specText: "second").record
        let targets = try await harness.targets(second.id)
        #expect(targets.count == 2)
        for target in targets {
            let stored = (target.changesJSON ?? "") + (target.previousJSON ?? "")
            #expect(!stored.contains(Self.secretValue), "\(stored)")
            let snapshot = ConfigurationPlan.changes(fromJSON: target.previousJSON)
            #expect(snapshot.map(\.value) == ["${secret:PROVISIONING_CODE}"])
        }

        #expect(
            try await harness.runner(secrets: secrets).run(second.id, spec: try Self.spec("plain-code")).status
                == .completed
        )
        let rollback = try await CampaignControl(store: harness.store, clock: harness.clock).rollback(second.id)
        for target in try await harness.targets(rollback.id) {
            let restore = ConfigurationPlan.changes(fromJSON: target.changesJSON)
            #expect(restore.map(\.value) == ["${secret:PROVISIONING_CODE}"])
            #expect(!(target.changesJSON ?? "").contains(Self.secretValue))
        }
    }

    @Test("the name lookup: environment first, file otherwise, none for an empty value")
    func nameLookup() {
        let store = SecretStore(
            values: ["B_FILE": "v", "A_SHADOWED": "old"],
            environment: ["FERRULE_SECRET_C_ENV": "v", "FERRULE_SECRET_A_SHADOWED": "new", "PATH": "v"]
        )
        #expect(store.name(holding: "v") == "B_FILE")
        #expect(store.name(holding: "new") == "A_SHADOWED")
        #expect(store.name(holding: "old") == nil, "the environment's value wins, so the file's is not that secret")
        #expect(store.name(holding: "") == nil)
    }
}

/// The `${name}` variables a campaign is created with are stored with it: the runner, the server
/// and a rollback read its text without being given them again.
@Suite struct StoredVariablesTests {
    static let text = """
        name: inform
        configuration:
          - periodicInform: {enabled: true, interval: "${interval}"}
        devices: {all: true}

        """

    @Test("variables given at create are stored, survive a reopen, read the text again and pass to a rollback")
    func stored() async throws {
        var variables = VariableSet()
        variables.set("interval", "900")
        var diagnostics = DiagnosticCollector()
        let spec = try #require(
            CampaignFile.parse(Self.text, file: "inform.yaml", variables: variables, diagnostics: &diagnostics)
        )
        let harness = try RunnerHarness(RunnerHarness.firmware("rate_per_minute: 60"), scenario: Scenario(devices: 2))
        let creator = CampaignCreator(store: harness.store, acs: harness.genieacs.nbi, clock: harness.clock)
        let created = try await creator.create(spec, specText: Self.text, variables: variables).record
        let reopened = try CampaignStore(path: harness.store.path)
        let record = try #require(try await reopened.campaign(created.id))
        #expect(record.variables == ["interval": "900"])

        var again = DiagnosticCollector()
        #expect(CampaignFile.parse(stored: record, diagnostics: &again) != nil, "\(again.sorted)")
        var without = DiagnosticCollector()
        _ = CampaignFile.parse(Self.text, file: "inform.yaml", diagnostics: &without)
        #expect(without.hasErrors, "the text needs the variable: the test would pass without storing it otherwise")
        var reparsed = DiagnosticCollector()
        #expect(CampaignFile.reparse(record, variableFiles: [], diagnostics: &reparsed) != nil, "\(reparsed.sorted)")

        let final = try await harness.runner().run(created.id, spec: spec)
        #expect(final.status == .completed)
        let rollback = try await CampaignControl(store: harness.store, clock: harness.clock).rollback(created.id)
        #expect(rollback.variables == ["interval": "900"])
    }
}
