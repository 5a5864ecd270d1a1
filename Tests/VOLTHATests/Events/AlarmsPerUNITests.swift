import FerruleJSON
import Foundation
import Testing

@testable import PONEvents

/// openonu OMCI alarms as voltha-openonu-adapter-go's alarm manager sends them
/// (`internal/pkg/almgr/alarm_manager.go:738-778`), decoded by the normaliser.
enum OMCISamples {
    /// The event store fixtures' clock: stored alarms are within retention.
    static let origin = Date(timeIntervalSince1970: 1_800_000_000)
    static let device = "onu-dev-1"
    static let serial = "BBSM00000003"
    static let pon: UInt32 = 1
    static let onu: UInt32 = 3

    /// The UNI port number of `uni` (voltha-lib-go `pkg/platform/platform.go` MkUniPortNum).
    static func uniPort(_ uni: UInt32) -> UInt32 { pon << 16 | onu << 8 | uni }
    /// The ONU's PON port number, written for ONU-G and ANI-G alarms (alarm_manager.go:729-731).
    static let ponPort: UInt32 = 0x2 << 28 | pon

    static func alarm(_ name: String, _ phase: PONEventPhase, port: UInt32, at seconds: Double) -> PONEvent {
        var event = PONEventNormaliser.deviceEvent(
            name: "\(name)_\(phase == .raise ? "RAISE" : "CLEAR")_EVENT",
            resourceID: device,
            description: "\(name) \(phase.rawValue)",
            context: ["onu-intf-id": "\(port)", "onu-id": device, "onu-serial-number": serial]
        )
        event.raisedAt = origin.addingTimeInterval(seconds)
        return event
    }

    static func lan(_ phase: PONEventPhase, uni: UInt32, at seconds: Double) -> PONEvent {
        alarm("ONU_Ethernet_UNI", phase, port: uniPort(uni), at: seconds)
    }
}

@Suite("OMCI alarms of different UNIs of one ONU are different alarms")
struct AlarmsPerUNITests {
    typealias O = OMCISamples

    @Test("the UNI is read from a UNI port number, never from the PON port or openolt's intf-id")
    func uniOfEvent() {
        #expect(O.lan(.raise, uni: 1, at: 0).uniID == 1)
        #expect(O.lan(.raise, uni: 0, at: 0).uniID == 0)
        #expect(O.alarm("ONU_EQUIPMENT", .raise, port: O.ponPort, at: 0).uniID == nil)
        #expect(O.alarm("ONU_EQUIPMENT", .raise, port: 1, at: 0).uniID == nil)
        #expect(PONEventIdentity.uni(context: ["intf-id": "1", "onu-intf-id": "66305"]) == nil)
        #expect(PONEventIdentity.uni(context: ["onu-intf-id": "1x"]) == nil)
    }

    @Test("the operator's UNI number is the uni id + 1, as openonu names the port <serial>-<n>; the JSON carries both")
    func operatorNumbering() throws {
        let first = O.lan(.raise, uni: 0, at: 0)
        #expect(first.uni == 1)
        #expect(O.lan(.raise, uni: 15, at: 0).uni == 16)
        #expect(O.alarm("ONU_EQUIPMENT", .raise, port: O.ponPort, at: 0).uni == nil)
        guard case .object(let members) = first.jsonValue else {
            Issue.record("not an object")
            return
        }
        let json = Dictionary(members, uniquingKeysWith: { a, _ in a })
        #expect(json["uni"] == .number("1"))
        #expect(json["uniId"] == .number("0"))
        #expect(json["uniID"] == nil)
        // The alarm identity keeps the uni id (stores written before keep their keys).
        #expect(AlarmKey(first)?.identity == "onu:BBSM00000003/uni-0")
        guard case .object(let onuG) = O.alarm("ONU_EQUIPMENT", .raise, port: O.ponPort, at: 0).jsonValue else {
            Issue.record("not an object")
            return
        }
        #expect(!onuG.contains { $0.0 == "uni" || $0.0 == "uniId" })
    }

    @Test("LAN loss of signal on UNI 0 and UNI 1: both raises delivered, UNI 0's clear leaves UNI 1 down")
    func twoUNIsThroughTheFilter() {
        var filter = PONEventFilter()
        let events = [O.lan(.raise, uni: 0, at: 0), O.lan(.raise, uni: 1, at: 5), O.lan(.clear, uni: 0, at: 100)]
        let outcomes = events.flatMap { filter.process($0) } + filter.finish()
        #expect(outcomes == events.map { .deliver($0) })
        #expect(AlarmKey(events[0]) != AlarmKey(events[1]))
        #expect(AlarmKey(events[0]) == AlarmKey(events[2]))
        #expect(AlarmKey(events[1])?.description == "ONU_Ethernet_UNI@onu:BBSM00000003/uni-1")
    }

    @Test("the second report of one UNI's alarm is still a duplicate; another UNI's is not")
    func duplicatesPerUNI() {
        var deduplicator = PONEventDeduplicator(window: 30)
        let verdicts = [
            O.lan(.raise, uni: 0, at: 0), O.lan(.raise, uni: 1, at: 1), O.lan(.raise, uni: 0, at: 2),
            O.lan(.raise, uni: 1, at: 3),
        ].map { deduplicator.isDuplicate($0) }
        #expect(verdicts == [false, false, true, true])
    }

    @Test("one UNI's changes are not held as a flap of another UNI")
    func debouncePerUNI() {
        var debouncer = FlapDebouncer(interval: 30, capacity: 100)
        let events = [O.lan(.raise, uni: 0, at: 0), O.lan(.raise, uni: 1, at: 5), O.lan(.clear, uni: 1, at: 10)]
        let outcomes = events.flatMap { debouncer.process($0) }
        #expect(outcomes == [.deliver(events[0]), .deliver(events[1]), .held(events[2])])
    }

    @Test("a circuit pack's ONU_EQUIPMENT is not the ONU-G's; the ONU-G's dying gasp stays the OLT's")
    func sharedNames() {
        let circuitPack = O.alarm("ONU_EQUIPMENT", .raise, port: O.uniPort(0), at: 0)
        let onuG = O.alarm("ONU_EQUIPMENT", .raise, port: O.ponPort, at: 1)
        #expect(AlarmKey(circuitPack)?.identity == "onu:BBSM00000003/uni-0")
        #expect(AlarmKey(onuG)?.identity == "onu:BBSM00000003")
        var deduplicator = PONEventDeduplicator(window: 30)
        #expect(!deduplicator.isDuplicate(circuitPack) && !deduplicator.isDuplicate(onuG))
        let gasp = O.alarm("ONU_DYING_GASP", .raise, port: O.ponPort, at: 2)
        #expect(AlarmKey(gasp)?.identity == "onu:BBSM00000003")
    }
}
