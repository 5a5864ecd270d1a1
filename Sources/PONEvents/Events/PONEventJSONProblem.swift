import FerruleCore
import FerruleJSON
import SwiftProtobuf
import VOLTHAMessages

/// Where a line of valid JSON stops being an `event.Event`, and why, in the user's terms: the
/// field (`header.raisedTs`), its value, and the 1-based byte column where that value starts.
///
/// SwiftProtobuf says only that the whole line failed. Each member is decoded again alone, inside
/// the objects that hold it (`{"header": {"raisedTs": …}}`), descending into the first member that
/// fails by itself; members are found in the line by position, so the column is the real one.
/// Bounded: at most ``maxDepth`` levels, each decoding no more than the line.
struct PONEventJSONProblem {
    /// Levels descended at most (SwiftProtobuf's own nesting limit for events).
    static let maxDepth = 32

    let bytes: [UInt8]
    let options: JSONDecodingOptions

    /// The error for `bytes`, valid JSON (`value`) that SwiftProtobuf refused with `error`.
    func error(_ error: any Error, value: JSONValue) -> PONEventDecodingError {
        guard case .object = value else {
            return PONEventDecodingError(
                .json,
                "the line is \(Self.kind(value)), not a JSON object (one event.Event per line)",
                column: column(ofValueAt: [])
            )
        }
        let found = isolate(value)
        let reason = Self.reason(found.error ?? error, value: found.value)
        guard !found.names.isEmpty else {
            return PONEventDecodingError(
                .json,
                "the object is not an event.Event: \(reason)",
                column: column(ofValueAt: [])
            )
        }
        return PONEventDecodingError(
            .json,
            "field \(found.names.joined(separator: ".")) = \(DisplayText.value(found.value.compactText, limit: 40)): "
                + reason,
            column: column(ofValueAt: found.path)
        )
    }

    /// The deepest member that fails alone: its path (member positions), its keys, its value and
    /// SwiftProtobuf's error for it alone.
    private func isolate(_ root: JSONValue) -> (path: [Int], names: [String], value: JSONValue, error: (any Error)?) {
        var path: [Int] = []
        var names: [String] = []
        var current = root
        var failure: (any Error)?
        descent: while path.count < Self.maxDepth, case .object(let members) = current {
            for (index, member) in members.enumerated() {
                if let error = decodingError(names + [member.0], member.1) {
                    path.append(index)
                    names.append(member.0)
                    current = member.1
                    failure = error
                    continue descent
                }
            }
            break
        }
        return (path, names, current, failure)
    }

    /// SwiftProtobuf's error for `{"k1": {"k2": … value}}` as an `event.Event`; nil when it decodes.
    private func decodingError(_ keys: [String], _ value: JSONValue) -> (any Error)? {
        let wrapped = keys.reversed().reduce(value) { inner, key in .object([(key, inner)]) }
        do {
            _ = try Event_Event(jsonUTF8Bytes: Array(wrapped.compactText.utf8), options: options)
            return nil
        } catch {
            return error
        }
    }

    /// The 1-based byte column where the value at `path` starts in the line.
    private func column(ofValueAt path: [Int]) -> Int {
        var scanner = JSONPositionScanner(bytes: bytes)
        let offset = scanner.offset(ofValueAt: path) ?? 0
        let lineStart = bytes[..<min(offset, bytes.count)].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
        return offset - lineStart + 1
    }

    /// SwiftProtobuf's error in words.
    private static func reason(_ error: any Error, value: JSONValue) -> String {
        guard let json = error as? JSONDecodingError else { return "\(kind(value)) does not fit this field" }
        let given = kind(value)
        switch json {
        case .unrecognizedEnumValue: return "not one of the names this enum field takes"
        case .malformedString, .invalidUTF8:
            if case .string = value { return "the string is not valid here" }
            return "expected a string, not \(given)"
        case .malformedNumber, .numberRange, .leadingZero:
            switch value {
            case .number, .string: return "not a number this field can hold"
            default: return "expected a number, not \(given)"
            }
        case .malformedBool: return "expected true or false, not \(given)"
        case .malformedTimestamp: return "a timestamp is not RFC 3339 text (e.g. \"2026-12-05T09:00:00Z\")"
        case .malformedDuration: return "a duration is not text such as \"1.5s\""
        case .illegalNull: return "null is not allowed here"
        case .conflictingOneOf:
            return "more than one kind of event is set (an event.Event holds one of deviceEvent, kpiEvent, "
                + "kpiEvent2, rpcEvent, configEvent)"
        case .messageDepthLimit: return "objects are nested too deeply"
        default: return "\(given) does not fit this field"
        }
    }

    /// `an object`, `an array`, `a string`, `a number`, `true or false`, `null`.
    static func kind(_ value: JSONValue) -> String {
        switch value {
        case .object: "an object"
        case .array: "an array"
        case .string: "a string"
        case .number: "a number"
        case .bool: "a boolean"
        case .null: "null"
        }
    }
}

/// Finds where a value starts in valid JSON text by member positions, skipping what comes before
/// it: each byte is looked at once.
struct JSONPositionScanner {
    let bytes: [UInt8]
    var i = 0

    /// The byte offset of the value at `path` (the i-th member of the top object, then the j-th
    /// member of that value, …); nil when the text has no such member.
    mutating func offset(ofValueAt path: [Int]) -> Int? {
        skipSpace()
        for index in path {
            guard i < bytes.count, bytes[i] == UInt8(ascii: "{") else { return nil }
            i += 1
            for member in 0...index {
                skipSpace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { return nil }
                skipString()
                skipSpace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { return nil }
                i += 1
                skipSpace()
                if member == index { break }
                skipValue()
                skipSpace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: ",") else { return nil }
                i += 1
            }
        }
        return i
    }

    private mutating func skipSpace() {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0A || bytes[i] == 0x0D { i += 1 }
    }

    /// Past a string, from its opening quote.
    private mutating func skipString() {
        i += 1
        while i < bytes.count {
            switch bytes[i] {
            case UInt8(ascii: "\\"): i += 2
            case UInt8(ascii: "\""):
                i += 1
                return
            default: i += 1
            }
        }
    }

    /// Past one value: a string, or everything up to the bracket closing the container it opens,
    /// or a number or literal.
    private mutating func skipValue() {
        guard i < bytes.count else { return }
        switch bytes[i] {
        case UInt8(ascii: "\""): skipString()
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            while i < bytes.count {
                switch bytes[i] {
                case UInt8(ascii: "\""):
                    skipString()
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 {
                        i += 1
                        return
                    }
                default: break
                }
                i += 1
            }
        default:
            while i < bytes.count, !",}] \t\r\n".utf8.contains(bytes[i]) { i += 1 }
        }
    }
}
