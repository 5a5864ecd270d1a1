import Foundation

/// Walks the protobuf wire format of an `event.Event` before SwiftProtobuf decodes it, for two
/// things SwiftProtobuf cannot do: say at which byte a message is broken, and read the float
/// timestamps of protos ≤ 3.2.2 (`float raised_ts = 6; float reported_ts = 7;` in
/// voltha-protos `protos/voltha_protos/events.proto` before they became
/// `google.protobuf.Timestamp`), which it would reject as fields of the wrong wire type.
///
/// Linear in the input: each byte is visited once at the top level and once inside the header.
struct ProtobufWireScanner {
    /// One field: its number, wire type and byte range (tag included).
    struct Field: Sendable, Hashable {
        var number: UInt64
        var wireType: UInt8
        var start: Int
        var valueStart: Int
        var end: Int
    }

    /// The message with legacy float timestamps taken out of the header, and their values.
    struct Scanned: Sendable {
        var bytes: [UInt8]
        /// The top-level fields of the original message.
        var fields: [Field]
        var legacyRaised: Date?
        var legacyReported: Date?
    }

    /// `event.Event` field names by number (voltha-protos `events.proto`, `message Event`).
    static let eventFieldNames: [UInt64: String] = [
        1: "header", 2: "config_event", 3: "kpi_event", 4: "kpi_event2", 5: "device_event", 6: "rpc_event",
        7: "kpi_event3",
    ]

    /// Checks `bytes` as an `event.Event` and rewrites legacy timestamps.
    static func scan(_ bytes: [UInt8]) throws(PONEventDecodingError) -> Scanned {
        let fields = try self.fields(bytes, in: 0..<bytes.count, what: "the event")
        var scanned = Scanned(bytes: bytes, fields: fields)
        for field in fields {
            if let name = eventFieldNames[field.number], field.wireType != 2 {
                throw PONEventDecodingError(
                    .malformed,
                    "field \(field.number) (\(name)) is a message, but is encoded as \(wireTypeName(field.wireType))",
                    byteOffset: field.start
                )
            }
        }
        guard let header = fields.first(where: { $0.number == 1 }) else { return scanned }
        let headerFields = try self.fields(bytes, in: header.valueStart..<header.end, what: "the header")
        var legacy: [Field] = []
        for field in headerFields where field.number == 6 || field.number == 7 {
            let seconds: Double
            switch field.wireType {
            case 5: seconds = Double(Float(bitPattern: littleEndian32(bytes, field.valueStart)))
            case 1: seconds = Double(bitPattern: littleEndian64(bytes, field.valueStart))
            case 2: continue
            default:
                throw PONEventDecodingError(
                    .malformed,
                    "header field \(field.number) (\(field.number == 6 ? "raised_ts" : "reported_ts")) is encoded as "
                        + wireTypeName(field.wireType),
                    byteOffset: field.start
                )
            }
            legacy.append(field)
            let date = seconds.isFinite && seconds > 0 ? Date(timeIntervalSince1970: seconds) : nil
            if field.number == 6 { scanned.legacyRaised = date } else { scanned.legacyReported = date }
        }
        guard !legacy.isEmpty else { return scanned }
        // Rebuild the header without the float fields, and the event around it.
        var newHeader: [UInt8] = []
        newHeader.reserveCapacity(header.end - header.valueStart)
        var cursor = header.valueStart
        for field in legacy {
            newHeader += bytes[cursor..<field.start]
            cursor = field.end
        }
        newHeader += bytes[cursor..<header.end]
        var rebuilt: [UInt8] = []
        rebuilt.reserveCapacity(bytes.count)
        rebuilt += bytes[0..<header.start]
        rebuilt.append(0x0A)  // field 1, wire type 2
        appendVarint(UInt64(newHeader.count), to: &rebuilt)
        rebuilt += newHeader
        rebuilt += bytes[header.end...]
        scanned.bytes = rebuilt
        return scanned
    }

    /// The fields in `range`, or an error at the first broken one.
    static func fields(_ bytes: [UInt8], in range: Range<Int>, what: String) throws(PONEventDecodingError) -> [Field] {
        var fields: [Field] = []
        var at = range.lowerBound
        while at < range.upperBound {
            let start = at
            let tag = try varint(bytes, &at, limit: range.upperBound, what: "a field tag in \(what)")
            let number = tag >> 3
            let wireType = UInt8(tag & 7)
            var valueStart = at
            guard number > 0, number <= 536_870_911 else {
                throw PONEventDecodingError(
                    .malformed,
                    "field number \(number) in \(what) is invalid",
                    byteOffset: start
                )
            }
            switch wireType {
            case 0: _ = try varint(bytes, &at, limit: range.upperBound, what: "field \(number) in \(what)")
            case 1: try skip(8, &at, limit: range.upperBound, field: number, what: what, start: start)
            case 5: try skip(4, &at, limit: range.upperBound, field: number, what: what, start: start)
            case 2:
                let lengthAt = at
                let length = try varint(
                    bytes,
                    &at,
                    limit: range.upperBound,
                    what: "the length of field \(number) in \(what)"
                )
                guard length <= UInt64(range.upperBound - at) else {
                    throw PONEventDecodingError(
                        .truncated,
                        "field \(number) in \(what) declares \(length) bytes but only \(range.upperBound - at) remain",
                        byteOffset: lengthAt
                    )
                }
                valueStart = at
                at += Int(length)
            default:
                throw PONEventDecodingError(
                    .malformed,
                    "field \(number) in \(what) has wire type \(wireType) (\(wireTypeName(wireType))), "
                        + "which event.Event does not use",
                    byteOffset: start
                )
            }
            fields.append(Field(number: number, wireType: wireType, start: start, valueStart: valueStart, end: at))
        }
        return fields
    }

    private static func skip(
        _ count: Int,
        _ at: inout Int,
        limit: Int,
        field: UInt64,
        what: String,
        start: Int
    ) throws(PONEventDecodingError) {
        guard limit - at >= count else {
            throw PONEventDecodingError(
                .truncated,
                "field \(field) in \(what) needs \(count) bytes but only \(limit - at) remain",
                byteOffset: start
            )
        }
        at += count
    }

    /// A base-128 varint of at most 10 bytes.
    static func varint(_ bytes: [UInt8], _ at: inout Int, limit: Int, what: String) throws(PONEventDecodingError)
        -> UInt64
    {
        let start = at
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard at < limit else {
                throw PONEventDecodingError(.truncated, "\(what) is cut short", byteOffset: start)
            }
            let byte = bytes[at]
            at += 1
            if shift == 63, byte > 1 {
                throw PONEventDecodingError(.malformed, "\(what) is a varint longer than 64 bits", byteOffset: start)
            }
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return value }
            shift += 7
            if shift > 63 {
                throw PONEventDecodingError(.malformed, "\(what) is a varint longer than 10 bytes", byteOffset: start)
            }
        }
    }

    static func appendVarint(_ value: UInt64, to out: inout [UInt8]) {
        var rest = value
        while rest >= 0x80 {
            out.append(UInt8(rest & 0x7F) | 0x80)
            rest >>= 7
        }
        out.append(UInt8(rest))
    }

    static func wireTypeName(_ wireType: UInt8) -> String {
        switch wireType {
        case 0: "a varint"
        case 1: "a 64-bit value"
        case 2: "a length-delimited value"
        case 3, 4: "a group"
        case 5: "a 32-bit value"
        default: "an invalid wire type"
        }
    }

    private static func littleEndian32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[at + $1]) << (8 * UInt32($1)) }
    }

    private static func littleEndian64(_ bytes: [UInt8], _ at: Int) -> UInt64 {
        (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[at + $1]) << (8 * UInt64($1)) }
    }
}
