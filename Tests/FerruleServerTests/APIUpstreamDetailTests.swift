import CurlHTTP
import FerruleJSON
import FerruleTestSupport
import Foundation
import HTTPTypes
import Testing
import VOLTHA

@testable import FerruleServer
@testable import GenieACS

/// A 502 or 504 says which upstream failed and how, and never the URL, query or address it
/// called (they may carry credentials or internal host names).
@Suite("API upstream failure details")
struct APIUpstreamDetailTests {
    /// A harness whose tenant's NBI URL (with credentials and an internal path) answers nothing.
    static func unreachable() throws -> APITestHarness {
        var harness = try APITestHarness(devices: 1)
        harness.acs = try NBIClient(
            baseURL: "http://ops:s3cret@127.0.0.1:1/nbi-internal",
            http: HTTPClient(),
            timeout: .seconds(5),
            idempotentAttempts: 1
        )
        return harness
    }

    @Test("an unreachable GenieACS NBI is 502 naming the tenant's NBI and the failure, without its URL or query")
    func genieACSUnreachable() async throws {
        let harness = try Self.unreachable()
        try await harness.test { client in
            let response = try await client.send(
                APIRequest(path: "/api/v1/genieacs/devices?query=%7B%22_id%22%3A%22secret-serial%22%7D")
            )
            #expect(response.status == 502, "\(response.text)")
            let detail = try #require(response.detail)
            #expect(
                detail.contains("the GenieACS NBI of tenant 'acme' did not answer (connection failed)"),
                "\(detail)"
            )
            for leak in ["127.0.0.1", "s3cret", "ops", "nbi-internal", "secret-serial", "query", "http"] {
                #expect(!detail.contains(leak), "\(leak) in \(detail)")
            }
        }
    }

    @Test("an NBI answering without end is 502 saying the answer was too large, not that it did not answer")
    func genieACSAnswerTooLarge() async throws {
        let server = try EndlessHTTPServer(pattern: "[{\"_id\":\"x\"},")
        defer { server.stop() }
        var harness = try APITestHarness(devices: 1)
        harness.acs = try NBIClient(
            baseURL: server.url("/nbi-internal"),
            http: HTTPClient(configuration: HTTPClientConfiguration(maxResponseBytes: 1 << 20)),
            timeout: .seconds(30),
            idempotentAttempts: 1
        )
        try await harness.test { client in
            let response = try await client.send(APIRequest(path: "/api/v1/genieacs/devices"))
            #expect(response.status == 502, "\(response.text)")
            let detail = try #require(response.detail)
            #expect(
                detail.contains("the GenieACS NBI of tenant 'acme' answered with more than Ferrule reads"),
                "\(detail)"
            )
            #expect(!detail.contains("did not answer") && !detail.contains("127.0.0.1"), "\(detail)")
        }
        #expect(try await server.waitForEndedStreams(1))
    }

    @Test("GenieACS health: an unreachable NBI is healthy false in the API's words, without its URL or address")
    func healthUnreachable() async throws {
        let harness = try Self.unreachable()
        try await harness.test { client in
            let response = try await client.send(APIRequest(path: "/api/v1/genieacs/health"))
            #expect(response.status == 200, "\(response.text)")
            #expect(response.json["healthy"]?.boolValue == false)
            let message = try #require(response.json["message"]?.stringValue)
            #expect(
                message.contains("the GenieACS NBI of tenant 'acme' did not answer (connection failed)"),
                "\(message)"
            )
            for leak in ["127.0.0.1", "s3cret", "ops", "nbi-internal", "http", "port"] {
                #expect(!message.contains(leak), "\(leak) in \(message)")
            }
        }
    }

    @Test("an answer that is not what GenieACS sends says what was wrong with it; a malformed document is 502")
    func malformedAnswers() throws {
        let error = GenieACSError.invalidResponse(
            "the NBI ignored the {\"_id\": {\"$gt\": …}} range",
            method: "GET",
            url: "http://acs.internal:7557/devices/",
            status: 200
        )
        let principal = Principal(tenant: "acme", subject: "t", permissions: PermissionSet(grants: ["*"]))
        let failure = Principal.$current.withValue(principal) { APIFailure.upstream(error, action: "Device stats") }
        #expect(failure.status == 502)
        #expect(failure.detail.contains("ignored the {\"_id\""), "\(failure.detail)")
        #expect(!failure.detail.contains("acs.internal"))
        for (what, convert) in [
            ("fault", { (document: JSONValue) in _ = try APIHandler.fault(document) }),
            ("file", { (document: JSONValue) in _ = try APIHandler.file(document) }),
        ] as [(String, (JSONValue) throws -> Void)] {
            let thrown = Principal.$current.withValue(principal) {
                #expect(throws: APIFailure.self) { try convert(.object([("_id", .int(123))])) }
            }
            #expect(thrown?.status == 502, "\(what)")
            #expect(
                thrown?.detail.contains("gave a \(what) that is not what GenieACS sends (field _id)") == true,
                "\(String(describing: thrown?.detail))"
            )
        }
    }

    @Test("a GenieACS answer that is an error is 502 with its status, without the URL")
    func genieACSStatus() throws {
        let answer = CurlHTTP.HTTPResponse(
            url: "http://acs.internal:7557/devices/?query=%7B%7D",
            status: 500,
            reasonPhrase: "Internal Server Error",
            headers: [],
            body: Array("Error: secret-serial".utf8)
        )
        let error = GenieACSError.status(answer, method: "GET")
        let failure = Principal.$current.withValue(
            Principal(tenant: "acme", subject: "t", permissions: PermissionSet(grants: ["*"]))
        ) { APIFailure.upstream(error, action: "List devices") }
        #expect(failure.status == 502)
        #expect(failure.detail == "List devices: the GenieACS NBI of tenant 'acme' answered 500 Internal Server Error")
    }

    @Test("a VOLTHA failure is 502 naming the tenant's VOLTHA and the failure class, without its address")
    func voltha() {
        let error = VolthaError(
            .unreachable,
            "no connection to 10.1.2.3:50057",
            target: "10.1.2.3:50057",
            detail: "ListDevices: UNAVAILABLE"
        )
        let failure = Principal.$current.withValue(
            Principal(tenant: "acme", subject: "t", permissions: PermissionSet(grants: ["*"]))
        ) { APIFailure.upstream(error, action: "List devices") }
        #expect(failure.status == 502)
        #expect(
            failure.detail == "List devices: VOLTHA of tenant 'acme' failed (unreachable) to ListDevices: UNAVAILABLE"
        )
        #expect(!failure.detail.contains("10.1.2.3"))
    }

    @Test("the log's URL keeps neither credentials nor query")
    func logURL() {
        #expect(
            UpstreamFailureLog.withoutQuery("https://ops:pw@acs.example:7557/devices/?query=x#f")
                == "https://acs.example:7557/devices/"
        )
        #expect(UpstreamFailureLog.withoutQuery("10.1.2.3:50057") == "10.1.2.3:50057")
    }
}
