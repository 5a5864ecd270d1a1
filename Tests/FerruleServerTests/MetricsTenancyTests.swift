import FerruleServer
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// `/metrics` is the whole server's, summed over tenants, and names none: an operator's
/// permission, granted by name only — a tenant's `*` or `ferrule.*` token (or JWT) does not read it.
@Suite("ferrule serve: /metrics and tenants")
struct MetricsTenancyTests {
    @Test("ferrule.metrics.read is granted by its name only: *, ferrule.* or a denied grant get 403")
    func grantedByNameOnly() async throws {
        let server = try ServerTestHarness()
        let everything = try await server.token(grants: ["*"])
        let ferrule = try await server.token(grants: ["ferrule.*"])
        let denied = try await server.token(grants: ["ferrule.metrics.read"], denies: ["ferrule.*"])
        let scraper = try await server.token(grants: ["ferrule.metrics.read"])
        try await server.test { client in
            for token in [everything, ferrule, denied] {
                let refused = try await client.execute(uri: "/metrics", method: .get, headers: apiKey(token))
                #expect(refused.status == .forbidden, "\(refused.status)")
                #expect(refused.detail == "Permission denied. Required: ['ferrule.metrics.read']")
                let head = try await client.execute(uri: "/metrics", method: .head, headers: apiKey(token))
                #expect(head.status == .forbidden)
            }
            let allowed = try await client.execute(uri: "/metrics", method: .get, headers: apiKey(scraper))
            #expect(allowed.status == .ok)
        }
    }

    @Test("a scrape with tenant acme's token names no tenant, path or id of another tenant's requests")
    func namesNoTenant() async throws {
        let server = try ServerTestHarness(routes: APIRoutes.all)
        let globex = try await server.token(tenant: "globex", grants: ["isp.*"])
        let scraper = try await server.token(tenant: "acme", grants: ["ferrule.metrics.read"])
        try await server.test { client in
            for uri in [
                "/api/v1/ferrule/campaigns/c-20260101-deadbeef", "/api/v1/genieacs/devices/GLOBEX-SECRET-0001",
                "/api/v1/nowhere/globex-private",
            ] {
                _ = try await client.execute(uri: uri, method: .get, headers: apiKey(globex))
            }
            let metrics = try await client.execute(uri: "/metrics", method: .get, headers: apiKey(scraper))
            #expect(metrics.status == .ok)
            for secret in ["globex", "acme", "deadbeef", "GLOBEX-SECRET", "nowhere", "frl_"] {
                #expect(!metrics.text.contains(secret), "\(secret) in /metrics")
            }
            // Every label is one of the documented ones (docs/serve.md): none can carry a tenant.
            let allowed: Set<String> = ["route", "method", "status", "system", "operation", "outcome", "state", "le"]
            for line in metrics.text.split(separator: "\n") where !line.hasPrefix("#") {
                guard let open = line.firstIndex(of: "{"), let close = line.firstIndex(of: "}") else { continue }
                for pair in line[line.index(after: open)..<close].split(separator: ",") {
                    let name = String(pair.split(separator: "=").first ?? "")
                    #expect(allowed.contains(name), "label \(name) in \(line)")
                }
            }
            #expect(metrics.text.contains(#"route="/api/v1/ferrule/campaigns/{campaign_id}""#), "patterns, not paths")
        }
    }
}
