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

/// A refusal of a very long URL (a huge `$in` query) still says why: the URL is shortened in the
/// message, not the message cut at the URL.
@Suite struct LongURLErrorTests {
    @Test("a 431 on a 150 KB query URL keeps the status and GenieACS's answer within a few hundred characters")
    func longURLShortened() {
        let ids = (0..<5000).map { "%2200E0FC-HG8245H-\($0)%22" }.joined(separator: "%2C")
        let url = "http://10.1.2.3:7557/devices/?query=%7B%22_id%22%3A%7B%22%24in%22%3A%5B\(ids)%5D%7D%7D"
        let response = HTTPResponse(
            url: url,
            status: 431,
            reasonPhrase: "Request Header Fields Too Large",
            headers: [],
            body: []
        )
        let error = GenieACSError.status(response, method: "GET")
        let text = error.description
        #expect(text.count < 600, "\(text.count) characters")
        #expect(text.contains("→ 431 Request Header Fields Too Large"), "\(text)")
        #expect(text.hasPrefix("GET http://10.1.2.3:7557/devices/?query="))
        #expect(text.contains("characters]…"), "how much was left out is said")
        let recorded = error.descriptionWithoutAddress
        #expect(recorded.hasPrefix("GET /devices/ → 431"), "\(recorded)")
    }
}
