import FerruleJSON
import Testing

@Suite struct JSONPrettyWriterTests {
    /// Writes `value` through the writer's calls, as a caller building a large list does.
    static func write(_ value: JSONValue, to w: inout JSONPrettyWriter) {
        switch value {
        case .object(let members):
            w.beginObject()
            for (key, member) in members.sorted(by: { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }) {
                w.key(key)
                write(member, to: &w)
            }
            w.endObject()
        case .array(let items):
            w.beginArray()
            for item in items { write(item, to: &w) }
            w.endArray()
        case .string(let s): w.string(s)
        case .bool(let b): w.bool(b)
        case .null: w.null()
        case .number: w.value(value)
        }
    }

    static let sample: JSONValue = .object([
        ("file", .string("a/b \"c\"\n\u{1}")),
        (
            "body",
            .object([
                (
                    "parameters",
                    .array([
                        .object([("name", .string("Device.X")), ("type", .null), ("value", .null)]),
                        .object([("name", .string("Device.Y")), ("writable", .bool(true))]),
                        .array([]), .object([]), .number("1.50"),
                    ])
                )
            ])
        ),
        ("empty", .object([])),
        ("list", .array([])),
        ("ok", .bool(false)),
        ("deep", .array([.array([.object([("z", .string("é")), ("a", .number("-2"))])])])),
    ])

    @Test("calls describing a value write the bytes appendPretty writes for it, at any nesting level")
    func matchesAppendPretty() {
        for level in 0..<4 {
            var expected: [UInt8] = []
            Self.sample.appendPretty(to: &expected, level: level)
            var w = JSONPrettyWriter(level: level)
            Self.write(Self.sample, to: &w)
            #expect(String(decoding: w.bytes, as: UTF8.self) == String(decoding: expected, as: UTF8.self))
        }
    }

    @Test("object(_:replacing:with:) sorts the members and lets the caller write one of them")
    func replacingAMember() {
        guard case .object(var members) = Self.sample else { return }
        var expected: [UInt8] = []
        Self.sample.appendPretty(to: &expected, level: 1)
        let body = members.first { $0.0 == "body" }?.1 ?? .null
        if let index = members.firstIndex(where: { $0.0 == "body" }) { members[index].1 = .object([]) }
        var w = JSONPrettyWriter(level: 1)
        w.object(members, replacing: "body") { Self.write(body, to: &$0) }
        #expect(String(decoding: w.bytes, as: UTF8.self) == String(decoding: expected, as: UTF8.self))
    }
}
