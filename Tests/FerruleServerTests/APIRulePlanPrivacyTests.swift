import FerruleJSON
import Foundation
import GenieACS
import GenieACSStandIn
import HTTPTypes
import Testing

/// Plan and deploy answers name files as the client uploaded them and never the server's
/// temporary folder or the tenant's GenieACS URL (a read-only token sees them).
@Suite("API: rule plans reveal no server paths or upstream URLs")
struct APIRulePlanPrivacyTests {
    static func plan(_ files: [(String, String)]) -> APIRequest {
        let body = JSONValue.object([("files", .object(files.map { ($0.0, .string($0.1)) }))])
        return APIRequest(
            method: .post,
            path: "/api/v1/ferrule/rules/plan",
            permissions: "isp.cpe.read",
            body: body.compactText
        )
    }

    @Test("a plan with errors and a plan with changes: upload-relative paths, no temp folder, no GenieACS URL")
    func noLeaks() async throws {
        let harness = try APITestHarness()
        let acsURL = harness.genieacs.nbi.baseURL
        try await harness.test { client in
            let broken = try await client.send(
                Self.plan([("rules/ok.yaml", "rules:\n  - name: x\n    bogus_key: 1\n")])
            )
            #expect(broken.status == 200, "\(broken.text)")
            #expect(broken.json["ok"]?.boolValue == false, "\(broken.text)")
            #expect(broken.text.contains("ok.yaml:3:5"), "\(broken.text)")
            #expect(!broken.text.contains("ferrule-upload-"), "\(broken.text)")
            #expect(!broken.text.contains(FileManager.default.temporaryDirectory.path), "\(broken.text)")

            let rule = """
                rules:
                  - name: code
                    actions:
                      - set: {path: InternetGatewayDevice.DeviceInfo.ProvisioningCode, value: "abc"}

                """
            let good = try await client.send(Self.plan([("rules/code.yaml", rule)]))
            #expect(good.status == 200, "\(good.text)")
            #expect(good.json["changes"]?.intValue ?? 0 > 0, "\(good.text)")
            #expect(!good.text.contains("ferrule-upload-"), "\(good.text)")
            #expect(!acsURL.isEmpty)
            #expect(!good.text.contains(acsURL), "\(good.text)")
        }
    }

    @Test("deletes, which only a deploy with prune makes, are listed in a plan but not counted in changes")
    func deletesNotCounted() async throws {
        let harness = try APITestHarness()
        @Sendable func rule(_ name: String) -> (String, String) {
            (
                "rules/\(name).yaml",
                "rules:\n  - name: \(name)\n    actions:\n      - set: {path: InternetGatewayDevice.DeviceInfo.ProvisioningCode, value: \"\(name)\"}\n"
            )
        }
        try await harness.test { client in
            var deploy = Self.plan([rule("old")])
            deploy.path = "/api/v1/ferrule/rules/deploy"
            deploy.permissions = "isp.cpe.*"
            let deployed = try await client.send(deploy)
            #expect(deployed.status == 200, "\(deployed.text)")
            let again = try await client.send(Self.plan([rule("old")]))
            #expect(again.json["changes"]?.intValue == 0, "GenieACS already matches: \(again.text)")
            let other = try await client.send(Self.plan([rule("new")]))
            let items = other.json["items"]?.arrayValue ?? []
            #expect(
                items.contains { $0["action"]?.stringValue == "delete" },
                "the owned artifacts are listed: \(other.text)"
            )
            let creates = items.filter { $0["action"]?.stringValue == "create" }.count
            #expect(creates > 0 && other.json["changes"]?.intValue == creates, "\(other.text)")
        }
    }
}
