import FerruleJSON
import Foundation
import HTTPTypes
import Testing

@testable import FerruleServer

/// What an error's `detail` may hold: what went wrong and where in the request, never the server's
/// files; control bytes and bidirectional overrides escaped; a bounded length.
@Suite("API error details")
struct APIErrorDetailTests {
    static let campaignSpec = "name: a\nfirmware: {file: f.bin, target_version: V9}\ndevices: {all: true}\n"

    @Test("an ambiguous campaign id prefix is 409 naming the matching ids, never the store's file")
    func ambiguousPrefix() async throws {
        let harness = try APITestHarness(devices: 1)
        try await harness.test { client in
            var ids: [String] = []
            for _ in 0..<2 {
                let created = try await client.send(.createCampaign(spec: Self.campaignSpec))
                #expect(created.status == 201, "\(created.text)")
                let id = try #require(created.json["id"]?.stringValue)
                ids.append(id)
                // Its devices are free for the next one only once it is closed.
                let cancelled = try await client.send(
                    APIRequest(method: .post, path: "/api/v1/ferrule/campaigns/\(id)/cancel")
                )
                #expect(cancelled.status == 200, "\(cancelled.text)")
            }
            let prefix = String(zip(ids[0], ids[1]).prefix { $0 == $1 }.map(\.0))
            for request in [
                APIRequest(path: "/api/v1/ferrule/campaigns/\(prefix)"),
                APIRequest(method: .post, path: "/api/v1/ferrule/campaigns/\(prefix)/cancel"),
            ] {
                let answer = try await client.send(request)
                #expect(answer.status == 409, "\(request.path): \(answer.text)")
                let detail = try #require(answer.detail)
                #expect(!detail.contains("sqlite") && !detail.contains(harness.state.path), "\(detail)")
                #expect(detail.contains(ids[0]) && detail.contains(ids[1]), "\(detail)")
                #expect(detail.contains("give more of the id"), "\(detail)")
            }
        }
    }

    @Test("a store that cannot be opened is 500 'An unexpected error occurred', without its path")
    func storeFailureIsGeneric() async throws {
        let harness = try APITestHarness(devices: 1)
        // A directory where the tenant's campaign store belongs: opening it fails.
        let store = harness.state.appendingPathComponent("tenants/acme/campaigns.sqlite")
        try FileManager.default.createDirectory(at: store, withIntermediateDirectories: true)
        try await harness.test { client in
            let answer = try await client.send(APIRequest(path: "/api/v1/ferrule/campaigns"))
            #expect(answer.status == 500, "\(answer.text)")
            #expect(answer.detail == "An unexpected error occurred", "\(answer.text)")
            #expect(!answer.text.contains(harness.state.path))
        }
    }

    @Test("a 500 built by a handler answers the generic detail; other statuses keep theirs")
    func handlerFailureIsGeneric() {
        let failure = APIFailure(
            status: 500,
            detail: "the campaign state file /var/lib/ferrule/campaigns.sqlite failed"
        )
        #expect(failure.envelope.detail == "An unexpected error occurred")
        #expect(failure.envelope.message == "An unexpected error occurred")
        #expect(APIFailure(status: 502, detail: "GenieACS answered 500").envelope.detail == "GenieACS answered 500")
    }

    @Test("a detail quoting the request has control bytes and bidi overrides escaped and is cut at 1,000 characters")
    func detailEscapedAndShortened() async throws {
        let harness = try APITestHarness(devices: 1)
        try await harness.test { client in
            let file = "\u{1B}[31mred\u{07}\u{202E}" + String(repeating: "x", count: 5000)
            let body = JSONValue.object([("spec", .string("name: [")), ("file", .string(file))]).compactText
            let answer = try await client.send(APIRequest(method: .post, path: "/api/v1/ferrule/campaigns", body: body))
            #expect(answer.status == 422, "\(answer.text)")
            let detail = try #require(answer.detail)
            // 1,000 characters of the text, their escapes written out, then `… (N bytes)`.
            #expect(detail.count <= ErrorEnvelope.detailLimit + 40, "\(detail.count) characters")
            #expect(detail.hasSuffix(" bytes)"), "ends with the full size")
            #expect(!detail.unicodeScalars.contains { $0.value < 0x20 || (0x202A...0x202E).contains($0.value) })
            #expect(detail.contains("\\u{1B}[31mred\\u{7}\\u{202E}"), "\(detail.prefix(120))")
            #expect(answer.json["message"]?.stringValue == detail)
        }
    }

    @Test("a rule path within the document's pattern but over the system's path limit is 422 naming it and the limit")
    func rulePathOverSystemLimit() async throws {
        let harness = try APITestHarness(devices: 1)
        let path = Array(repeating: String(repeating: "\u{1F600}", count: 63), count: 16).joined(separator: "/")
        try await harness.test { client in
            let body = JSONValue.object([("files", .object([(path, .string("rules: []\n"))]))]).compactText
            let answer = try await client.send(
                APIRequest(method: .post, path: "/api/v1/ferrule/rules/lint", permissions: "isp.cpe.read", body: body)
            )
            #expect(answer.status == 422, "\(answer.text)")
            let detail = try #require(answer.detail)
            #expect(detail.contains("4,047 bytes in UTF-8"), "\(detail)")
            #expect(detail.contains("path limit is 4096 bytes"), "\(detail)")
            #expect(detail.contains("\u{1F600}"), "names the file")
        }
    }

    @Test("a query value that does not convert is 422 naming the parameter and what it must be")
    func queryParameterNamed() async throws {
        let harness = try APITestHarness(devices: 1)
        try await harness.test { client in
            for (query, expected) in [
                ("limit=1e3", #"limit must be an integer between 1 and 1000; got "1e3""#),
                ("limit=", #"limit must be an integer between 1 and 1000; got """#),
                ("skip=1.5", #"skip must be an integer between 0 and 10000000; got "1.5""#),
            ] {
                let answer = try await client.send(APIRequest(path: "/api/v1/genieacs/devices?\(query)"))
                #expect(answer.status == 422, "\(query): \(answer.text)")
                #expect(answer.detail == "Request validation failed: " + expected, "\(query)")
            }
            let fine = try await client.send(APIRequest(path: "/api/v1/genieacs/devices?limit=2&skip=0"))
            #expect(fine.status == 200, "\(fine.text)")
        }
    }

    @Test("the served document's query parameters are read, with their types and bounds")
    func queryRulesRead() throws {
        let devices = try #require(QueryParameterRules.served.operations["genieacsListDevices"])
        #expect(devices.map(\.name).sorted() == ["limit", "skip"])
        #expect(devices.first { $0.name == "limit" }?.expectation == "an integer between 1 and 1000")
        #expect(QueryParameterRules.served.operations.count > 20)
    }
}
