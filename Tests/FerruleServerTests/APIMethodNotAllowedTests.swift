import FerruleJSON
import FerruleServer
import Foundation
import HTTPTypes
import Testing

@Suite("API: undeclared methods answer 405 with Allow")
struct APIMethodNotAllowedTests {
    /// Every path of the document with its declared methods, read from `/openapi.json` itself.
    static func documentMethods() throws -> [(path: String, methods: Set<String>)] {
        let document = try JSONValue.parse(FerruleAPI.documentJSON)
        let paths = try #require(document["paths"]?.objectMembers)
        let verbs: Set<String> = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]
        return paths.map { path, item in
            (path, Set((item.objectMembers ?? []).map(\.0).filter(verbs.contains).map { $0.uppercased() }))
        }
    }

    @Test("DELETE on a GET-only path is 405 with Allow: GET, HEAD and a string detail, under both prefixes")
    func deleteOnGetOnly() async throws {
        let harness = try APITestHarness()
        try await harness.test { client in
            for prefix in ["/api/v1", "/api/isp/v1"] {
                let response = try await client.send(
                    APIRequest(method: .delete, path: prefix + "/genieacs/devices/stats/summary")
                )
                #expect(response.status == 405)
                #expect(response.headers[.allow] == "GET, HEAD")
                #expect(response.detail == "Method Not Allowed")
                #expect(response.json["status"]?.intValue == 405)
            }
        }
    }

    @Test("a path with several methods lists them all in Allow, in the document's order")
    func severalMethods() async throws {
        let harness = try APITestHarness()
        try await harness.test { client in
            let preset = try await client.send(APIRequest(method: .put, path: "/api/v1/genieacs/presets/inform"))
            #expect(preset.status == 405)
            #expect(preset.headers[.allow] == "GET, HEAD, PATCH, DELETE")
            let trace = try await client.send(APIRequest(method: .trace, path: "/api/isp/v1/ferrule/campaigns"))
            #expect(trace.status == 405)
            #expect(trace.headers[.allow] == "GET, HEAD, POST")
            let spec = try await client.send(APIRequest(method: .post, path: "/api/v1/openapi.json"))
            #expect(spec.status == 405)
            #expect(spec.headers[.allow] == "GET, HEAD")
        }
    }

    @Test("every declared path answers each undeclared method with 405 and an Allow of exactly its methods")
    func everyPath() async throws {
        let harness = try APITestHarness()
        let paths = try Self.documentMethods()
        #expect(paths.count >= 60)
        try await harness.test { client in
            for (path, declared) in paths {
                let concrete = path.replacingOccurrences(of: #"\{[a-z_]+\}"#, with: "x1", options: .regularExpression)
                for method in [HTTPRequest.Method.get, .post, .put, .patch, .delete, .trace]
                where !declared.contains(method.rawValue) {
                    let response = try await client.send(APIRequest(method: method, path: "/api/v1" + concrete))
                    #expect(response.status == 405, "\(method) \(path)")
                    let allow = Set(
                        (response.headers[.allow] ?? "").split(separator: ",").map {
                            $0.trimmingCharacters(in: .whitespaces)
                        }
                    )
                    #expect(allow == declared.union(declared.contains("GET") ? ["HEAD"] : []), "\(method) \(path)")
                    #expect(response.detail == "Method Not Allowed", "\(method) \(path)")
                }
            }
        }
    }

    @Test("methods outside HTTP's own (PROPFIND, PURGE, MKCOL) on a declared path are 405 too, on an unknown one 404")
    func extensionMethods() async throws {
        let harness = try APITestHarness()
        try await harness.test { client in
            for name in ["PROPFIND", "PURGE", "MKCOL", "LOCK", "REPORT"] {
                let method = try #require(HTTPRequest.Method(name))
                let campaigns = try await client.send(APIRequest(method: method, path: "/api/v1/ferrule/campaigns"))
                #expect(campaigns.status == 405, "\(name): \(campaigns.text)")
                #expect(campaigns.headers[.allow] == "GET, HEAD, POST", "\(name)")
                let device = try await client.send(APIRequest(method: method, path: "/api/isp/v1/genieacs/devices/d-1"))
                #expect(device.status == 405, "\(name)")
                #expect(device.headers[.allow] == "GET, HEAD, DELETE", "\(name)")
                let summary = try await client.send(
                    APIRequest(method: method, path: "/api/v1/genieacs/devices/stats/summary")
                )
                #expect(summary.headers[.allow] == "GET, HEAD", "the literal path wins over {device_id}")
                let unknown = try await client.send(APIRequest(method: method, path: "/api/v1/genieacs/nothing-here"))
                #expect(unknown.status == 404, "\(name)")
            }
        }
    }

    @Test("an unknown path stays 404, whatever the method")
    func unknownPath() async throws {
        let harness = try APITestHarness()
        try await harness.test { client in
            for method in [HTTPRequest.Method.get, .delete, .trace] {
                let response = try await client.send(APIRequest(method: method, path: "/api/v1/genieacs/nothing-here"))
                #expect(response.status == 404)
                #expect(response.headers[.allow] == nil)
            }
            let outside = try await client.send(APIRequest(method: .delete, path: "/api/v2/genieacs/devices"))
            #expect(outside.status == 404)
        }
    }

    @Test("a declared method still reaches its handler next to the 405 routes")
    func declaredStillWorks() async throws {
        let harness = try APITestHarness()
        try await harness.test { client in
            let list = try await client.send(APIRequest(path: "/api/isp/v1/genieacs/devices/stats/summary"))
            #expect(list.status == 200)
            #expect(list.json["total_devices"]?.intValue == 5)
        }
    }
}
