import FerruleTestSupport
import Foundation
import Testing

/// `ferrule token create` refuses a tenant the server does not serve: such a token would be
/// refused on every request (404 `Tenant with ID '…' not found`).
@Suite("ferrule token create: the tenant must be served (end to end)")
struct TokenTenantEndToEndTests {
    static let configuration = """
        tenants:
          acme: {genieacs: {url: "http://127.0.0.1:9"}}
          beta: {genieacs: {url: "http://127.0.0.1:10"}}

        """

    /// The tokens `ferrule token list` shows in `state`.
    static func tokenCount(_ state: String) async throws -> Int {
        let list = try await FerruleRunner.execute(["token", "list", "--state", state, "--format", "json"])
        #expect(list.status == 0, "\(list.combined)")
        return (try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [Any])?.count ?? -1
    }

    @Test("--config: a tenant it does not name is a usage error (64) naming its tenants; one it names is created")
    func againstConfiguration() async throws {
        let directory = try Scratch.directory(["serve.yaml": Self.configuration])
        let state = try Scratch.directory("ferrule-token").path
        let config = directory + "/serve.yaml"
        let refused = try await FerruleRunner.execute([
            "token", "create", "--config", config, "--state", state, "--tenant", "acmee", "--permission", "isp.*",
        ])
        #expect(refused.status == 64, "\(refused.combined)")
        #expect(
            refused.stderr.contains(
                "error: --tenant acmee: not a tenant of the configuration \(config), which serves acme, beta"
            ),
            "\(refused.stderr)"
        )
        #expect(!refused.stdout.contains("frl_"), "no token printed")
        #expect(try await Self.tokenCount(state) == 0, "nothing created")
        let created = try await FerruleRunner.execute([
            "token", "create", "--config", config, "--state", state, "--tenant", "beta", "--permission", "isp.*",
        ])
        #expect(created.status == 0, "\(created.combined)")
        #expect(try await Self.tokenCount(state) == 1)
    }

    @Test("without --config: checked against the tenants the server started on the state directory serves")
    func againstServer() async throws {
        let state = try Scratch.directory("ferrule-token").path
        // No server yet, no --config: created, with a note that nothing was checked.
        let unchecked = try await FerruleRunner.execute([
            "token", "create", "--state", state, "--tenant", "gamma", "--permission", "isp.*",
        ])
        #expect(unchecked.status == 0, "\(unchecked.combined)")
        #expect(unchecked.stderr.contains("note: tenant gamma is not checked"), "\(unchecked.stderr)")

        let directory = try Scratch.directory(["serve.yaml": Self.configuration])
        let server = try await ServeProcess.start([
            "--config", directory + "/serve.yaml", "--port", "0", "--state", state,
        ])
        let refused = try await FerruleRunner.execute([
            "token", "create", "--state", state, "--tenant", "gamma", "--permission", "isp.*",
        ])
        #expect(refused.status == 64, "\(refused.combined)")
        #expect(
            refused.stderr.contains("not a tenant of the server last started on this state directory"),
            "\(refused.stderr)"
        )
        #expect(refused.stderr.contains("which serves acme, beta"), "\(refused.stderr)")
        let created = try await FerruleRunner.execute([
            "token", "create", "--state", state, "--tenant", "acme", "--permission", "isp.*",
        ])
        #expect(created.status == 0, "\(created.combined)")
        #expect(!created.stderr.contains("not checked"), "\(created.stderr)")
        #expect(try await Self.tokenCount(state) == 2)
        #expect(await server.terminate() == 0, "\(server.log)")
    }
}
