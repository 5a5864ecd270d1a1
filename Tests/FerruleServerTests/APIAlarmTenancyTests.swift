import FerruleJSON
import Foundation
import HTTPTypes
import HummingbirdTesting
import PONEvents
import Testing
import VOLTHA

/// Acknowledge and clear act on the caller's tenant's PON event store only: another tenant's
/// alarm is answered exactly as an alarm that exists nowhere, whatever the body, so no answer
/// tells a caller which ids another tenant holds.
@Suite("API alarm actions across tenants")
struct APIAlarmTenancyTests {
    /// Bodies of each kind: JSON that does not parse, a wrong type, a value the store refuses, a valid one.
    static func bodies(_ field: String) -> [String] {
        ["{not json", #"{"\#(field)": 5}"#, #"{"\#(field)": "  "}"#, #"{"\#(field)": "noc-mallory"}"#]
    }

    @Test("another tenant's alarm id and an unknown id get the same status and detail for every body")
    func otherTenantsAlarmIsUnknown() async throws {
        let acme = try APIVOLTHAEventTests.store()
        try await acme.record(APIVOLTHAEventTests.lossOfSignal(.raise), source: .file(path: "test", line: 1))
        try await acme.record(
            APIVOLTHAEventTests.lossOfSignal(.raise, serial: "BBSM00000002"),
            source: .file(path: "test", line: 2)
        )
        let globex = try APIVOLTHAEventTests.store()
        try await globex.record(APIVOLTHAEventTests.lossOfSignal(.raise), source: .file(path: "test", line: 1))
        var harness = try APITestHarness(devices: 1)
        harness.events = acme
        harness.globexEvents = globex
        try await harness.test { client in
            let listed = try await client.send(APIRequest(path: "/api/v1/voltha/alarms"))
            let ids = (listed.json["alarms"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue }
            let globexIDs =
                try await client.send(APIRequest(path: "/api/v1/voltha/alarms", tenant: "globex"))
                .json["alarms"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
            // An id only acme holds.
            let foreign = try #require(ids.first { !globexIDs.contains($0) })
            for (action, field) in [("acknowledge", "acknowledged_by"), ("clear", "cleared_by")] {
                for body in Self.bodies(field) {
                    func probe(_ id: String) async throws -> (Int, String?) {
                        let response = try await client.send(
                            APIRequest(
                                method: .post,
                                path: "/api/v1/voltha/alarms/\(id)/\(action)",
                                tenant: "globex",
                                body: body
                            )
                        )
                        return (
                            response.status,
                            response.detail?.replacingOccurrences(of: "Alarm \(id) ", with: "Alarm <id> ")
                        )
                    }
                    let other = try await probe(foreign)
                    let unknown = try await probe("987654")
                    #expect(other.0 == unknown.0 && other.1 == unknown.1, "\(action) \(body): \(other) vs \(unknown)")
                    #expect(other.0 == 404 || other.0 == 422, "\(action) \(body): \(other)")
                }
                #expect(try await Self.probeStatus(client, foreign, action, field, tenant: "globex") == 404)
            }
            // acme's alarm is untouched by globex's attempts, and acme can still act on it.
            let after = try await client.send(APIRequest(path: "/api/v1/voltha/alarms?state=RAISED"))
            #expect(after.json["active"]?.intValue == 2)
            #expect(after.json["alarms"]?.arrayValue?.allSatisfy { $0["acknowledged_by"] == nil } == true)
            #expect(
                try await Self.probeStatus(client, foreign, "acknowledge", "acknowledged_by", tenant: "acme") == 200
            )
        }
    }

    /// The status of `action` on alarm `id` with a valid body, as `tenant`.
    static func probeStatus(
        _ client: any TestClientProtocol,
        _ id: String,
        _ action: String,
        _ field: String,
        tenant: String
    ) async throws -> Int {
        try await client.send(
            APIRequest(
                method: .post,
                path: "/api/v1/voltha/alarms/\(id)/\(action)",
                tenant: tenant,
                body: #"{"\#(field)": "noc-bob"}"#
            )
        ).status
    }
}
