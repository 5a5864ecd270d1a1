import FerruleJSON
import GenieACSStandIn
import HTTPTypes
import Testing

/// Who may call what: DotMac's 401, 403 and 503 texts, the error envelope, and tenants that cannot
/// see each other's campaigns.
@Suite("API access")
struct APIAccessTests {
    @Test("a request without a principal is 401 Not authenticated, in the error envelope")
    func unauthenticated() async throws {
        try await APITestHarness().test { client in
            let response = try await client.send(APIRequest(path: "/api/v1/genieacs/devices", tenant: nil))
            #expect(response.status == 401)
            #expect(response.detail == "Not authenticated")
            #expect(response.json["error_code"]?.stringValue == "HTTP_401")
            #expect(response.json["status"]?.intValue == 401)
            #expect(response.json["category"]?.stringValue == "authentication")
            #expect(response.json["message"]?.stringValue == "Not authenticated")
        }
    }

    @Test("a missing permission is 403 naming it as DotMac prints it")
    func forbidden() async throws {
        try await APITestHarness().test { client in
            let read = try await client.send(
                APIRequest(path: "/api/v1/genieacs/devices", permissions: "isp.network.pon.read")
            )
            #expect(read.status == 403)
            #expect(read.detail == "Permission denied. Required: ['isp.cpe.read']")
            // Read does not imply write; an explicit deny is not needed for that.
            let write = try await client.send(
                APIRequest(
                    method: .post,
                    path: "/api/v1/genieacs/tasks/reboot",
                    permissions: "isp.cpe.read",
                    body: #"{"device_id": "x"}"#
                )
            )
            #expect(write.status == 403)
            #expect(write.detail == "Permission denied. Required: ['isp.cpe.write']")
            let wildcard = try await client.send(APIRequest(path: "/api/v1/genieacs/devices", permissions: "isp.cpe.*"))
            #expect(wildcard.status == 200)
        }
    }

    @Test("a tenant without a GenieACS or VOLTHA is 503 saying which setting is missing")
    func unconfigured() async throws {
        try await APITestHarness().test { client in
            let acs = try await client.send(APIRequest(path: "/api/v1/genieacs/devices", tenant: "bare"))
            #expect(acs.status == 503)
            #expect(acs.detail?.hasPrefix("Missing OSS configuration for genieacs") == true)
            let voltha = try await client.send(APIRequest(path: "/api/v1/voltha/devices", tenant: "acme"))
            #expect(voltha.status == 503)
            #expect(voltha.detail?.hasPrefix("Missing OSS configuration for voltha") == true)
            #expect(voltha.json["retryable"]?.boolValue == true)
        }
    }

    @Test("an unknown tenant is 404")
    func unknownTenant() async throws {
        try await APITestHarness().test { client in
            let response = try await client.send(APIRequest(path: "/api/v1/genieacs/devices", tenant: "initech"))
            #expect(response.status == 404)
            #expect(response.detail == "Tenant with ID 'initech' not found")
        }
    }

    @Test("health, readiness and the document need no principal")
    func openRoutes() async throws {
        try await APITestHarness().test { client in
            let live = try await client.send(APIRequest(path: "/api/v1/healthz", tenant: nil))
            #expect(live.status == 200)
            #expect(live.json["status"]?.stringValue == "ok")
            let ready = try await client.send(APIRequest(path: "/api/isp/v1/readyz", tenant: nil))
            #expect(ready.status == 200)
            #expect(ready.json["ready"]?.boolValue == true)
            let document = try await client.send(APIRequest(path: "/openapi.json", tenant: nil))
            #expect(document.status == 200)
            #expect(document.json["openapi"]?.stringValue == "3.1.0")
        }
    }

    @Test("a body that is not the document's shape is 422 naming the field")
    func validation() async throws {
        try await APITestHarness().test { client in
            let response = try await client.send(
                APIRequest(method: .post, path: "/api/v1/genieacs/tasks/reboot", body: #"{"device": "x"}"#)
            )
            #expect(response.status == 422)
            #expect(response.json["error_code"]?.stringValue == "VALIDATION_ERROR")
            #expect(response.detail?.contains("body.device_id") == true)
            let range = try await client.send(APIRequest(path: "/api/v1/genieacs/devices?limit=5000"))
            #expect(range.status == 422)
            #expect(range.detail?.contains("query.limit") == true)
        }
    }
}
