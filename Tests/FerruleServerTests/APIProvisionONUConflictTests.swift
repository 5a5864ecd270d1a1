import FerruleJSON
import FerruleServer
import FerruleTestSupport
import HTTPTypes
import Testing
import VOLTHA

/// `POST /voltha/provision-onu` declares every 4xx its handler answers, 409 included, with the
/// error envelope; the 409 it answers for an ONU under a disabled OLT is that envelope.
@Suite("API document: provision-onu's statuses")
struct APIProvisionONUConflictTests {
    /// The document's responses of `post /voltha/provision-onu`.
    static func responses() throws -> JSONValue? {
        try JSONValue.parse(FerruleAPI.documentJSON)["paths"]?["/voltha/provision-onu"]?["post"]?["responses"]
    }

    @Test("provision-onu declares 401, 403, 404, 409 and 422, each with the error envelope, beside 201")
    func statusesDeclared() throws {
        let responses = try Self.responses()
        let codes = Set((responses?.objectMembers ?? []).map(\.0))
        #expect(codes.isSuperset(of: ["201", "401", "403", "404", "409", "422"]), "\(codes.sorted())")
        for code in ["401", "403", "404", "409", "422"] {
            #expect(responses?[code]?["$ref"]?.stringValue == "#/components/responses/Error", "\(code)")
        }
    }

    @Test(
        "an ONU under a disabled OLT is the declared 409: the envelope's required fields, HTTP_409, a detail saying what to do",
        .enabled(if: PythonStandIn.available, "needs .venv-tools (Tools/setup-python-tools.sh)")
    )
    func conflictBody() async throws {
        let document = try JSONValue.parse(FerruleAPI.documentJSON)
        // The schema the document gives the 409, followed through its references.
        let declared = try #require(try Self.responses()?["409"]?["$ref"]?.stringValue, "409 is declared")
        #expect(declared == "#/components/responses/Error")
        let schemaRef = document["components"]?["responses"]?["Error"]?["content"]?["application/json"]?["schema"]?[
            "$ref"
        ]?.stringValue
        #expect(schemaRef == "#/components/schemas/ErrorResponse")
        let schema = try #require(document["components"]?["schemas"]?["ErrorResponse"])
        let required = (schema["required"]?.arrayValue ?? []).compactMap(\.stringValue)
        #expect(Set(required) == ["detail", "error_code", "message", "status"])

        let standIn = try await PythonStandIn.voltha(scenario: "timing: {mode: time, step_ms: 0}\n")
        defer { standIn.stop() }
        var harness = try APITestHarness(devices: 1)
        harness.voltha = try VolthaConfiguration(address: standIn.firstLine, callTimeout: .seconds(60))
        try await harness.test { client in
            let devices = try await client.send(APIRequest(path: "/api/v1/voltha/devices"))
            let olt = try #require((devices.json["devices"]?.arrayValue ?? []).first { $0["root"]?.boolValue == true })
            let oltID = try #require(olt["id"]?.stringValue)
            let disabled = try await client.send(
                APIRequest(method: .post, path: "/api/v1/voltha/devices/disable", body: #"{"device_id": "\#(oltID)"}"#)
            )
            #expect(disabled.status == 200, "\(disabled.text)")
            let conflict = try await client.send(
                APIRequest(
                    method: .post,
                    path: "/api/v1/voltha/provision-onu",
                    body: #"{"serial_number": "BBSM00000002", "olt_device_id": "BBSIM_OLT_0", "pon_port": 0}"#
                )
            )
            #expect(conflict.status == 409, "\(conflict.text)")
            for field in required { #expect(conflict.json[field] != nil, "\(field) in \(conflict.text)") }
            #expect(conflict.json["status"]?.intValue == 409)
            #expect(conflict.json["error_code"]?.stringValue == "HTTP_409")
            #expect(conflict.json["category"]?.stringValue == "business")
            let detail = try #require(conflict.detail)
            #expect(detail.hasPrefix("OLT \(oltID) is DISABLED and "), "\(detail)")
            #expect(detail.contains(": ONU BBSM00000002 cannot be in service under it; "), "\(detail)")
            #expect(
                detail.hasSuffix(
                    "enable the OLT first (POST /api/v1/voltha/devices/enable with its device_id), then provision"
                ),
                "\(detail)"
            )
            #expect(conflict.json["message"]?.stringValue == detail)
        }
    }
}
