import Foundation
import SwiftProtobuf
import VOLTHAMessages

/// Reads the common shape of an `event.Event` — a header and a `DeviceEvent` — straight from the
/// protobuf wire format into a ``PONEvent``, without building SwiftProtobuf's message first.
///
/// Every alarm and state change VOLTHA publishes has that shape, so this is the path almost every
/// Kafka record takes; it is about twice as fast as the generated decoder, which builds the whole
/// message (storage class, unknown-field buffers, a map of the context) before normalisation reads it.
///
/// It declines (returns nil) whatever is not plainly that shape, and ``PONEventDecoder`` then takes
/// the generated decoder's path, which gives the event or the precise error: KPI, RPC and config
/// events, legacy float timestamps, a header, device event or timestamp sent twice (protobuf merges
/// them), a known field with another wire type, a group, a varint over 10 bytes, a length past the
/// end, text that is not UTF-8. So the two paths never disagree: for any bytes, the event this reader
/// returns is the one the generated decoder gives (tested on every fixture and fuzzed by
/// `fuzz-event-wire`).
///
/// Field numbers: voltha-protos `protos/voltha_protos/events.proto` (`Event`: header 1, config_event
/// 2, kpi_event 3, kpi_event2 4, device_event 5, rpc_event 6, kpi_event3 7; `EventHeader`: id 1,
/// category 2, sub_category 3, type 4, type_version 5, raised_ts 6, reported_ts 7; `DeviceEvent`:
/// resource_id 1, device_event_name 2, description 3, context 4) and `google/protobuf/timestamp.proto`
/// (seconds 1, nanos 2). Linear: each byte is read once; no recursion beyond these three levels.
enum DeviceEventWireReader {
    /// The event `bytes` hold, or nil when they are not plainly a header and a device event.
    static func read(_ bytes: [UInt8]) -> PONEvent? {
        bytes.withUnsafeBufferPointer { buffer -> PONEvent? in
            var top = WireCursor(buffer, 0..<buffer.count)
            var header: Range<Int>?
            var device: Range<Int>?
            while !top.atEnd {
                guard let (field, wire) = top.tag() else { return nil }
                switch field {
                case 1:
                    guard wire == 2, header == nil, let range = top.lengthDelimited() else { return nil }
                    header = range
                case 5:
                    guard wire == 2, device == nil, let range = top.lengthDelimited() else { return nil }
                    device = range
                case 2...7:
                    return nil  // another kind of event: the generated decoder's
                default:
                    guard top.skip(wire) else { return nil }
                }
            }
            guard let device, var event = deviceEvent(buffer, device) else { return nil }
            guard let parts = self.header(buffer, header ?? 0..<0) else { return nil }
            PONEventNormaliser.applyHeader(
                to: &event,
                id: parts.id,
                category: Event_EventCategory.Types(rawValue: Int(parts.category)) ?? .communication,
                subCategory: Event_EventSubCategory.Types(rawValue: Int(parts.subCategory)) ?? .pon,
                raisedAt: parts.raised.flatMap { PONEventNormaliser.date($0) },
                reportedAt: parts.reported.flatMap { PONEventNormaliser.date($0) }
            )
            return event
        }
    }

    private struct Header {
        var id = ""
        var category: Int32 = 0
        var subCategory: Int32 = 0
        var raised: Google_Protobuf_Timestamp?
        var reported: Google_Protobuf_Timestamp?
    }

    private static func header(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Header? {
        var cursor = WireCursor(buffer, range)
        var header = Header()
        while !cursor.atEnd {
            guard let (field, wire) = cursor.tag() else { return nil }
            switch field {
            case 1, 5:
                guard wire == 2, let text = cursor.string() else { return nil }
                if field == 1 { header.id = text }
            case 2, 3, 4:
                // Enums are int32 on the wire: the generated decoder truncates the varint.
                guard wire == 0, let value = cursor.varint() else { return nil }
                if field == 2 { header.category = Int32(truncatingIfNeeded: value) }
                if field == 3 { header.subCategory = Int32(truncatingIfNeeded: value) }
            case 6, 7:
                guard wire == 2, let range = cursor.lengthDelimited(), let stamp = timestamp(buffer, range) else {
                    return nil
                }
                if field == 6 {
                    guard header.raised == nil else { return nil }
                    header.raised = stamp
                } else {
                    guard header.reported == nil else { return nil }
                    header.reported = stamp
                }
            default:
                guard cursor.skip(wire) else { return nil }
            }
        }
        return header
    }

    private static func timestamp(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>)
        -> Google_Protobuf_Timestamp?
    {
        var cursor = WireCursor(buffer, range)
        var stamp = Google_Protobuf_Timestamp()
        while !cursor.atEnd {
            guard let (field, wire) = cursor.tag() else { return nil }
            switch field {
            case 1, 2:
                guard wire == 0, let value = cursor.varint() else { return nil }
                if field == 1 {
                    stamp.seconds = Int64(bitPattern: value)
                } else {
                    stamp.nanos = Int32(truncatingIfNeeded: value)
                }
            default:
                guard cursor.skip(wire) else { return nil }
            }
        }
        return stamp
    }

    private static func deviceEvent(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> PONEvent? {
        var cursor = WireCursor(buffer, range)
        var resourceID = ""
        var name = ""
        var description = ""
        var context: [String: String] = [:]
        while !cursor.atEnd {
            guard let (field, wire) = cursor.tag() else { return nil }
            switch field {
            case 1, 2, 3:
                guard wire == 2, let text = cursor.string() else { return nil }
                switch field {
                case 1: resourceID = text
                case 2: name = text
                default: description = text
                }
            case 4:
                guard wire == 2, let entry = cursor.lengthDelimited(), let (key, value) = mapEntry(buffer, entry) else {
                    return nil
                }
                context[key] = value
            default:
                guard cursor.skip(wire) else { return nil }
            }
        }
        return PONEventNormaliser.deviceEvent(
            name: name,
            resourceID: resourceID,
            description: description,
            context: context
        )
    }

    /// A `map<string, string>` entry: key 1, value 2, each "" when absent, the last one when repeated.
    private static func mapEntry(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> (String, String)? {
        var cursor = WireCursor(buffer, range)
        var key = ""
        var value = ""
        while !cursor.atEnd {
            guard let (field, wire) = cursor.tag() else { return nil }
            switch field {
            case 1, 2:
                guard wire == 2, let text = cursor.string() else { return nil }
                if field == 1 { key = text } else { value = text }
            default:
                guard cursor.skip(wire) else { return nil }
            }
        }
        return (key, value)
    }
}

/// A position in a protobuf message, never past its end: every read checks the bound first and
/// answers nil instead of reading on.
private struct WireCursor {
    let buffer: UnsafeBufferPointer<UInt8>
    var at: Int
    let end: Int

    init(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
        self.buffer = buffer
        at = range.lowerBound
        end = range.upperBound
    }

    var atEnd: Bool { at >= end }

    /// A varint of at most 10 bytes whose value fits 64 bits.
    mutating func varint() -> UInt64? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while at < end {
            let byte = buffer[at]
            at += 1
            if shift == 63, byte > 1 { return nil }
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return value }
            shift += 7
            if shift > 63 { return nil }
        }
        return nil
    }

    /// A field number (1 through 2^29 - 1) and a wire type.
    mutating func tag() -> (UInt64, UInt8)? {
        guard let tag = varint() else { return nil }
        let field = tag >> 3
        guard field > 0, field <= 536_870_911 else { return nil }
        return (field, UInt8(tag & 7))
    }

    /// The range of a length-delimited value.
    mutating func lengthDelimited() -> Range<Int>? {
        guard let length = varint(), length <= UInt64(end - at) else { return nil }
        let start = at
        at += Int(length)
        return start..<at
    }

    /// A length-delimited value as text, nil unless it is valid UTF-8 (the generated decoder refuses
    /// such a string field).
    mutating func string() -> String? {
        guard let range = lengthDelimited() else { return nil }
        return String(validating: UnsafeBufferPointer(rebasing: buffer[range]), as: UTF8.self)
    }

    /// Skips a value of an unknown field; nil for groups and invalid wire types.
    mutating func skip(_ wire: UInt8) -> Bool {
        switch wire {
        case 0: return varint() != nil
        case 1, 5:
            let size = wire == 1 ? 8 : 4
            guard end - at >= size else { return false }
            at += size
            return true
        case 2: return lengthDelimited() != nil
        default: return false
        }
    }
}
