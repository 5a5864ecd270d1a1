import CurlHTTP
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
    @Test("an unreachable GenieACS NBI is 502 naming the tenant's NBI and the failure, without its URL or query")
    func genieACSUnreachable() async throws {
        var harness = try APITestHarness(devices: 1)
        harness.acs = try NBIClient(
            baseURL: "http://ops:s3cret@127.0.0.1:1/nbi-internal",
            http: HTTPClient(),
            timeout: .seconds(5),
            idempotentAttempts: 1
        )
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
