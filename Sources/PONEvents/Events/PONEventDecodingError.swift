public import FerruleCore

/// Why bytes or a line are not a VOLTHA `event.Event`: what, and where in the message.
///
/// Binary problems carry the 0-based byte offset in the message where decoding stopped; JSON
/// problems carry the 1-based column in the line. ``diagnostic(file:line:recordOffset:)`` turns one
/// into Ferrule's `file:line:col: error[code]: message` form.
public struct PONEventDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Sendable, Hashable {
        /// The message ends inside a field (a varint, a length or a length-delimited value).
        case truncated
        /// Not protobuf wire format, or a field of the wrong shape for `event.Event`.
        case malformed
        /// Valid protobuf, but neither a device, KPI, RPC nor config event.
        case notAnEvent
        /// Over the size cap.
        case tooLarge
        /// Not JSON, or JSON that is not `event.Event` in protobuf's JSON mapping.
        case json
        /// Not JSON, or JSON that is not a kafka-onos event (``ONOSEventDecoder``).
        case onosJSON
    }

    public var kind: Kind
    /// What is wrong, without the location.
    public var message: String
    /// 0-based offset in the binary message, when the problem has one.
    public var byteOffset: Int?
    /// 1-based column in a JSON line, when the problem has one.
    public var column: Int?

    /// An error of `kind`.
    public init(_ kind: Kind, _ message: String, byteOffset: Int? = nil, column: Int? = nil) {
        self.kind = kind
        self.message = message
        self.byteOffset = byteOffset
        self.column = column
    }

    /// The stable diagnostic code.
    public var code: Diagnostic.Code {
        switch kind {
        case .truncated: .truncatedEvent
        case .malformed, .notAnEvent: .badEvent
        case .tooLarge: .eventTooLarge
        case .json, .onosJSON: .badEventJSON
        }
    }

    /// `byte 12: error[bad-event]: …` or `column 7: error[bad-event-json]: …`.
    public var description: String {
        let place = byteOffset.map { "byte \($0): " } ?? column.map { "column \($0): " } ?? ""
        return "\(place)error[\(code)]: \(DisplayText.line(message))"
    }

    /// The diagnostic for this error in a replay file: JSON errors at `file:line:column` (column 1
    /// when the problem is the whole line, such as an object that is no event), binary
    /// errors at the file with the absolute byte offset (`recordOffset` + ``byteOffset``) in the
    /// message, since a binary file has no lines.
    public func diagnostic(file: String, line: Int, recordOffset: Int? = nil) -> Diagnostic {
        if let recordOffset {
            let at = recordOffset + (byteOffset ?? 0)
            return Diagnostic(
                .error,
                code,
                "at byte \(at) (message \(line)): \(message)",
                at: SourceLocation(file: file),
                hint: hint
            )
        }
        return Diagnostic(
            .error,
            code,
            message,
            at: SourceLocation(file: file, line: line, column: column ?? 1),
            hint: hint
        )
    }

    private var hint: String? {
        switch kind {
        case .truncated: "the message was cut short; check how the capture was taken"
        case .malformed, .notAnEvent: "expected a binary event.Event from the voltha.events topic"
        case .tooLarge:
            "an event may be at most \(PONEventDecoder.defaultMaxMessageBytes) bytes (1 MiB, fixed: "
                + "\(BoundedFileReader.limitVariable) can only lower it); take the record out or split the input"
        case .json: "expected one event.Event per line in protobuf's JSON mapping (MessageToJson, protojson)"
        case .onosJSON:
            "expected one kafka-onos event per line, a JSON object as onu.events, authentication.events or dhcp.events carry it"
        }
    }
}

extension Diagnostic.Code {
    /// Bytes that are not a VOLTHA `event.Event`.
    public static let badEvent = Self(rawValue: "bad-event")
    /// A VOLTHA event cut short.
    public static let truncatedEvent = Self(rawValue: "truncated-event")
    /// A VOLTHA event over the size cap.
    public static let eventTooLarge = Self(rawValue: "event-too-large")
    /// A JSON line that is not a VOLTHA `event.Event` in protobuf's JSON mapping, or not a
    /// kafka-onos event.
    public static let badEventJSON = Self(rawValue: "bad-event-json")
}
