import FerruleTestSupport
import Foundation
import Testing

/// `ferrule deploy` takes a lease kept in GenieACS: two deploys at once never both write.
@Suite("ferrule deploy: one deploy at a time (end to end)")
struct DeployLeaseEndToEndTests {
    @Test("two deploys at once: one deploys, the other exits 3 naming it; a live lease of a third refuses a deploy")
    func concurrentDeploys() async throws {
        let standIn = try await StandInProcess.start()
        defer { standIn.stop() }
        let secrets = try TestSecrets.file()
        async let first = standIn.ferrule(["deploy", "Provisions", "--yes", "--secrets", secrets])
        async let second = standIn.ferrule(["deploy", "Provisions", "--yes", "--secrets", secrets])
        let outcomes = try await [first, second]
        #expect(outcomes.map(\.status).sorted() == [0, 3], "\(outcomes.map(\.combined))")
        let refused = try #require(outcomes.first { $0.status == 3 })
        #expect(refused.stderr.contains("another deploy holds \(standIn.url): pid "), "\(refused.stderr)")
        #expect(refused.stderr.contains("nothing was changed"))
        #expect(try await standIn.documents("objects").isEmpty, "the lease is given back")

        let later = ISO8601DateFormatter().string(from: Date().addingTimeInterval(600))
        let earlier = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-60))
        try await standIn.request(
            "PUT",
            "/objects/ferrule-deploy-lease",
            body: #"{"token":"t","holder":"pid 4242 on host noc-2","acquiredAt":"\#(earlier)","expiresAt":"\#(later)"}"#
        )
        try await standIn.request("DELETE", "/presets/wifi-2g")
        let blocked = try await standIn.ferrule(["deploy", "Provisions", "--yes", "--secrets", secrets])
        #expect(blocked.status == 3, "\(blocked.combined)")
        #expect(blocked.stderr.contains("pid 4242 on host noc-2"))
        #expect(try await standIn.documents("presets", id: "wifi-2g").isEmpty, "nothing was written")
    }
}
