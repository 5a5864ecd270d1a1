import FerruleCore
import Foundation
import Testing

@testable import PONEvents

@Suite("Replaying events from JSON Lines and length-delimited files")
struct PONEventReplayTests {
    typealias F = EventFixtures

    static func events(_ items: [PONEventReplayItem]) -> [PONEvent] {
        items.compactMap { if case .event(let event, _, _) = $0 { event } else { nil } }
    }

    static func failures(_ items: [PONEventReplayItem]) -> [Diagnostic] {
        items.compactMap { if case .failure(let diagnostic) = $0 { diagnostic } else { nil } }
    }

    static func readAll(_ reader: PONEventReplayReader) -> [PONEventReplayItem] {
        var items: [PONEventReplayItem] = []
        while let item = reader.next() { items.append(item) }
        return items
    }

    @Test("the JSON Lines file gives the same events as the binary fixtures")
    func jsonLinesMatchBinary() throws {
        let binary = try F.all().filter { !$0.file.contains("LEGACY") }.map { try PONEventDecoder().decode($0.bytes) }
        let reader = try PONEventReplayReader(path: F.path("events.jsonl"))
        let items = Self.readAll(reader)
        #expect(reader.format == .jsonl)
        #expect(Self.failures(items).isEmpty)
        #expect(Self.events(items) == binary)
        if case .event(_, let at, _) = items[4] { #expect(at == SourceLocation(file: F.path("events.jsonl"), line: 5)) }
    }

    @Test("the length-delimited file gives the same events as the binary fixtures")
    func lengthDelimitedMatchesBinary() throws {
        let binary = try F.all().map { try PONEventDecoder().decode($0.bytes) }
        let reader = try PONEventReplayReader(path: F.path("events.ldpb"))
        let items = Self.readAll(reader)
        #expect(reader.format == .binary)
        #expect(Self.failures(items).isEmpty)
        #expect(Self.events(items) == binary)
    }

    @Test("chunk boundaries anywhere give the same events")
    func chunking() throws {
        for (name, format) in [("events.jsonl", PONEventReplayFormat.jsonl), ("events.ldpb", .binary)] {
            let bytes = try F.bytes(name)
            let whole = PONEventReplayParser.parse(bytes, format: format, file: name)
            for size in [1, 7, 4096] {
                var parser = PONEventReplayParser(file: name, format: format)
                var items: [PONEventReplayItem] = []
                var start = 0
                while start < bytes.count {
                    items += parser.push(bytes[start..<min(start + size, bytes.count)])
                    start += size
                }
                items += parser.finish()
                #expect(items == whole, "\(name) in chunks of \(size)")
            }
        }
    }

    @Test("a bad line is reported at file:line:col and the replay goes on")
    func badLineContinues() throws {
        let lines = try String(decoding: F.bytes("events.jsonl"), as: UTF8.self).split(separator: "\n")
        let text = "\(lines[0])\n\n{\"header\": nope}\r\n\(lines[1])\r\n\(lines[2])"
        let items = PONEventReplayParser.parse(Array(text.utf8), format: .jsonl, file: "cap.jsonl")
        #expect(Self.events(items).count == 3)
        let failure = try #require(Self.failures(items).first)
        #expect(failure.description.hasPrefix("cap.jsonl:3:13: error[bad-event-json]: not valid JSON"))
    }

    @Test("a raw control byte inside a string is invalid JSON at its column, not a field that does not fit")
    func rawControlByte() throws {
        for line in [
            "{\"header\": {\"id\": \"a\u{01}b\"}}", "{\"header\": {\"type\": \"DEVICE_EVENT\", \"id\": \"\u{1F}\"}}",
            // In a member event.Event does not have, which SwiftProtobuf skips unread; a raw tab and a
            // raw line feed inside a string are control characters too.
            "{\"header\": {\"id\": \"a\"}, \"x_vendor\": \"b\u{01}\"}", "{\"x_vendor\": {\"note\": \"a\tb\"}}",
            "{\"x_vendor\": [\"\\\"\", \"\u{0D}\"]}",
        ] {
            let items = PONEventReplayParser.parse(Array(line.utf8), format: .jsonl, file: "cap.jsonl")
            #expect(Self.events(items).isEmpty, "\(line.debugDescription) was accepted")
            let failure = try #require(Self.failures(items).first)
            let column = line.utf8.firstIndex { $0 < 0x20 }.map {
                line.utf8.distance(from: line.utf8.startIndex, to: $0) + 1
            }
            #expect(
                failure.description.hasPrefix("cap.jsonl:1:\(column ?? 0): error[bad-event-json]: not valid JSON"),
                "\(failure)"
            )
            #expect(failure.message.contains("control character (0x"))
        }
    }

    @Test("a line over the cap is skipped with an error, the next lines are read")
    func longLine() throws {
        let lines = try String(decoding: F.bytes("events.jsonl"), as: UTF8.self).split(separator: "\n")
        let long = String(repeating: " ", count: 5000) + lines[0]
        let text = "\(long)\n\(lines[1])\n"
        let items = PONEventReplayParser.parse(
            Array(text.utf8),
            format: .jsonl,
            file: "cap.jsonl",
            maxRecordBytes: 4096
        )
        #expect(Self.events(items).count == 1)
        #expect(Self.failures(items).map(\.code) == [.eventTooLarge])
        #expect(Self.failures(items).first?.location.line == 1)
    }

    @Test("a length-delimited file cut short ends with a truncated-event error after the complete messages")
    func truncatedBinary() throws {
        let bytes = try F.bytes("events.ldpb")
        let items = PONEventReplayParser.parse(Array(bytes.dropLast(3)), format: .binary, file: "cap.ldpb")
        let total = try F.all().count
        #expect(Self.events(items).count == total - 1)
        let failure = try #require(Self.failures(items).last)
        #expect(failure.code == .truncatedEvent && failure.message.contains("(message \(total))"))
    }

    @Test("a declared length over the cap is skipped by its length and the next message is read")
    func oversizedMessage() throws {
        let entries = try F.all()
        var bytes: [UInt8] = [0x90, 0x4E]  // 10,000
        bytes += [UInt8](repeating: 0x41, count: 10_000)
        ProtobufWireScanner.appendVarint(UInt64(entries[0].bytes.count), to: &bytes)
        bytes += entries[0].bytes
        let items = PONEventReplayParser.parse(bytes, format: .binary, file: "cap.ldpb", maxRecordBytes: 4096)
        #expect(Self.failures(items).map(\.code) == [.eventTooLarge])
        #expect(Self.events(items).count == 1)
    }

    @Test("a declared length of 4 GiB with the input ending inside it is one event-too-large error, not also truncated")
    func oversizedMessageCutShort() {
        var bytes: [UInt8] = []
        ProtobufWireScanner.appendVarint(1 << 32, to: &bytes)
        bytes += Array("abc".utf8)
        let items = PONEventReplayParser.parse(bytes, format: .binary, file: "cap.ldpb")
        #expect(Self.failures(items).map(\.code) == [.eventTooLarge])
        #expect(Self.failures(items).first?.message.contains("4294967296 bytes") == true)
        #expect(Self.events(items).isEmpty)
    }

    @Test("the format is sniffed: JSON starts with a brace, binary with a length")
    func sniff() {
        #expect(PONEventReplayFormat.sniff(Array("  \n{\"header\":{}}".utf8)) == .jsonl)
        #expect(PONEventReplayFormat.sniff([0x8A, 0x01, 0x0A]) == .binary)
    }

    @Test("a directory is refused before reading, as every input file is")
    func directory() {
        #expect(throws: BoundedReadError.self) { _ = try PONEventReplayReader(path: F.directory.path) }
    }
}
