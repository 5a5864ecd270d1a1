import FerruleJSON
import FerruleTestSupport
import Foundation
import Testing

/// `POST /api/v1/voltha/provision-onu` through `ferrule serve`, against voltha-standin (one OLT
/// with 2 PONs × 4 ONUs; `ALCL78de45b1` on pon 1).
@Suite(
    "ferrule serve: VOLTHA provision-onu (end to end)",
    .enabled(if: PythonStandIn.available, "needs .venv-tools (Tools/setup-python-tools.sh)")
)
struct ServeVolthaProvisionEndToEndTests {
    static func provision(_ server: ServeProcess, _ token: String, _ body: String) async throws -> ServeProcess.Response
    {
        try await server.request(
            "POST",
            "/api/v1/voltha/provision-onu",
            headers: ["X-API-Key": token, "Content-Type": "application/json"],
            body: body
        )
    }

    @Test(
        "the serial matches as the CLI's does (label case), the PON port is pon-N, an unknown OLT is 404, an ONU under a disabled OLT is 409"
    )
    func provisionONU() async throws {
        let voltha = try await PythonStandIn.voltha(scenario: "timing: {mode: time, step_ms: 0}\n")
        defer { voltha.stop() }
        let (server, token) = try await ServeEndToEndTests.serveWithToken(
            config: "tenants:\n  default:\n    voltha: {address: \"\(voltha.firstLine)\"}\n"
        )
        let label = try await Self.provision(
            server,
            token,
            #"{"serial_number": "ALCL78DE45B1", "olt_device_id": "BBSIM_OLT_0", "pon_port": 1}"#
        )
        #expect(label.status == 201, "\(label.body)")
        let created = try JSONValue.parse(Array(label.body.utf8))
        #expect(created["serial_number"]?.stringValue == "ALCL78de45b1", "VOLTHA's spelling: \(label.body)")
        // VOLTHA's internal PON port number (0x20000001) is not the PON interface a client gives.
        let portNumber = try await Self.provision(
            server,
            token,
            #"{"serial_number": "ALCL78DE45B1", "olt_device_id": "BBSIM_OLT_0", "pon_port": 536870913}"#
        )
        #expect(portNumber.status == 404, "\(portNumber.body)")

        let typo = try await server.request(
            "GET",
            "/api/v1/voltha/discover-onus?olt_device_id=BBSIM_OLT_9",
            headers: ["X-API-Key": token]
        )
        #expect(typo.status == 404, "an unknown OLT is not one without new ONUs: \(typo.body)")
        #expect(typo.body.contains("OLT BBSIM_OLT_9 not found"), "\(typo.body)")

        let devices = try await server.request("GET", "/api/v1/voltha/devices", headers: ["X-API-Key": token])
        let olt = try #require(
            (try JSONValue.parse(Array(devices.body.utf8))["devices"]?.arrayValue ?? []).first {
                $0["root"]?.boolValue == true
            }
        )
        let oltID = try #require(olt["id"]?.stringValue)
        let disabled = try await server.request(
            "POST",
            "/api/v1/voltha/devices/disable",
            headers: ["X-API-Key": token, "Content-Type": "application/json"],
            body: #"{"device_id": "\#(oltID)"}"#
        )
        #expect(disabled.status == 200, "\(disabled.body)")
        let underDisabled = try await Self.provision(
            server,
            token,
            #"{"serial_number": "BBSM00000002", "olt_device_id": "BBSIM_OLT_0", "pon_port": 0}"#
        )
        #expect(underDisabled.status == 409, "\(underDisabled.body)")
        #expect(underDisabled.body.contains("is DISABLED"), "\(underDisabled.body)")
        #expect(underDisabled.body.contains("enable the OLT first"), "\(underDisabled.body)")
        #expect(await server.terminate(timeout: .seconds(30)) == 0, "\(server.log)")
    }
}
