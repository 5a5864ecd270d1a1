import CurlHTTP
import Testing

@testable import GenieACS

/// What campaign reports and status reasons record of a GenieACS failure: the method, path,
/// status and GenieACS's answer, never the NBI's address or query (docs/serve.md).
@Suite struct ErrorAddressTests {
    static let url = "http://10.1.2.3:7557/devices/00E0FC-HG8245H-000001/tasks?connection_request&timeout=0"

    @Test("an unreachable NBI is recorded with the method and path, without host, port or query")
    func transport() {
        let error = GenieACSError.transport(
            HTTPClientError(
                kind: .connect,
                method: "POST",
                url: Self.url,
                detail: "Failed to connect to 10.1.2.3 port 7557 after 0 ms: Couldn't connect to server"
            )
        )
        #expect(error.description.contains("10.1.2.3:7557"), "the operator's own CLI output keeps the URL")
        let recorded = error.descriptionWithoutAddress
        #expect(!recorded.contains("10.1.2.3") && !recorded.contains("7557"), "\(recorded)")
        #expect(!recorded.contains("connection_request"))
        #expect(recorded.contains("POST /devices/00E0FC-HG8245H-000001/tasks: cannot connect"), "\(recorded)")
        #expect(GenieACSError.recordable(error) == recorded)
    }

    @Test("a refused request keeps the status and GenieACS's answer")
    func status() {
        let error = GenieACSError.invalidResponse("no total header", method: "GET", url: Self.url, status: 200)
        let recorded = error.descriptionWithoutAddress
        #expect(!recorded.contains("10.1.2.3"))
        #expect(recorded.hasPrefix("GET /devices/00E0FC-HG8245H-000001/tasks → 200"), "\(recorded)")
        #expect(recorded.contains("no total header"))
        #expect(GenieACSError.pathOnly("http://acs") == "/")
    }
}
