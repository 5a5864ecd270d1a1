import FerruleJSON
import FerruleTestSupport
import Foundation
import HTTPTypes
import PONEvents
import Testing

/// `/voltha/alarms` and `/voltha/events` over the PON event store, in DotMac's shapes; operator
/// acknowledge and clear.
@Suite("API VOLTHA alarms and events")
struct APIVOLTHAEventTests {
    static func store() throws -> EventStore {
        try EventStore(path: EventStore.path(inStateDirectory: Scratch.directory("ferrule-api-events").path))
    }

    static func lossOfSignal(_ phase: PONEventPhase, serial: String = "BBSM00000001") -> PONEvent {
        PONEvent(
            name: phase == .raise ? "ONU_LOSS_OF_SIGNAL_RAISE_EVENT" : "ONU_LOSS_OF_SIGNAL_CLEAR_EVENT",
            alarmName: "ONU_LOSS_OF_SIGNAL",
            kind: .signalLost,
            phase: phase,
            category: "COMMUNICATION",
            subCategory: "ONU",
            resourceID: "olt-1",
            oltDeviceID: "olt-1",
            onuDeviceID: "onu-1",
            onuSerial: serial,
            ponInterface: 0,
            onuNumber: 1,
            raisedAt: Date(timeIntervalSince1970: 1_796_601_600),
            description: "ONU loss of signal",
            context: ["serial-number": serial]
        )
    }

    @Test("alarms: DotMac's fields and counts; filters by state and severity; acknowledge and clear by the body's user")
    func alarms() async throws {
        let events = try Self.store()
        try await events.record(Self.lossOfSignal(.raise), source: .file(path: "test", line: 1))
        var harness = try APITestHarness(devices: 1)
        harness.events = events
        try await harness.test { client in
            let list = try await client.send(APIRequest(path: "/api/v1/voltha/alarms"))
            #expect(list.status == 200, "\(list.text)")
            #expect(list.json["total"]?.intValue == 1)
            #expect(list.json["active"]?.intValue == 1)
            #expect(list.json["cleared"]?.intValue == 0)
            let alarm = try #require(list.json["alarms"]?.arrayValue?.first)
            #expect(alarm["type"]?.stringValue == "ONU_LOSS_OF_SIGNAL")
            #expect(alarm["category"]?.stringValue == "ONU")
            #expect(alarm["state"]?.stringValue == "RAISED")
            #expect(alarm["resource_id"]?.stringValue == "olt-1")
            #expect(alarm["context"]?["serial-number"]?.stringValue == "BBSM00000001")
            #expect(alarm["raised_ts"]?.stringValue == "2026-12-07T00:00:00Z")
            let id = try #require(alarm["id"]?.stringValue)
            let cleared = try await client.send(APIRequest(path: "/api/v1/voltha/alarms?state=CLEARED"))
            #expect(cleared.json["total"]?.intValue == 0)
            let badSeverity = try await client.send(APIRequest(path: "/api/v1/voltha/alarms?severity=LOUD"))
            #expect(badSeverity.status == 422)

            let acknowledge = try await client.send(
                APIRequest(
                    method: .post,
                    path: "/api/v1/voltha/alarms/\(id)/acknowledge",
                    body: #"{"acknowledged_by": "noc-alice", "note": "truck rolled"}"#
                )
            )
            #expect(acknowledge.status == 200, "\(acknowledge.text)")
            #expect(acknowledge.json["operation"]?.stringValue == "acknowledge")
            #expect(acknowledge.json["message"]?.stringValue == "Alarm \(id) acknowledged by noc-alice")
            #expect(acknowledge.json["timestamp"]?.stringValue?.hasSuffix("+00:00") == true)
            let clear = try await client.send(
                APIRequest(
                    method: .post,
                    path: "/api/v1/voltha/alarms/\(id)/clear",
                    body: #"{"cleared_by": "noc-alice"}"#
                )
            )
            #expect(clear.json["operation"]?.stringValue == "clear")
            let after = try await client.send(APIRequest(path: "/api/v1/voltha/alarms?state=CLEARED"))
            #expect(after.json["cleared"]?.intValue == 1)
            #expect(after.json["alarms"]?.arrayValue?.first?["acknowledged_by"]?.stringValue == "noc-alice")
            let unknown = try await client.send(
                APIRequest(method: .post, path: "/api/v1/voltha/alarms/999/clear", body: #"{"cleared_by": "x"}"#)
            )
            #expect(unknown.status == 404)
            #expect(unknown.detail == "Alarm 999 not found")
        }
    }

    /// openonu's `ONU_Ethernet_UNI` raise from the UNI with uni id `uniID` of ONU 1 on PON 0: its
    /// `onu-intf-id` is the UNI port number `pon<<16 | onu<<8 | uni` (voltha-openonu-adapter-go
    /// `internal/pkg/almgr/alarm_manager.go:715-736`).
    static func lanLoss(uniID: UInt32) -> PONEvent {
        PONEvent(
            name: "ONU_Ethernet_UNI_RAISE_EVENT",
            alarmName: "ONU_Ethernet_UNI",
            kind: .alarm,
            phase: .raise,
            category: "EQUIPMENT",
            subCategory: "ONU",
            resourceID: "onu-1",
            onuDeviceID: "onu-1",
            onuSerial: "BBSM00000001",
            raisedAt: Date(timeIntervalSince1970: 1_796_601_600),
            context: ["onu-id": "onu-1", "onu-serial-number": "BBSM00000001", "onu-intf-id": String(1 << 8 | uniID)]
        )
    }

    @Test("alarms and events name their UNI twice: uni as the port is named (uni id + 1), uni_id as identities keep it")
    func uniNumbers() async throws {
        let events = try Self.store()
        try await events.record(Self.lanLoss(uniID: 0), source: .file(path: "test", line: 1))
        try await events.record(Self.lanLoss(uniID: 1), source: .file(path: "test", line: 2))
        try await events.record(Self.lossOfSignal(.raise), source: .file(path: "test", line: 3))
        // The store keeps the 0-based uni id in the identity: the REST numbers do not change it.
        let identities = try await events.alarms(AlarmQuery(limit: 10)).alarms.map(\.identity).sorted()
        #expect(identities.contains("onu:BBSM00000001/uni-0") && identities.contains("onu:BBSM00000001/uni-1"))
        var harness = try APITestHarness(devices: 1)
        harness.events = events
        try await harness.test { client in
            let list = try await client.send(APIRequest(path: "/api/v1/voltha/alarms"))
            #expect(list.status == 200, "\(list.text)")
            let alarms = try #require(list.json["alarms"]?.arrayValue)
            let lan = alarms.filter { $0["type"]?.stringValue == "ONU_Ethernet_UNI" }
            let numbers = lan.map { [$0["uni"]?.intValue, $0["uni_id"]?.intValue] }
            #expect(numbers.count == 2 && numbers.contains([1, 0]) && numbers.contains([2, 1]), "\(list.text)")
            let whole = try #require(alarms.first { $0["type"]?.stringValue == "ONU_LOSS_OF_SIGNAL" })
            // Absent, as every null optional field is (docs/api.md).
            #expect(whole["uni"] == nil && whole["uni_id"] == nil, "an ONU-wide alarm has no UNI: \(whole)")

            let page = try await client.send(APIRequest(path: "/api/v1/voltha/events"))
            #expect(page.status == 200, "\(page.text)")
            let stream = try #require(page.json["events"]?.arrayValue)
            let second = try #require(stream.first { $0["context"]?["onu-intf-id"]?.stringValue == "257" })
            #expect(second["uni"]?.intValue == 2 && second["uni_id"]?.intValue == 1, "\(second)")
            let loss = try #require(stream.first { $0["event_type"]?.stringValue == "signal_lost" })
            #expect(loss["uni"] == nil && loss["uni_id"] == nil, "\(loss)")
        }
    }

    @Test("events: newest first with DotMac's fields, filtered by type; no store is 503")
    func events() async throws {
        let events = try Self.store()
        try await events.record(Self.lossOfSignal(.raise), source: .file(path: "test", line: 1))
        try await events.record(Self.lossOfSignal(.clear), source: .file(path: "test", line: 2))
        var harness = try APITestHarness(devices: 1)
        harness.events = events
        try await harness.test { client in
            let list = try await client.send(APIRequest(path: "/api/v1/voltha/events?limit=1"))
            #expect(list.status == 200, "\(list.text)")
            #expect(list.json["total"]?.intValue == 2)
            let event = try #require(list.json["events"]?.arrayValue?.first)
            #expect(event["event_type"]?.stringValue == "signal_lost")
            #expect(event["resource_id"]?.stringValue == "olt-1")
            let filtered = try await client.send(APIRequest(path: "/api/v1/voltha/events?event_type=onu_activated"))
            #expect(filtered.json["total"]?.intValue == 0)
            let none = try await client.send(APIRequest(path: "/api/v1/voltha/events", tenant: "globex"))
            #expect(none.status == 503)
            for path in ["/api/v1/voltha/events?limit=0", "/api/v1/voltha/alarms?limit=5000"] {
                let bad = try await client.send(APIRequest(path: path, tenant: "globex"))
                #expect(bad.status == 422, "a bad limit is the request's fault, store or not: \(bad.text)")
            }
        }
    }
}
