import FerruleJSON
import Foundation
import Testing

@Suite struct JSONStreamWriterTests {
    /// Runs `body` with a writer to a scratch file and returns what reached the file.
    private func written(_ body: (JSONStreamWriter) throws -> Void) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("stream-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(FileManager.default.createFile(atPath: url.path, contents: nil))
        let handle = try FileHandle(forWritingTo: url)
        let writer = JSONStreamWriter(descriptor: handle.fileDescriptor)
        try body(writer)
        writer.flush()
        try handle.close()
        return String(decoding: try Data(contentsOf: url), as: UTF8.self)
    }

    @Test("a streamed pretty array has the bytes of JSONEncoder's pretty array of the same elements")
    func prettyArrayMatchesEncoder() throws {
        struct Item: Encodable {
            var name: String
            var count: Int
            var tags: [String]
        }
        let items = [Item(name: "a/b", count: 1, tags: ["x", "y"]), Item(name: "c\n", count: -2, tags: [])]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let whole = String(decoding: try encoder.encode(items), as: UTF8.self) + "\n"
        let streamed = try written { writer in
            writer.beginArray(.foundation)
            for item in items { writer.element(String(decoding: try encoder.encode(item), as: UTF8.self)) }
            writer.endArray()
        }
        #expect(streamed == whole)
        let direct = try written { writer in
            writer.beginArray(.foundation)
            for item in items { writer.element(try JSONValueEncoder().encode(item)) }
            writer.endArray()
        }
        #expect(direct == whole)
    }

    @Test("an element written piece by piece has the bytes of the element written from its value")
    func elementWrittenInPieces() throws {
        let values = [JSONPrettyWriterTests.sample, .array([]), JSONPrettyWriterTests.sample]
        let fromValues = try written { writer in
            writer.beginArray(.foundation)
            for value in values { writer.element(value) }
            writer.endArray()
        }
        let inPieces = try written { writer in
            writer.beginArray(.foundation)
            for value in values { writer.element { JSONPrettyWriterTests.write(value, to: &$0) } }
            writer.endArray()
        }
        #expect(inPieces == fromValues)
        #expect(fromValues == JSONValue.array(values).prettyText)
    }

    @Test("JSON Lines: one compact value per line, typed values kept, more than one buffer's worth")
    func jsonLines() throws {
        let count = JSONStreamWriter.bufferLimit / 10
        let text = try written { writer in
            for i in 0..<count {
                writer.line(.object([("n", .number(String(i))), ("ok", .bool(i % 2 == 0)), ("v", .null)]))
            }
        }
        let lines = text.split(separator: "\n")
        #expect(lines.count == count)
        #expect(lines.first == #"{"n":0,"ok":true,"v":null}"#)
        #expect(lines.last == "{\"n\":\(count - 1),\"ok\":\((count - 1) % 2 == 0),\"v\":null}")
        #expect(text.hasSuffix("\n"))
    }

    @Test("an empty streamed array has the bytes of the empty array in each layout")
    func emptyArray() throws {
        let text = try written { writer in
            writer.beginArray(.compact)
            writer.endArray()
            writer.beginArray(.canonical)
            writer.endArray()
            writer.beginArray(.foundation)
            writer.endArray()
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let foundation = String(decoding: try encoder.encode([Int]()), as: UTF8.self) + "\n"
        #expect(text == "[]\n" + JSONValue.array([]).canonicalText + foundation)
        #expect(try JSONValue.parse(String(text.prefix(2))) == .array([]))
    }

    @Test("a streamed pretty array of canonical elements is the canonical text of the whole array")
    func prettyArrayMatchesCanonical() throws {
        let items: [JSONValue] = [
            .object([("a", .array([.number("1"), .object([("b", .null)])])), ("c", .string("x\ny"))]), .bool(true),
        ]
        let streamed = try written { writer in
            writer.beginArray(.canonical)
            for item in items { writer.element(String(item.canonicalText.dropLast())) }
            writer.endArray()
        }
        #expect(streamed == JSONValue.array(items).canonicalText)
    }
}
