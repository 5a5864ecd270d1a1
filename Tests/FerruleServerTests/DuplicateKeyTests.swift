import FerruleJSON
import Foundation
import HTTPTypes
import Testing

@testable import FerruleServer

/// A request body that gives one key twice is refused, never read as one of its values.
@Suite("Request bodies with a repeated key")
struct DuplicateKeyTests {
    @Test("the first repeated key is found with its object's path; escapes are compared unescaped")
    func scanner() {
        func first(_ text: String) -> DuplicateKeyScanner.Finding? {
            DuplicateKeyScanner.firstDuplicate(in: Array(text.utf8))
        }
        #expect(first(#"{"a": 1, "b": 2}"#) == nil)
        #expect(first(#"{"a": 1, "a": 2}"#) == .init(key: "a", path: "body"))
        #expect(first(#"{"a": 1, "\u0061": 2}"#) == .init(key: "a", path: "body"))
        #expect(
            first(#"{"f": {"x": "a", "y": ["a", "a"], "z": {"q": 1}, "z2": {"q": 1, "q": 2}}}"#)
                == .init(key: "q", path: "body.f.z2")
        )
        #expect(first(#"{"list": [{"k": 1}, {"k": 1, "k": 2}]}"#) == .init(key: "k", path: "body.list.1"))
        // Keys inside strings and values equal to keys are not keys.
        #expect(first(#"{"a": "a", "b": "\"a\": 1, \"a\""}"#) == nil)
        #expect(first(#"{"😀": 1, "\ud83d\ude00": 2}"#) == .init(key: "😀", path: "body"))
        // Not JSON: left to the decoder.
        #expect(first(#"{"a": 1, "a"#) == nil)
        #expect(first(#"{"a\q": 1, "a\q": 1}"#) == nil)
    }

    @Test("nesting deeper than the decoder's limit is left to the decoder, in time linear in the body")
    func deep() {
        let deep = String(repeating: "[", count: 100_000) + #"{"a": 1, "a": 2}"#
        #expect(DuplicateKeyScanner.firstDuplicate(in: Array(deep.utf8)) == nil)
        let wide = "{" + (0..<50_000).map { "\"k\($0)\": [\($0)]" }.joined(separator: ",") + ", \"k7\": 0}"
        #expect(DuplicateKeyScanner.firstDuplicate(in: Array(wide.utf8)) == .init(key: "k7", path: "body"))
    }

    @Test("a long value full of escapes (a CSV tree upload) is skipped, and escaped keys still compare unescaped")
    func escapes() {
        let tree = String(repeating: #"Device.X.Obj.P,false,\"v\"\n"#, count: 40_000)
        let body = #"{"tree": ""# + tree + #"", "format": "csv", "a\tb\/c\u00e9": 1, "a\u0009b/c\u00E9": 2}"#
        #expect(DuplicateKeyScanner.firstDuplicate(in: Array(body.utf8)) == .init(key: "a\tb/cé", path: "body"))
        #expect(DuplicateKeyScanner.firstDuplicate(in: Array((#"{"tree": ""# + tree + #""}"#).utf8)) == nil)
    }

    @Test("a schedule body with max_concurrent twice is 422 naming the key, and nothing is created")
    func route() async throws {
        let harness = try APITestHarness(devices: 2)
        try await APICampaignRouteTests.uploadFirmware(harness)
        try await harness.test { client in
            let body =
                #"{"name": "x", "firmware_file": "EX220-1.3.0.bin", "device_filter": {}, "max_concurrent": 1, "max_concurrent": 500}"#
            let response = try await client.send(APICampaignRouteTests.scheduleRequest(body))
            #expect(response.status == 422, "\(response.text)")
            #expect(
                response.detail
                    == "Request validation failed: body has the key 'max_concurrent' more than once; send each key once"
            )
            let nested = try await client.send(
                APIRequest(
                    method: .post,
                    path: "/api/v1/genieacs/tasks/set-parameters",
                    body: #"{"device_id": "d", "parameters": {"A.\n": "1", "A.\n": "2"}}"#
                )
            )
            #expect(nested.status == 422, "\(nested.text)")
            #expect(nested.detail?.contains(#"body.parameters has the key 'A.\n'"#) == true, "\(nested.detail ?? "")")
            let list = try await client.send(APIRequest(path: "/api/v1/genieacs/firmware-upgrades/schedules"))
            #expect(list.status == 200)
            #expect(list.json["schedules"]?.arrayValue?.isEmpty ?? true, "\(list.text)")
        }
    }

    @Test("a query parameter given twice (?limit=5&limit=7) is 422 naming it, never read as its first value")
    func repeatedQueryParameter() async throws {
        let harness = try APITestHarness(devices: 2)
        try await harness.test { client in
            for path in [
                "/api/v1/genieacs/devices?limit=5&limit=7",
                "/api/v1/genieacs/devices?limit=5&%6Cimit=5",
            ] {
                let response = try await client.send(APIRequest(path: path))
                #expect(response.status == 422, "\(path): \(response.text)")
                #expect(
                    response.detail
                        == "Request validation failed: the query parameter 'limit' is given more than once; give it once"
                )
            }
            let once = try await client.send(APIRequest(path: "/api/v1/genieacs/devices?limit=5&skip=0"))
            #expect(once.status == 200, "\(once.text)")
        }
        #expect(DuplicateQueryMiddleware.repeated(in: "/x?a=1&b=2&a=3", declared: ["a"]) == "a")
        #expect(DuplicateQueryMiddleware.repeated(in: "/x?a=1&b=2&b=3", declared: ["a"]) == nil)
    }

    @Test("a number an integer field cannot hold (10.5, over 64 bits) is 422 naming the field and what it takes")
    func integerFieldNamed() async throws {
        let harness = try APITestHarness(devices: 2)
        try await APICampaignRouteTests.uploadFirmware(harness)
        try await harness.test { client in
            for (value, shown) in [
                ("10.5", "10.5"), ("123456789012345678901234567890", "123456789012345678901234567890"),
            ] {
                let body =
                    #"{"name": "x", "firmware_file": "EX220-1.3.0.bin", "device_filter": {"_id": {"$exists": true}}, "scheduled_at": "2026-12-08T02:00:00Z", "max_concurrent": "#
                    + value + "}"
                let response = try await client.send(APICampaignRouteTests.scheduleRequest(body))
                #expect(response.status == 422, "\(response.text)")
                #expect(
                    response.detail
                        == "Request validation failed: field body.max_concurrent must be an integer between 1 and 10000; got \(shown)",
                    "\(response.text)"
                )
            }
        }
        let check = IntegerFieldCheck.served
        #expect(
            check.failure(operationID: "createFirmwareSchedule", body: Array(#"{"max_concurrent": 5}"#.utf8)) == nil
        )
    }
}
