import FerruleJSON
import FerruleServer
import Foundation
import GenieACS
import GenieACSStandIn
import HTTPTypes
import Testing

/// Rules deployed through the API converge as `ferrule deploy` does: a second deploy of the same
/// files changes nothing, and no artifact carries the server's temporary upload folder.
@Suite("ferrule serve: rule deploys converge")
struct RuleDeployConvergenceTests {
    static func request(_ route: String) -> APIRequest {
        let rule = """
            rules:
              - name: inform
                actions:
                  - set: {path: InternetGatewayDevice.ManagementServer.PeriodicInformInterval, value: 777}

            """
        let files = JSONValue.object([("rules/inform.yaml", .string(rule))])
        return APIRequest(
            method: .post,
            path: "/api/v1/ferrule/rules/\(route)",
            body: JSONValue.object([("files", files)]).compactText
        )
    }

    @Test("a second deploy of the same upload changes nothing; sources name the uploaded file")
    func secondDeployChangesNothing() async throws {
        let harness = try APITestHarness()
        try await harness.test { client in
            let first = try await client.send(Self.request("deploy"))
            #expect(first.status == 200, "\(first.text)")
            #expect((first.json["changes"]?.intValue ?? 0) > 0, "\(first.text)")
            let plan = try await client.send(Self.request("plan"))
            #expect(plan.status == 200, "\(plan.text)")
            #expect(plan.json["changes"]?.intValue == 0, "\(plan.text)")
            let second = try await client.send(Self.request("deploy"))
            #expect(second.json["changes"]?.intValue == 0, "\(second.text)")

            let live = try await harness.genieacs.nbi.query(.provisions, CollectionQuery()).items.map(\.compactText)
            #expect(!live.isEmpty)
            #expect(live.allSatisfy { !$0.contains("ferrule-upload") }, "\(live)")
            #expect(live.contains { $0.contains("source=rules/inform.yaml:") }, "\(live)")
            let compiled = try await client.send(Self.request("compile"))
            #expect(compiled.status == 200 && !compiled.text.contains("ferrule-upload"), "\(compiled.text)")
        }
    }
}
