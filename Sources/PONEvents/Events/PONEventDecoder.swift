import FerruleJSON
public import Foundation
import SwiftProtobuf
import VOLTHAMessages

/// Decodes VOLTHA `event.Event` messages (binary protobuf, as on the `voltha.events` topic, or
/// protobuf's JSON mapping, as `MessageToJson` and `protojson` write it) into ``PONEvent``s.
///
/// Unknown event names are kept as ``PONEventKind/unknown``, never an error; only bytes that are
/// not an `event.Event` at all fail, with a ``PONEventDecodingError`` that says where.
///
/// ```swift
/// let event = try PONEventDecoder().decode(kafkaMessageValue)
/// if event.kind == .powerLost, let serial = event.onuSerial { … }
/// ```
public struct PONEventDecoder: Sendable {
    /// The largest message accepted by default: 1 MiB, Kafka's default `message.max.bytes`.
    public static let defaultMaxMessageBytes = 1 << 20

    /// The largest message accepted, in bytes.
    public var maxMessageBytes: Int

    /// Whether binary device events (every alarm and state change) are read straight from the wire
    /// format by Ferrule's own reader, about twice as fast, instead of through SwiftProtobuf's
    /// generated decoder. Both give the same event for the same bytes (every fixture is checked both
    /// ways, and `fuzz-event-wire` compares them on arbitrary input); anything the reader does not
    /// plainly recognise goes through the generated decoder either way, so errors are the same too.
    public var readsWireFormatDirectly: Bool

    /// How far past this machine's clock an event's `raised_ts` or `reported_ts` may lie: 15 minutes.
    ///
    /// A later time is a device (or adapter) clock running ahead, not a time the event happened:
    /// kept, one event dated 9999 would pin the filter's clock, which never goes backwards, so every
    /// later event would fall into one endless storm and no entry would ever age out. Such a time
    /// is dropped on decoding (the other header time, or the time the event is received, stands in),
    /// like a time before 1970 (a clock never set).
    public static let maxClockAhead: TimeInterval = 15 * 60

    /// The clock event times are checked against (``maxClockAhead``); the system's by default.
    public var clock: @Sendable () -> Date

    /// A decoder accepting messages up to `maxMessageBytes`.
    public init(
        maxMessageBytes: Int = PONEventDecoder.defaultMaxMessageBytes,
        readsWireFormatDirectly: Bool = true,
        clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.maxMessageBytes = maxMessageBytes
        self.readsWireFormatDirectly = readsWireFormatDirectly
        self.clock = clock
    }

    /// `event` without a header time more than ``maxClockAhead`` past ``clock``.
    func droppingFutureTimes(_ event: PONEvent) -> PONEvent {
        let latest = clock().addingTimeInterval(Self.maxClockAhead)
        guard event.raisedAt.map({ $0 > latest }) == true || event.reportedAt.map({ $0 > latest }) == true else {
            return event
        }
        var event = event
        if let raised = event.raisedAt, raised > latest { event.raisedAt = nil }
        if let reported = event.reportedAt, reported > latest { event.reportedAt = nil }
        return event
    }

    /// Decodes one binary `event.Event`.
    ///
    /// - Throws: ``PONEventDecodingError`` with the byte offset of the first problem.
    public func decode(_ bytes: [UInt8]) throws(PONEventDecodingError) -> PONEvent {
        guard bytes.count <= maxMessageBytes else {
            throw PONEventDecodingError(
                .tooLarge,
                "the message is \(bytes.count) bytes, over the limit of \(maxMessageBytes)"
            )
        }
        if readsWireFormatDirectly, let event = DeviceEventWireReader.read(bytes) { return droppingFutureTimes(event) }
        do {
            return try decodeGenerated(bytes)
        } catch {
            // `{` is a valid tag byte (field 15, wire type 3), so a JSON value fails as "a group":
            // say what it is instead.
            guard Self.looksLikeJSON(bytes) else { throw error }
            throw PONEventDecodingError(
                .malformed,
                "the value looks like JSON (it starts with `{`), not a binary event.Event: VOLTHA publishes "
                    + "events on voltha.events as binary protobuf (voltha-lib-go pkg/kafka/sarama_client.go:564, "
                    + "proto.Marshal); check "
                    + "what produces this topic (\(error.message))",
                byteOffset: 0
            )
        }
    }

    /// Whether `bytes` start, after blanks, with `{` and end, before blanks, with `}`.
    static func looksLikeJSON(_ bytes: [UInt8]) -> Bool {
        let blanks: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D]
        guard let first = bytes.first(where: { !blanks.contains($0) }),
            let last = bytes.last(where: { !blanks.contains($0) })
        else { return false }
        return first == UInt8(ascii: "{") && last == UInt8(ascii: "}")
    }

    /// `bytes` through SwiftProtobuf's generated decoder, with the problem located on failure.
    private func decodeGenerated(_ bytes: [UInt8]) throws(PONEventDecodingError) -> PONEvent {
        let scanned = try ProtobufWireScanner.scan(bytes)
        var options = BinaryDecodingOptions()
        options.messageDepthLimit = 32
        let message: Event_Event
        do {
            message = try Event_Event(serializedBytes: scanned.bytes, options: options)
        } catch {
            throw Self.locate(error, in: scanned, options: options)
        }
        return droppingFutureTimes(
            try PONEventNormaliser.normalise(
                message,
                legacyRaised: scanned.legacyRaised,
                legacyReported: scanned.legacyReported
            )
        )
    }

    /// Decodes one `event.Event` in protobuf's canonical JSON mapping (one line of a JSON Lines
    /// file). Unknown fields are ignored, as newer VOLTHA releases add some.
    ///
    /// - Throws: ``PONEventDecodingError`` with the column of a JSON syntax error.
    public func decode(json bytes: [UInt8]) throws(PONEventDecodingError) -> PONEvent {
        guard bytes.count <= maxMessageBytes else {
            throw PONEventDecodingError(
                .tooLarge,
                "the line is \(bytes.count) bytes, over the limit of \(maxMessageBytes)"
            )
        }
        var options = JSONDecodingOptions()
        options.ignoreUnknownFields = true
        options.messageDepthLimit = 32
        let message: Event_Event
        do {
            // SwiftProtobuf skips an unknown member without reading its strings; RFC 8259 §7 refuses
            // a raw control character in any of them, so one pass looks first (FerruleJSON says where).
            if Self.hasRawControlCharacter(bytes) { throw PONEventDecodingError(.json, "a raw control character") }
            message = try Event_Event(jsonUTF8Bytes: bytes, options: options)
        } catch {
            throw Self.explainJSON(error, bytes: bytes, options: options)
        }
        return droppingFutureTimes(try PONEventNormaliser.normalise(message, legacyRaised: nil, legacyReported: nil))
    }

    /// Whether a byte below 0x20 stands inside a string, or outside one where JSON allows only
    /// tab, line feed and carriage return as whitespace. Linear, no allocation.
    static func hasRawControlCharacter(_ bytes: [UInt8]) -> Bool {
        var inString = false
        var escaped = false
        for byte in bytes {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                } else if byte < 0x20 {
                    return true
                }
            } else if byte == UInt8(ascii: "\"") {
                inString = true
            } else if byte < 0x20, byte != 0x09, byte != 0x0A, byte != 0x0D {
                return true
            }
        }
        return false
    }

    /// The top-level field SwiftProtobuf failed in, found by decoding each one alone.
    private static func locate(
        _ error: any Error,
        in scanned: ProtobufWireScanner.Scanned,
        options: BinaryDecodingOptions
    ) -> PONEventDecodingError {
        let reason = describe(error)
        // Legacy rewriting keeps the fields in order, so field i of the rewritten bytes is field i
        // of the original.
        if let rewritten = try? ProtobufWireScanner.fields(
            scanned.bytes,
            in: 0..<scanned.bytes.count,
            what: "the event"
        ) {
            for (index, field) in rewritten.enumerated() {
                let slice = Array(scanned.bytes[field.start..<field.end])
                if (try? Event_Event(serializedBytes: slice, options: options)) == nil {
                    let original = index < scanned.fields.count ? scanned.fields[index].start : field.start
                    let name = ProtobufWireScanner.eventFieldNames[field.number].map { " (\($0))" } ?? ""
                    return PONEventDecodingError(
                        .malformed,
                        "field \(field.number)\(name): \(reason)",
                        byteOffset: original
                    )
                }
            }
        }
        return PONEventDecodingError(.malformed, reason, byteOffset: 0)
    }

    private static func describe(_ error: any Error) -> String {
        guard let binary = error as? BinaryDecodingError else { return "not a valid event.Event" }
        switch binary {
        case .truncated: return "the message is cut short"
        case .invalidUTF8: return "a text field is not valid UTF-8"
        case .messageDepthLimit: return "messages are nested too deeply"
        case .malformedProtobuf: return "not valid protobuf for event.Event"
        default: return "not valid protobuf for event.Event"
        }
    }

    /// A JSON syntax error at its column (FerruleJSON's parser knows where), else the field that
    /// is not what `event.Event` holds, at its column (``PONEventJSONProblem``).
    private static func explainJSON(
        _ error: any Error,
        bytes: [UInt8],
        options: JSONDecodingOptions
    ) -> PONEventDecodingError {
        let value: JSONValue
        do {
            value = try JSONValue.parse(bytes, maxDepth: 64)
        } catch {
            return PONEventDecodingError(.json, "not valid JSON: \(error.message)", column: error.column)
        }
        return PONEventJSONProblem(bytes: bytes, options: options).error(error, value: value)
    }
}
