import Foundation
import SwiftProtobuf
import Testing
import VOLTHAMessages

@testable import PONEvents

@Suite("Decoding VOLTHA events from raw bytes")
struct PONEventDecoderTests {
    typealias F = EventFixtures

    @Test("every event name VOLTHA sends has a fixture, and each decodes to its kind")
    func everyName() throws {
        let entries = try F.all()
        let deviceNames = Set(entries.map(\.name).filter { !$0.isEmpty })
        for known in PONEventCatalogue.knownNames {
            let covered = deviceNames.contains(known) || deviceNames.contains(known + "_RAISE_EVENT")
            #expect(covered, "no fixture for \(known)")
        }
        #expect(deviceNames.contains("ONU_DYING_GASP_EVENT") && deviceNames.contains("ONU_ACTIVATION_FAIL"))
        for entry in entries {
            let event = try PONEventDecoder().decode(entry.bytes)
            #expect(event.name == (entry.name.isEmpty ? event.name : entry.name), "\(entry.file)")
            let unknown = ["ONU_FUTURE_ALARM_RAISE_EVENT", "VENDOR_SPECIFIC_THING"].contains(entry.name)
            #expect((event.kind == .unknown) == unknown, "\(entry.file) decoded as \(event.kind)")
            #expect(event.raisedAt != nil, "\(entry.file) has no raised time")
        }
    }

    @Test("an openolt ONU alarm names the OLT by resource id and the ONU by its context keys")
    func openoltAlarm() throws {
        let raise = try F.one("ONU_LOSS_OF_SIGNAL_RAISE_EVENT")
        #expect(raise.kind == .signalLost && raise.phase == .raise && raise.alarmName == "ONU_LOSS_OF_SIGNAL")
        #expect(raise.oltDeviceID == F.oltID && raise.onuDeviceID == F.onuID && raise.onuSerial == F.onuSerial)
        #expect(raise.ponInterface == 1 && raise.onuNumber == 3 && raise.oltSerial == nil)
        #expect(raise.category == "COMMUNICATION" && raise.subCategory == "ONU" && raise.resourceID == F.oltID)
        #expect(
            raise.headerID.hasPrefix("Voltha.openolt.ONU_LOSS_OF_SIGNAL.") && raise.context["port-label"] == "pon-1"
        )
        let clear = try F.one("ONU_LOSS_OF_SIGNAL_CLEAR_EVENT")
        #expect(clear.phase == .clear && clear.kind == .signalLost)
        let seconds = try #require(raise.raisedAt).timeIntervalSince1970
        #expect(seconds == 1_796_461_200 + 6)
    }

    @Test("dying gasp from the OLT and from the ONU's OMCI alarm identify the same ONU")
    func dyingGaspBothSources() throws {
        let both = try F.decoded("ONU_DYING_GASP_RAISE_EVENT")
        try #require(both.count == 2)
        let (olt, omci) = (both[0], both[1])
        #expect(olt.kind == .powerLost && omci.kind == .powerLost)
        #expect(olt.onuSerial == F.onuSerial && omci.onuSerial == F.onuSerial)
        #expect(olt.onuDeviceID == F.onuID && omci.onuDeviceID == F.onuID)
        #expect(olt.ponInterface == 1 && omci.ponInterface == 1)
        // OMCI puts the device id under onu-id: never read as the ONU number.
        #expect(olt.onuNumber == 3 && omci.onuNumber == nil && omci.context["onu-id"] == F.onuID)
        #expect(olt.oltDeviceID == F.oltID && omci.oltDeviceID == nil)
    }

    @Test("an OMCI UNI alarm's port number gives the PON and the ONU number")
    func omciUniPort() throws {
        let lan = try F.one("ONU_Ethernet_UNI_RAISE_EVENT")
        #expect(lan.kind == .alarm && lan.ponInterface == 1 && lan.onuNumber == 3 && lan.onuDeviceID == F.onuID)
        let optical = try F.one("ONU_LOW_RX_OPTICAL_RAISE_EVENT")
        #expect(optical.ponInterface == 1 && optical.onuNumber == nil)
    }

    @Test("in the openolt failure events serial-number is the OLT's and onu-serial-number the ONU's")
    func openoltFailure() throws {
        let failure = try F.one("ONU_UPDATE_COMMUNICATION_FAILED")
        #expect(failure.kind == .configFailed && failure.phase == .bare)
        #expect(failure.oltSerial == F.oltSerial && failure.onuSerial == F.onuSerial)
        #expect(failure.oltDeviceID == F.oltID && failure.onuDeviceID == F.onuID)
        #expect(
            failure.ponInterface == 1 && failure.onuNumber == 3 && failure.context["error-code"] == "ERR_ACTIVATE_ONU"
        )
        let oltOnly = try F.one("OLT_DEVICE_STATE_UPDATE_FAILED")
        #expect(oltOnly.oltSerial == F.oltSerial && oltOnly.onuSerial == nil && oltOnly.ponInterface == nil)
    }

    @Test("ONU_ACTIVATED carries the ONU serial, the OLT serial, the PON and the ONU number")
    func activated() throws {
        let event = try F.one("ONU_ACTIVATED_RAISE_EVENT")
        #expect(event.kind == .onuActivated && event.phase == .raise)
        #expect(event.onuSerial == F.onuSerial && event.oltSerial == F.oltSerial && event.onuDeviceID == F.onuID)
        #expect(
            event.ponInterface == 1 && event.onuNumber == 3 && event.context["software-version"] == "BBSM_IMG_00001"
        )
        #expect(event.description == "ONU Event - ONU_ACTIVATED - Raised")
    }

    @Test("ONU_ACTIVATED and openonu failures without the ONU's indication (pon-id 0, onu-id 0) have no place")
    func activatedWithoutIndication() {
        // voltha-openonu-adapter-go internal/pkg/core/device_handler.go:3452-3460, 3522-3531: 0 and 0
        // when pOnuIndication is nil; openolt numbers ONUs from 1.
        for name in ["ONU_ACTIVATED_RAISE_EVENT", "ONU_INITIALIZATION_FAILED"] {
            let event = PONEventNormaliser.deviceEvent(
                name: name,
                resourceID: "onu-7",
                description: "",
                context: [
                    "pon-id": "0", "onu-id": "0", "serial-number": "ALCL78de45b1", "device-id": "onu-7",
                    "onu-device-id": "onu-7", "error-code": "ERR_CORE_UNAVAILABLE",
                ]
            )
            #expect(event.ponInterface == nil && event.onuNumber == nil, "\(name): \(event)")
            #expect(event.onuDeviceID == "onu-7")
        }
        let placed = PONEventNormaliser.deviceEvent(
            name: "ONU_ACTIVATED_RAISE_EVENT",
            resourceID: "onu-7",
            description: "",
            context: ["pon-id": "0", "onu-id": "3", "device-id": "onu-7"]
        )
        #expect(placed.ponInterface == 0 && placed.onuNumber == 3, "PON 0 is a real PON")
    }

    @Test("a JSON value on the topic is reported as JSON, not as a protobuf group")
    func jsonValue() {
        let json = Array(
            #"{"header":{"id":"x"},"deviceEvent":{"deviceEventName":"ONU_LOSS_OF_SIGNAL_RAISE_EVENT"}}"#.utf8
        )
        for decoder in [PONEventDecoder(), PONEventDecoder(readsWireFormatDirectly: false)] {
            do {
                _ = try decoder.decode(json)
                Issue.record("JSON decoded as binary")
            } catch {
                #expect(error.message.hasPrefix("the value looks like JSON (it starts with `{`)"), "\(error.message)")
                #expect(error.code == .badEvent)
            }
        }
    }

    @Test("core state changes name the OLT or the ONU by is-root")
    func stateChange() throws {
        let changes = try F.decoded("DEVICE_STATE_CHANGE_RAISE_EVENT")
        try #require(changes.count == 2)
        let (onu, olt) = (changes[0], changes[1])
        #expect(onu.kind == .stateChange && onu.onuDeviceID == F.onuID && onu.onuSerial == F.onuSerial)
        #expect(onu.oltDeviceID == F.oltID && onu.ponInterface == 1 && onu.oltSerial == nil)
        #expect(
            olt.oltDeviceID == F.oltID && olt.oltSerial == F.oltSerial && olt.onuSerial == nil && olt.onuDeviceID == nil
        )
        let deleted = try F.one("ONU_DELETED_RAISE_EVENT")
        #expect(deleted.kind == .deviceDeleted && deleted.ponInterface == 1 && deleted.onuNumber == 3)
        #expect(deleted.oltSerial == F.oltSerial && deleted.onuSerial == F.onuSerial)
    }

    @Test("old names are accepted: ONU_DYING_GASP_EVENT is a power-lost raise, ONU_ACTIVATION_FAIL a config failure")
    func oldNames() throws {
        let gasp = try F.one("ONU_DYING_GASP_EVENT")
        #expect(gasp.kind == .powerLost && gasp.phase == .raise && gasp.alarmName == "ONU_DYING_GASP")
        #expect(gasp.onuSerial == F.onuSerial)
        let fail = try F.one("ONU_ACTIVATION_FAIL")
        #expect(fail.kind == .configFailed && fail.phase == .bare && fail.onuNumber == 3)
    }

    @Test("unknown names are kept with their context, never an error")
    func unknownNames() throws {
        let future = try F.one("ONU_FUTURE_ALARM_RAISE_EVENT")
        #expect(future.kind == .unknown && future.phase == .raise && future.alarmName == "ONU_FUTURE_ALARM")
        #expect(future.onuSerial == F.onuSerial && future.onuDeviceID == F.onuID && future.onuNumber == nil)
        let vendor = try F.one("VENDOR_SPECIFIC_THING")
        #expect(vendor.kind == .unknown && vendor.phase == .bare && vendor.ponInterface == 2 && vendor.onuNumber == 9)
        #expect(vendor.category == "PROCESSING" && vendor.subCategory == "NONE")
    }

    @Test("PON interface down names no interface; OLT loss of signal names its PON")
    func oltEvents() throws {
        let down = try F.one("OLT_PON_INTERFACE_DOWN_RAISE_EVENT")
        #expect(down.kind == .ponDown && down.ponInterface == nil && down.oltDeviceID == F.oltID)
        let los = try F.one("OLT_LOSS_OF_SIGNAL_RAISE_EVENT")
        #expect(los.kind == .ponDown && los.ponInterface == 1 && los.onuSerial == nil, "a cut fibre: the PON is down")
        let comm = try F.one("OLT_COMMUNICATION_FAILURE_RAISE_EVENT")
        #expect(comm.kind == .oltDown && comm.oltSerial == F.oltSerial && comm.onuSerial == nil)
    }

    @Test("KPI and RPC events decode to their kinds")
    func kpiAndRPC() throws {
        let entries = try F.all()
        let kpi = try PONEventDecoder().decode(try #require(entries.first { $0.type == "kpi_event2" }).bytes)
        #expect(kpi.kind == .kpi && kpi.name == "STATS_PUBLISH_EVENT" && kpi.oltDeviceID == F.oltID)
        #expect(kpi.ponInterface == 1 && kpi.description == "PONStats" && kpi.subCategory == "PON")
        let rpc = try PONEventDecoder().decode(try #require(entries.first { $0.type == "rpc_event" }).bytes)
        #expect(rpc.kind == .rpcError && rpc.name == "RPC_ERROR_RAISE_EVENT" && rpc.resourceID == F.oltID)
    }

    @Test("float timestamps of protos before 3.2.3 are read")
    func legacyTimestamps() throws {
        let entry = try #require(try F.all().first { $0.file.contains("LEGACY-FLOAT-TIMESTAMPS") })
        let event = try PONEventDecoder().decode(entry.bytes)
        #expect(event.kind == .signalLost && event.onuSerial == F.onuSerial)
        // 1,796,461,200 as a 32-bit float: the nearest multiple of 128.
        #expect(event.raisedAt?.timeIntervalSince1970 == 1_796_461_184)
        #expect(event.reportedAt != nil)
    }

    @Test(
        "a header time outside protobuf's Timestamp range or before 1970 is taken as unset, never a year 506713",
        arguments: [
            (Int64(1) << 62, Int32(0)), (1_796_461_200, -5), (1_796_461_200, 1_000_000_000), (-62_135_596_800, 0),
        ]
    )
    func outOfRangeTimestamps(seconds: Int64, nanos: Int32) {
        var stamp = Google_Protobuf_Timestamp()
        stamp.seconds = seconds
        stamp.nanos = nanos
        #expect(PONEventNormaliser.date(stamp) == nil)
        stamp.seconds = 1_796_461_200
        stamp.nanos = 0
        #expect(PONEventNormaliser.date(stamp)?.timeIntervalSince1970 == 1_796_461_200)
    }
}

@Suite("Event times from a clock running ahead")
struct PONEventFutureTimeTests {
    /// 2026-12-05 09:00:00 UTC, the decoding machine's time in these tests.
    static let now = Date(timeIntervalSince1970: 1_796_461_200)

    /// An ONU loss of signal raised at `raised` and reported at `reported`, as binary protobuf.
    static func event(raised: Date, reported: Date) throws -> [UInt8] {
        var message = Event_Event()
        message.header.id = "Voltha.openolt.ONU_LOSS_OF_SIGNAL.1"
        message.header.raisedTs = Google_Protobuf_Timestamp(date: raised)
        message.header.reportedTs = Google_Protobuf_Timestamp(date: reported)
        var device = Event_DeviceEvent()
        device.resourceID = "olt-1"
        device.deviceEventName = "ONU_LOSS_OF_SIGNAL_RAISE_EVENT"
        device.context = ["intf-id": "1", "onu-id": "3", "serial-number": "BBSM00000003"]
        message.deviceEvent = device
        return try message.serializedBytes()
    }

    @Test("a time more than 15 minutes past the clock is dropped, by both decoders and from JSON; the other stands")
    func dropped() throws {
        let clock: @Sendable () -> Date = { Self.now }
        let ahead = Self.now.addingTimeInterval(PONEventDecoder.maxClockAhead + 1)
        let year9999 = Date(timeIntervalSince1970: 253_402_300_799)
        for raised in [ahead, year9999] {
            let bytes = try Self.event(raised: raised, reported: Self.now)
            for decoder in [
                PONEventDecoder(clock: clock), PONEventDecoder(readsWireFormatDirectly: false, clock: clock),
            ] {
                let event = try decoder.decode(bytes)
                #expect(event.raisedAt == nil && event.reportedAt == Self.now, "\(raised)")
            }
            let json: [UInt8] = try Event_Event(serializedBytes: bytes).jsonUTF8Bytes()
            let fromJSON = try PONEventDecoder(clock: clock).decode(json: json)
            #expect(fromJSON.raisedAt == nil && fromJSON.reportedAt == Self.now)
        }
        // Both ahead: neither is kept (the time the event is received stands in).
        let both = try PONEventDecoder(clock: clock).decode(Self.event(raised: year9999, reported: year9999))
        #expect(both.raisedAt == nil && both.reportedAt == nil)
        // Within the limit (clocks a few minutes apart) the time is the event's.
        let near = Self.now.addingTimeInterval(PONEventDecoder.maxClockAhead - 1)
        let kept = try PONEventDecoder(clock: clock).decode(Self.event(raised: near, reported: Self.now))
        #expect(kept.raisedAt == near)
    }

    @Test("one event dated 9999 no longer pins the filter's clock: a week of single losses is no storm")
    func noEndlessStorm() throws {
        let clock: @Sendable () -> Date = { Self.now.addingTimeInterval(8 * 86_400) }
        let decoder = PONEventDecoder(clock: clock)
        var filter = PONEventFilter()
        let poison = Date(timeIntervalSince1970: 253_402_300_799)
        var outcomes = filter.process(try decoder.decode(Self.event(raised: poison, reported: poison)), now: Self.now)
        for day in 0..<8 {
            let at = Self.now.addingTimeInterval(Double(day) * 86_400)
            var event = try decoder.decode(Self.event(raised: at, reported: at))
            event.onuNumber = UInt32(10 + day)
            event.onuDeviceID = "onu-\(day)"
            event.onuSerial = "BBSM000000\(10 + day)"
            outcomes += filter.process(event, now: at)
        }
        #expect(!outcomes.contains { if case .stormRaised = $0 { true } else { false } }, "\(outcomes)")
    }
}
