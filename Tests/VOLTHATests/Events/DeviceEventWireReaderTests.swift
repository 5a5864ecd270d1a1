import Foundation
import Testing

@testable import PONEvents

@Suite("Reading device events straight from the wire format")
struct DeviceEventWireReaderTests {
    typealias F = EventFixtures

    static let direct = PONEventDecoder()
    static let generated = PONEventDecoder(readsWireFormatDirectly: false)

    /// The outcome of one decoder: the event, or the error's text.
    static func outcome(_ decoder: PONEventDecoder, _ bytes: [UInt8]) -> Result<PONEvent, PONEventDecodingError> {
        Result { () throws(PONEventDecodingError) in try decoder.decode(bytes) }
    }

    /// Whether both decoders give the same event, or the same error.
    static func agree(_ bytes: [UInt8]) -> Bool {
        switch (outcome(direct, bytes), outcome(generated, bytes)) {
        case (.success(let a), .success(let b)): a == b
        case (.failure(let a), .failure(let b)): a.description == b.description
        default: false
        }
    }

    @Test("every device-event fixture is read directly, to the event the generated decoder gives")
    func fixtures() throws {
        var direct = 0
        for entry in try F.all() {
            let read = DeviceEventWireReader.read(entry.bytes)
            let reference = try Self.generated.decode(entry.bytes)
            if entry.type == "device_event" && !entry.file.contains("LEGACY") {
                #expect(read == reference, "\(entry.file)")
                direct += read == nil ? 0 : 1
            } else {
                // KPI, RPC and legacy float timestamps are the generated decoder's.
                #expect(read == nil, "\(entry.file) was read directly")
                #expect(try Self.direct.decode(entry.bytes) == reference, "\(entry.file)")
            }
        }
        #expect(direct == 106)
    }

    @Test("every cut of a fixture gives what the generated decoder gives: the same event or the same error")
    func truncations() throws {
        for entry in try F.all() where entry.file.hasPrefix("bin/0") {
            for length in 0..<entry.bytes.count {
                let cut = Array(entry.bytes[..<length])
                #expect(Self.agree(cut), "\(entry.file) cut at \(length)")
            }
        }
    }

    @Test("a fixture with any one byte changed gives what the generated decoder gives")
    func corruptions() throws {
        let entries = try F.all().filter { $0.file.hasPrefix("bin/0") }
        for entry in entries {
            for position in entry.bytes.indices {
                for value: UInt8 in [0x00, 0x80, 0xFF, entry.bytes[position] ^ 0x07] {
                    var bytes = entry.bytes
                    bytes[position] = value
                    #expect(Self.agree(bytes), "\(entry.file) byte \(position) = \(value)")
                }
            }
        }
    }

    /// `field` as a length-delimited protobuf field holding `value`.
    static func field(_ number: UInt8, _ value: [UInt8]) -> [UInt8] {
        precondition(value.count < 128)
        return [number << 3 | 2, UInt8(value.count)] + value
    }

    static func entry(_ key: String, _ value: String) -> [UInt8] {
        field(4, field(1, Array(key.utf8)) + field(2, Array(value.utf8)))
    }

    @Test("repeated map keys keep the last value, unknown fields are skipped, as protobuf decodes them")
    func protobufRules() throws {
        let device =
            Self.field(2, Array("ONU_LOSS_OF_SIGNAL_RAISE_EVENT".utf8)) + Self.entry("serial-number", "HWTC00000001")
            + Self.entry("serial-number", "HWTC00000002") + [0x48, 0x05]  // field 9, varint 5: unknown
            + Self.field(1, Array("olt-1".utf8)) + Self.entry("intf-id", "3")
        let bytes = [0x78, 0x01] + Self.field(5, device)  // field 15, varint: unknown at the top
        let read = try #require(DeviceEventWireReader.read(bytes))
        #expect(read == (try Self.generated.decode(bytes)))
        #expect(read.onuSerial == "HWTC00000002" && read.oltDeviceID == "olt-1" && read.ponInterface == 3)
    }

    @Test("what protobuf merges or rejects is left to the generated decoder, with the same outcome")
    func declined() throws {
        let device = Self.field(2, Array("ONU_DISCOVERY_RAISE_EVENT".utf8)) + Self.entry("intf-id", "1")
        let header = Self.field(1, Array("h".utf8))
        let cases: [(String, [UInt8])] = [
            ("the device event twice", Self.field(5, device) + Self.field(5, Self.entry("onu-id", "7"))),
            ("the header twice", Self.field(1, header) + Self.field(1, [0x10, 0x02]) + Self.field(5, device)),
            ("a KPI event after the device event", Self.field(5, device) + Self.field(4, [])),
            ("text that is not UTF-8", Self.field(5, Self.field(2, [0x4F, 0xC3, 0x28]))),
            ("a header id that is a varint", Self.field(1, [0x08, 0x01]) + Self.field(5, device)),
            ("a group", [0x0B, 0x0C] + Self.field(5, device)),
        ]
        for (what, bytes) in cases {
            #expect(DeviceEventWireReader.read(bytes) == nil, "\(what) was read directly")
            #expect(Self.agree(bytes), "\(what)")
        }
        // The merged device event still decodes, through the generated decoder.
        let merged = try Self.direct.decode(cases[0].1)
        #expect(merged.context == ["intf-id": "1", "onu-id": "7"])
    }
}
