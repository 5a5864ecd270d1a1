import FerruleJSON
import GenieACS
import GenieACSStandIn
import HTTPTypes
import Testing

/// What `POST /ferrule/rules/deploy` answers when it cannot deploy: 409s that speak of the tenant,
/// never of the GenieACS address (the server's business) nor of the CLI's `--adopt`.
@Suite struct APIRuleDeployRefusalTests {
    static let upload = JSONValue.object([
        (
            "files",
            .object([
                (
                    "rules/ntp.yaml",
                    .string("rules:\n  - name: ntp\n    actions:\n      - ntp: {servers: [pool.ntp.org]}\n")
                )
            ])
        )
    ]).compactText

    @Test("another deploy's lease: 409 naming the holder and the tenant, not the GenieACS URL")
    func leaseHeld() async throws {
        let harness = try APITestHarness(devices: 1)
        let lease = DeployLease(
            token: "other",
            holder: "pid 1 on host noc-2",
            acquiredAt: 0,
            expiresAt: 4_102_444_800_000
        )
        try await harness.genieacs.nbi.putObject(DeployLease.objectName, lease.document)
        try await harness.test { client in
            let answer = try await client.send(
                APIRequest(method: .post, path: "/api/v1/ferrule/rules/deploy", body: Self.upload)
            )
            #expect(answer.status == 409, "\(answer.text)")
            #expect(answer.text.contains("pid 1 on host noc-2") && answer.text.contains("tenant acme's GenieACS"))
            #expect(!answer.text.contains(harness.genieacs.nbi.baseURL), "\(answer.text)")
        }
    }

    @Test("a live artifact Ferrule did not write: 409 saying the REST deploy never adopts, no `pass --adopt`")
    func conflict() async throws {
        let harness = try APITestHarness(devices: 1)
        try await harness.genieacs.nbi.putProvision("ntp", script: "log('the operator\\'s own');")
        try await harness.test { client in
            let answer = try await client.send(
                APIRequest(method: .post, path: "/api/v1/ferrule/rules/deploy", body: Self.upload)
            )
            #expect(answer.status == 409, "\(answer.text)")
            #expect(answer.text.contains("provision"), "\(answer.text)")
            #expect(answer.text.contains("the REST deploy never takes over") && !answer.text.contains("--adopt"))
            let live = try await harness.genieacs.nbi.provisions().first { $0.name == "ntp" }
            #expect(live?.script == "log('the operator\\'s own');", "untouched")
        }
    }
}
