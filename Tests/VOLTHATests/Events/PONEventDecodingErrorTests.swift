import FerruleCore
import Testing

@testable import PONEvents

@Suite("Event decoding errors say what and where")
struct PONEventDecodingErrorTests {
    func decodeError(_ bytes: [UInt8]) -> PONEventDecodingError? {
        do {
            _ = try PONEventDecoder().decode(bytes)
            return nil
        } catch {
            return error
        }
    }

    @Test("a message cut short is reported as truncated at the field that runs past the end")
    func truncated() throws {
        let bytes = try EventFixtures.bytes("bin/06-ONU_LOSS_OF_SIGNAL_RAISE_EVENT.bin")
        let error = try #require(decodeError(Array(bytes.prefix(bytes.count - 5))))
        #expect(error.kind == .truncated && error.code == .truncatedEvent)
        // The second top-level field (device_event) starts after the header; its length is what runs over.
        #expect(error.byteOffset != nil && error.byteOffset! > 0)
        #expect(error.description.hasPrefix("byte \(error.byteOffset!): error[truncated-event]: "))
    }

    @Test("bytes that are not protobuf are malformed at the offending byte")
    func garbage() throws {
        let error = try #require(decodeError(Array("hello, world".utf8)))
        #expect(error.code == .badEvent && error.byteOffset != nil)
        let groups = try #require(decodeError([0x0B, 0x0C]))
        #expect(groups.kind == .malformed && groups.byteOffset == 0 && groups.message.contains("wire type 3"))
    }

    @Test("a known field with the wrong wire type is named")
    func wrongWireType() throws {
        // device_event (field 5) as a varint.
        let error = try #require(decodeError([0x28, 0x01]))
        #expect(error.kind == .malformed && error.byteOffset == 0 && error.message.contains("device_event"))
    }

    @Test("an empty message is not an event")
    func empty() throws {
        let error = try #require(decodeError([]))
        #expect(error.kind == .notAnEvent && error.code == .badEvent)
    }

    @Test("invalid UTF-8 in a name is reported at its top-level field")
    func invalidUTF8() throws {
        // device_event { device_event_name: 0xFF }
        let error = try #require(decodeError([0x2A, 0x03, 0x12, 0x01, 0xFF]))
        #expect(error.byteOffset == 0 && error.message.contains("UTF-8") && error.message.contains("device_event"))
    }

    @Test("a message over the cap is refused before decoding")
    func tooLarge() throws {
        let decoder = PONEventDecoder(maxMessageBytes: 8)
        #expect(throws: PONEventDecodingError.self) { try decoder.decode([UInt8](repeating: 0, count: 9)) }
    }

    func jsonError(_ text: String) -> PONEventDecodingError? {
        do {
            _ = try PONEventDecoder().decode(json: Array(text.utf8))
            return nil
        } catch {
            return error
        }
    }

    @Test("JSON syntax errors give the column, mapping errors say what is wrong")
    func json() throws {
        let syntax = try #require(jsonError(#"{"header": {"id": "x",}}"#))
        #expect(syntax.kind == .json && syntax.column == 23 && syntax.message.hasPrefix("not valid JSON"))
        let mapping = try #require(jsonError(#"{"header": {"raisedTs": "yesterday"}, "deviceEvent": {}}"#))
        #expect(mapping.message.hasPrefix(#"field header.raisedTs = "yesterday": a timestamp is not RFC 3339"#))
        #expect(mapping.code == .badEventJSON && mapping.column == 25, "\(mapping)")
        // Unknown enum names are ignored like unknown fields (newer VOLTHA releases add values).
        #expect(jsonError(#"{"header": {"category": "WEATHER"}, "deviceEvent": {}}"#) == nil)
    }

    @Test("a field that is not what event.Event holds is named with its value, at the column where the value starts")
    func jsonFieldAtItsColumn() throws {
        let line = #"{"header": {"id": "a,}", "type": "DEVICE_EVENT"}, "deviceEvent": {"context": {"k": [1]}}}"#
        let error = try #require(jsonError(line))
        #expect(error.message.hasPrefix("field deviceEvent.context.k = [1]: "), "\(error)")
        #expect(error.message.contains("an array"), "\(error)")
        let bytes = Array(line.utf8)
        let start = try #require(bytes.indices.first { bytes[$0...].starts(with: Array("[1]".utf8)) })
        #expect(error.column == start + 1)
        let array = try #require(jsonError("  [1, 2]"))
        #expect(array.message == "the line is an array, not a JSON object (one event.Event per line)")
        #expect(array.column == 3)
        let diagnostic = error.diagnostic(file: "capture.jsonl", line: 7)
        #expect(
            "\(diagnostic)".hasPrefix("capture.jsonl:7:\(error.column ?? 0): error[bad-event-json]: field deviceEvent")
        )
        // No event in a valid event.Event: the whole line is the place, reported at column 1.
        let empty = try #require(jsonError("{}"))
        #expect(
            "\(empty.diagnostic(file: "capture.jsonl", line: 2))".hasPrefix("capture.jsonl:2:1: error[bad-event]: ")
        )
    }

    @Test("unknown JSON fields from newer VOLTHA releases are ignored")
    func unknownJSONField() throws {
        let line = #"{"header": {"id": "x", "futureField": 1}, "deviceEvent": {"deviceEventName": "ONU_ENABLE"}}"#
        let event = try PONEventDecoder().decode(json: Array(line.utf8))
        #expect(event.kind == .stateChange && event.headerID == "x")
    }

    @Test("the diagnostic of a binary error gives the absolute byte offset and the message number")
    func binaryDiagnostic() {
        let error = PONEventDecodingError(.truncated, "cut", byteOffset: 4)
        let diagnostic = error.diagnostic(file: "capture.ldpb", line: 3, recordOffset: 100)
        #expect(diagnostic.description.hasPrefix("capture.ldpb: error[truncated-event]: at byte 104 (message 3): cut"))
    }
}
