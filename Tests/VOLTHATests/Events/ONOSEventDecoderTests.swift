import FerruleCore
import Foundation
import PONEvents
import Testing

/// ONOS's kafka-onos JSON events decoded into the normalised event model: the payload shapes of
/// opencord/kafka-onos `src/main/java/org/opencord/kafka/integrations/` (AccessDeviceKafkaIntegration.java:103-121,
/// AaaKafkaIntegration.java:231-242, DhcpL2RelayKafkaIntegration.java:127-143).
@Suite("ONOS events (kafka-onos JSON) decode into PON events")
struct ONOSEventDecoderTests {
    static let capture = EventFixtures.path("onos/capture.jsonl")

    static func decode(_ line: String) throws(PONEventDecodingError) -> PONEvent {
        try ONOSEventDecoder().decode(json: Array(line.utf8), topic: nil)
    }

    static func events() throws -> [PONEvent] {
        let bytes = try EventFixtures.bytes("onos/capture.jsonl")
        return try PONEventReplayParser.parse(bytes, format: .jsonl, file: "capture.jsonl").map { item in
            guard case .event(let event, _, _) = item else { throw ProbeFailure("\(item)") }
            return event
        }
    }

    struct ProbeFailure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    @Test(
        "onu.events: status activated is ONOS_UNI_ADDED; the UNI port name gives the ONU serial and UNI, deviceId stays ONOS's"
    )
    func uniAdded() throws {
        let event = try #require(try Self.events().first)
        #expect(event.name == "ONOS_UNI_ADDED" && event.alarmName == "ONOS_UNI_ADDED")
        #expect(event.kind == .onos && event.phase == .bare)
        #expect(event.category == "ONOS" && event.subCategory == "UNI")
        #expect(event.onuSerial == "BBSM00000001")
        #expect(event.onosUNI == 1 && event.onosPortName == "BBSM00000001-1")
        // of:… is the OpenFlow id, never VOLTHA's device id of the OLT.
        #expect(event.oltDeviceID == nil)
        #expect(event.onosDeviceID == "of:00000a0a0a0a0a00")
        #expect(event.oltSerial == "BBSIM_OLT_10")
        // 256 = PON 0 << 16 | ONU 1 << 8 | uni id 0 (voltha-lib-go pkg/platform/platform.go:104-117).
        #expect(event.onosPortNumber == 256 && event.ponInterface == 0 && event.onuNumber == 1)
        #expect(event.resourceID == "of:00000a0a0a0a0a00/256")
        let expected = try #require(try? Date("2026-12-05T09:00:00Z", strategy: .iso8601)).addingTimeInterval(0.123)
        #expect(abs((event.raisedAt ?? .distantPast).timeIntervalSince(expected)) < 0.0005)
        #expect(event.reportedAt == event.raisedAt)
    }

    @Test("every line of the capture decodes, in order, to its own name; unknown statuses and members are kept")
    func names() throws {
        let events = try Self.events()
        #expect(
            events.map(\.name) == [
                "ONOS_UNI_ADDED", "ONOS_AUTH_STARTED", "ONOS_AUTH_APPROVED", "ONOS_DHCP_DISCOVER", "ONOS_DHCP_ACK",
                "ONOS_DHCP_ACK", "ONOS_UNI_REMOVED", "ONOS_UNI_SUSPENDED",
            ]
        )
        let unknown = events[7]
        #expect(unknown.kind == .onos && unknown.context["newField"] == "7" && unknown.context["extra"] == nil)
        #expect(unknown.onuSerial == "BBSM00000003" && unknown.onosUNI == 2)
        #expect(unknown.ponInterface == 0 && unknown.onuNumber == 3)
    }

    @Test("dhcp.events: the ACK carries the client's MAC and its new IP; two clients behind one UNI are two events")
    func dhcp() throws {
        let events = try Self.events()
        let acks = events.filter { $0.name == "ONOS_DHCP_ACK" }
        #expect(acks.map(\.onosMACAddress) == ["2E:0A:00:01:00:00", "2E:0A:00:01:00:01"])
        #expect(acks.map(\.onosIPAddress) == ["10.10.0.5", "10.10.0.6"])
        #expect(acks.allSatisfy { $0.subCategory == "DHCP" && $0.onuSerial == "BBSM00000001" })
        #expect(acks[0].headerID != acks[1].headerID, "same time, same UNI: the MAC tells them apart")
        // Java's Instant.toString writes nanoseconds when there are some.
        #expect(acks[0].raisedAt != nil)
        let removed = try Self.decode(
            #"{"type":"REMOVED","timestamp":"2026-12-05T09:00:09Z","serialNumber":"BBSM00000001-1","messageType":"DHCPACK","macAddress":"2E:0A:00:01:00:00","ipAddress":"10.10.0.5"}"#
        )
        #expect(removed.name == "ONOS_DHCP_REMOVED")
    }

    @Test("a named port number ([name](number), ONOS PortNumber.toString) gives its number, PON and ONU")
    func namedPortNumber() throws {
        let removed = try Self.events()[6]
        #expect(removed.name == "ONOS_UNI_REMOVED")
        #expect(removed.onosPortNumber == 65792 && removed.ponInterface == 1 && removed.onuNumber == 1)
        #expect(removed.context["portNumber"] == "65792")
    }

    @Test("authentication.events: each aaa state is its own name; an unknown one is kept, sanitised")
    func authentication() throws {
        for state in ["STARTED", "REQUESTED", "APPROVED", "DENIED", "TIMEOUT"] {
            let event = try Self.decode(#"{"serialNumber":"BBSM00000001-1","authenticationState":"\#(state)"}"#)
            #expect(event.name == "ONOS_AUTH_\(state)" && event.subCategory == "AAA")
        }
        let odd = try Self.decode(#"{"serialNumber":"BBSM00000001-1","authenticationState":"re-auth pending"}"#)
        #expect(odd.name == "ONOS_AUTH_RE_AUTH_PENDING")
    }

    @Test("what ONOS may leave out is absent, not an error: null port name, no timestamp, no port number")
    func sparse() throws {
        let event = try Self.decode(#"{"status":"activated","serialNumber":null}"#)
        #expect(event.name == "ONOS_UNI_ADDED")
        #expect(event.onuSerial == nil && event.raisedAt == nil && event.ponInterface == nil)
        let noUNI = try Self.decode(#"{"status":"activated","serialNumber":"ALCL78de45b1"}"#)
        #expect(noUNI.onuSerial == "ALCL78de45b1" && noUNI.onosUNI == nil)
        let future = try Self.decode(#"{"status":"activated","timestamp":"9999-01-01T00:00:00Z"}"#)
        #expect(future.raisedAt == nil, "a clock far ahead is not when it happened")
        let garbled = try Self.decode(#"{"status":"activated","timestamp":"yesterday"}"#)
        #expect(garbled.raisedAt == nil)
    }

    @Test("malformed records are refused with a located bad-event-json error, never a crash")
    func malformed() {
        func failure(_ line: String) -> PONEventDecodingError? {
            do {
                _ = try Self.decode(line)
                return nil
            } catch { return error }
        }
        let syntax = failure(#"{"status":"activated","serialNumber":"BBSM00000001-1""#)
        #expect(syntax?.code == .badEventJSON && syntax?.column != nil)
        #expect(syntax?.message.hasPrefix("not valid JSON") == true)
        let array = failure("[1,2]")
        #expect(array?.message.contains("an array, not a JSON object") == true)
        let neither = failure(#"{"serialNumber":"BBSM00000001-1"}"#)
        #expect(neither?.message.contains("not an ONOS event") == true, "\(String(describing: neither))")
        let wrongType = failure(#"{"status":"activated","serialNumber":{"x":1}}"#)
        #expect(wrongType?.message.contains("field serialNumber") == true, "\(String(describing: wrongType))")
        let control = failure("{\"status\":\"a\u{01}\"}")
        #expect(control?.code == .badEventJSON)
        let big = ONOSEventDecoder(maxMessageBytes: 16)
        #expect(throws: PONEventDecodingError.self) { try big.decode(json: Array(#"{"status":"activated"}"#.utf8)) }
    }

    @Test("a replay capture mixing VOLTHA's and ONOS's JSON lines decodes each with its own decoder")
    func mixedReplay() throws {
        let volthaLine = try #require(
            String(decoding: try EventFixtures.bytes("events.jsonl"), as: UTF8.self).split(separator: "\n").first
        )
        let onos = #"{"timestamp":"2026-12-05T09:00:00Z","status":"activated","serialNumber":"BBSM00000001-1"}"#
        let wrongType = #"{"status":"activated","serialNumber":{"x":1}}"#
        let text = "\(volthaLine)\n\(onos)\n{\"status\": \n\(wrongType)\n"
        let items = PONEventReplayParser.parse(Array(text.utf8), format: .jsonl, file: "mixed.jsonl")
        #expect(items.count == 4)
        guard case .event(let voltha, _, _) = items[0], case .event(let uni, _, _) = items[1],
            case .failure(let diagnostic) = items[2], case .failure(let onosProblem) = items[3]
        else {
            Issue.record("\(items)")
            return
        }
        #expect(voltha.name == "DEVICE_STATE_CHANGE_RAISE_EVENT" && voltha.kind != .onos)
        #expect(uni.name == "ONOS_UNI_ADDED")
        #expect(diagnostic.description.hasPrefix("mixed.jsonl:3:"), "\(diagnostic)")
        #expect(diagnostic.description.contains("error[bad-event-json]"), "\(diagnostic)")
        // An ONOS line's problem says what an ONOS line should be, not a VOLTHA event.Event.
        #expect(onosProblem.description.contains("field serialNumber"), "\(onosProblem)")
        #expect(onosProblem.description.contains("kafka-onos event per line"), "\(onosProblem)")
        #expect(!onosProblem.description.contains("event.Event"), "\(onosProblem)")
        #expect(!ONOSEventDecoder.claims(Array(volthaLine.utf8)))
        #expect(ONOSEventDecoder.claims(Array(onos.utf8)))
    }

    @Test(
        "ONOS or VOLTHA is told by top-level members, not text: \"header\" inside a value or a nested object is ONOS's"
    )
    func claimsByStructure() throws {
        // A DHCP event whose values (and an unknown nested member) spell "header".
        let onos =
            #"{"type":"UPDATED","timestamp":"2026-12-05T09:00:04Z","deviceId":"of:00000a0a0a0a0a00","portNumber":"512","#
            + #""serialNumber":"\"header\"-1","messageType":"DHCPACK","macAddress":"2E:0A:00:02:00:00","#
            + #""note":{"header":{"id":"x"}},"list":["header"],"ipAddress":"10.10.0.7"}"#
        #expect(ONOSEventDecoder.claims(Array(onos.utf8)))
        let items = PONEventReplayParser.parse(Array((onos + "\n").utf8), format: .jsonl, file: "c.jsonl")
        guard case .event(let event, _, _) = items.first else {
            Issue.record("\(items)")
            return
        }
        #expect(event.name == "ONOS_DHCP_ACK" && event.kind == .onos, "\(event.name)")
        // VOLTHA's: a top-level header, however written (escaped, after the others, spaced).
        #expect(!ONOSEventDecoder.claims(Array(#"{"status":"x","header":{"id":"a"}}"#.utf8)))
        #expect(!ONOSEventDecoder.claims(Array(#" { "status" : "x" , "\u0068eader" : {} }"#.utf8)))
        // A nested status is not a top-level one; a key longer than any name is not one of them.
        #expect(!ONOSEventDecoder.claims(Array(#"{"header":{},"context":{"status":"a"}}"#.utf8)))
        #expect(!ONOSEventDecoder.claims(Array(#"{"a":{"status":"a"},"statusstatusstatusstatus":1}"#.utf8)))
        #expect(ONOSEventDecoder.claims(Array(#"{"a":"}","status":"activated"}"#.utf8)))
        // Not objects, cut input: never claimed wrongly, never a crash.
        for text in [#"["status"]"#, #""status""#, #"{"sta"#, #"{"status\"#, #"{"\u00"#, ""] {
            #expect(!ONOSEventDecoder.claims(Array(text.utf8)), "\(text)")
        }
    }

    @Test("the structural look is linear: a 1 MiB line of nested arrays and escapes is judged at once")
    func claimsLinear() {
        let deep =
            Array(repeating: UInt8(ascii: "["), count: 1 << 19) + Array(repeating: UInt8(ascii: "]"), count: 1 << 19)
        let line = Array(#"{"x":"#.utf8) + deep + Array(#","status":"a"}"#.utf8)
        let start = ContinuousClock.now
        #expect(ONOSEventDecoder.claims(line))
        let escapes =
            Array(#"{"x":""#.utf8) + Array(repeating: Array(#"\""#.utf8), count: 1 << 18).flatMap { $0 }
            + Array(#"","header":1}"#.utf8)
        #expect(!ONOSEventDecoder.claims(escapes))
        #expect(ContinuousClock.now - start < .seconds(5))
    }

    @Test("port names split at the last dash only before 1 to 3 digits")
    func portNames() {
        let split = ONOSEventDecoder.splitPortName("BBSM00000001-1")
        #expect(split.serial == "BBSM00000001" && split.uni == 1)
        #expect(ONOSEventDecoder.splitPortName("ALCL78de45b1-16").uni == 16)
        #expect(ONOSEventDecoder.splitPortName("some-name").uni == nil)
        #expect(ONOSEventDecoder.splitPortName("-1").serial == "-1")
        #expect(ONOSEventDecoder.splitPortName("X-12345").uni == nil)
        // openonu's POTS UNI (onu_uni_port.go:68-69): the serial without `-P`, the UNI number.
        #expect(ONOSEventDecoder.splitPortName("BBSM00000001-P-3") == ("BBSM00000001", 3))
        #expect(ONOSEventDecoder.splitPortName("-P-3").serial == "-P")
    }
}
