import FerruleJSON
import HTTPTypes
import Testing

/// Rule uploads that crashed or stalled `ferrule serve` (any caller with isp.cpe.read): a flat
/// boolean chain overflowed the stack while rendering it, and YAML aliases used as mapping keys
/// took hours to compose. Both are now diagnostics in the lint answer.
@Suite("API: hostile rule uploads")
struct APIHostileRuleTests {
    /// One rule whose precondition is `precondition`.
    static func rule(_ precondition: String) -> String {
        "rules:\n  - name: a\n    precondition: \"\(precondition)\"\n    actions: [{refresh: {path: Device.DeviceInfo.}}]\n"
    }

    static func lint(_ text: String) -> APIRequest {
        let body = JSONValue.object([("files", .object([("r.yaml", .string(text))]))]).compactText
        return APIRequest(method: .post, path: "/api/v1/ferrule/rules/lint", permissions: "isp.cpe.read", body: body)
    }

    @Test(
        "a 20,000-operand OR chain is a bad-expression diagnostic and the server lives on; one under the limit lints",
        arguments: [(20_000, true), (498, false)]
    )
    func chain(operands: Int, refused: Bool) async throws {
        let text = Self.rule((0..<operands).map { "Tags.t\($0) IS NULL" }.joined(separator: " OR "))
        let harness = try APITestHarness(devices: 1)
        try await harness.test { client in
            let answer = try await client.send(Self.lint(text))
            #expect(answer.status == 200, "\(answer.text.prefix(300))")
            #expect(answer.text.contains("operators deep") == refused, "\(answer.text.prefix(300))")
            let again = try await client.send(APIRequest(path: "/api/v1/genieacs/devices"))
            #expect(again.status == 200)
        }
    }

    @Test("YAML aliases as mapping keys are a yaml-alias diagnostic at once")
    func aliasKeys() async throws {
        var lines = ["a0: &a0 [s, s, s, s, s, s, s, s, s, s]"]
        for i in 1...9 {
            lines.append("a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]")
        }
        lines.append("k: {? *a9 : 1, ? *a8 : 2}")
        let text = lines.joined(separator: "\n") + "\n"
        let harness = try APITestHarness(devices: 1)
        try await harness.test { client in
            let answer = try await client.send(Self.lint(text))
            #expect(answer.text.contains("yaml-alias"), "\(answer.status) \(answer.text.prefix(300))")
        }
    }
}
