import FerruleJSON
import Foundation
import HTTPTypes
import Testing

@testable import FerruleServer

/// The caller is judged before its request: a token without the route's permission, or of a
/// tenant the server does not know, learns nothing of what the route accepts.
@Suite("API authorises before validating")
struct APIAuthorizeFirstTests {
    /// A write route of each family and a body its schema refuses (wrong types, missing fields).
    static let writes: [(path: String, body: String)] = [
        ("/api/v1/ferrule/campaigns", #"{"name": 5}"#),
        ("/api/v1/genieacs/firmware-upgrades/schedule", #"{"firmware_file": ["x"], "max_concurrent": "ten"}"#),
        ("/api/v1/genieacs/mass-config", #"{"dry_run": "yes"}"#),
        ("/api/v1/ferrule/rules/deploy", #"{"rules": 1}"#),
        ("/api/v1/genieacs/tasks/reboot", #"{"device_id": 7}"#),
        ("/api/isp/v1/genieacs/tasks/set-parameters", "{not json"),
    ]

    @Test("a token without the write permission sending a malformed body is 403, not 422")
    func forbiddenBeforeInvalid() async throws {
        try await APITestHarness().test { client in
            for (path, body) in Self.writes {
                let malformed = try await client.send(
                    APIRequest(method: .post, path: path, permissions: "isp.cpe.read", body: body)
                )
                #expect(malformed.status == 403, "\(path): \(malformed.text)")
                #expect(malformed.detail == "Permission denied. Required: ['isp.cpe.write']", "\(path)")
                // With the permission the same body is the validation error it always was.
                let allowed = try await client.send(APIRequest(method: .post, path: path, body: body))
                #expect(allowed.status == 422, "\(path): \(allowed.text)")
            }
        }
    }

    @Test("a token of an unknown tenant sending a malformed body is 404, not 422")
    func unknownTenantBeforeInvalid() async throws {
        try await APITestHarness().test { client in
            for (path, body) in Self.writes {
                let response = try await client.send(
                    APIRequest(method: .post, path: path, tenant: "initech", body: body)
                )
                #expect(response.status == 404, "\(path): \(response.text)")
                #expect(response.detail == "Tenant with ID 'initech' not found", "\(path)")
            }
        }
    }

    @Test("a malformed query from a token without the read permission is 403, and without a token 401")
    func queries() async throws {
        try await APITestHarness().test { client in
            let forbidden = try await client.send(
                APIRequest(path: "/api/v1/genieacs/devices?limit=many", permissions: "isp.network.pon.read")
            )
            #expect(forbidden.status == 403)
            #expect(forbidden.detail == "Permission denied. Required: ['isp.cpe.read']")
            let anonymous = try await client.send(APIRequest(path: "/api/v1/genieacs/devices?limit=many", tenant: nil))
            #expect(anonymous.status == 401)
        }
    }

    @Test("every authenticated operation of the document has the one permission its summary names")
    func tableMatchesDocument() throws {
        let document = try JSONValue.parse(FerruleAPI.documentJSON)
        var seen: Set<String> = []
        for (_, item) in document["paths"]?.objectMembers ?? [] {
            for (_, operation) in item.objectMembers ?? [] {
                guard let id = operation["operationId"]?.stringValue else { continue }
                if operation["security"]?.arrayValue?.isEmpty == true {
                    #expect(OperationPermissions.required[id] == nil, "\(id)")
                    continue
                }
                seen.insert(id)
                let summary = operation["summary"]?.stringValue ?? ""
                // `(isp.cpe.read)`, or `(isp.network.pon.write, as DotMac)`.
                let named = Permission.allCases.filter {
                    summary.contains("(\($0.rawValue))") || summary.contains("(\($0.rawValue),")
                }
                #expect(named.count == 1 && OperationPermissions.required[id] == named.first, "\(id): \(summary)")
            }
        }
        #expect(seen == Set(OperationPermissions.required.keys))
    }
}
