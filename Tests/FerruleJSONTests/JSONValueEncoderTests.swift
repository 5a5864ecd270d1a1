import FerruleJSON
import Foundation
import Testing

/// `JSONValueEncoder` + `prettyText` must give the bytes Foundation's pretty, key-sorted
/// `JSONEncoder` gave: `--format json` users diff and hash that output.
@Suite struct JSONValueEncoderTests {
    struct Inner: Codable, Equatable {
        var name: String
        var flag: Bool?
        var list: [Int]
    }

    struct Outer: Encodable {
        var text: String
        var missing: String?
        var inner: Inner
        var inners: [Inner]
        var table: [String: Int]
        var emptyTable: [String: Int]
        var numbers: [Double]
        var extremes: [Int64]
        var unsigned: UInt64
        var small: Int8

        enum CodingKeys: String, CodingKey { case text, missing, inner, inners, table, emptyTable, numbers, extremes }
        enum Extra: String, CodingKey { case unsigned, small, explicitNull, nested, zSuper, aSub }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(text, forKey: .text)
            try c.encodeIfPresent(missing, forKey: .missing)
            try c.encode(inner, forKey: .inner)
            try c.encode(inners, forKey: .inners)
            try c.encode(table, forKey: .table)
            try c.encode(emptyTable, forKey: .emptyTable)
            try c.encode(numbers, forKey: .numbers)
            try c.encode(extremes, forKey: .extremes)
            var e = encoder.container(keyedBy: Extra.self)
            try e.encode(unsigned, forKey: .unsigned)
            try e.encode(small, forKey: .small)
            try e.encodeNil(forKey: .explicitNull)
            var nested = e.nestedUnkeyedContainer(forKey: .nested)
            try nested.encode("a")
            try nested.encodeNil()
            var deeper = nested.nestedContainer(keyedBy: Extra.self)
            try deeper.encode(true, forKey: .small)
            try inner.encode(to: e.superEncoder(forKey: .zSuper))
            try Optional<String>.none.encode(to: e.superEncoder(forKey: .aSub))
        }
    }

    static let awkward = "a/b \"q\" \\ \n\r\t\u{08}\u{0C}\u{01}\u{1F}\u{7F} é \u{2028} 🙂"

    static let value = Outer(
        text: awkward,
        missing: nil,
        inner: Inner(name: "x", flag: nil, list: []),
        inners: [Inner(name: awkward, flag: true, list: [1, -2]), Inner(name: "", flag: false, list: [])],
        table: ["b": 2, "B": 1, "a10": 3, "a9": 4, "é": 5, "_": 6],
        emptyTable: [:],
        numbers: [1, 1.5, -0.0, 0.1 + 0.2, 1e20, 1e-7, 123_456_789_012_345, 36_028_797_018_963_968],
        extremes: [Int64.min, Int64.max, 0],
        unsigned: UInt64.max,
        small: -128
    )

    private static func foundation(_ value: some Encodable, sorted: Bool = true, pretty: Bool = true) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        if sorted { encoder.outputFormatting.insert(.sortedKeys) }
        if pretty { encoder.outputFormatting.insert(.prettyPrinted) }
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    @Test("prettyText of an encoded value is byte for byte Foundation's pretty, key-sorted output")
    func prettyMatchesFoundation() throws {
        let text = try JSONValueEncoder().encode(Self.value).prettyText
        #expect(text == (try Self.foundation(Self.value)) + "\n")
        #expect(try JSONValueEncoder().encode([Inner]()).prettyText == (try Self.foundation([Inner]())) + "\n")
    }

    @Test("sorted compact text is byte for byte Foundation's compact, key-sorted output")
    func compactMatchesFoundation() throws {
        var bytes: [UInt8] = []
        try JSONValueEncoder().encode(Self.value).appendSortedCompact(to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == (try Self.foundation(Self.value, pretty: false)))
    }

    @Test("nested pretty output at a level is the indented lines of the top-level output")
    func nestedLevel() throws {
        let value = try JSONValueEncoder().encode(Self.value.inners)
        var bytes: [UInt8] = []
        value.appendPretty(to: &bytes, level: 2)
        let expected = value.prettyText.dropLast().split(separator: "\n", omittingEmptySubsequences: false)
            .enumerated().map { $0.offset == 0 || $0.element.isEmpty ? String($0.element) : "    " + $0.element }
            .joined(separator: "\n")
        #expect(String(decoding: bytes, as: UTF8.self) == expected)
    }

    @Test("userInfo reaches encode(to:); non-finite numbers and empty values are errors, not crashes")
    func userInfoAndErrors() throws {
        struct Reads: Encodable {
            static let key = CodingUserInfoKey(rawValue: "reads")!
            func encode(to encoder: any Encoder) throws {
                var c = encoder.singleValueContainer()
                try c.encode(encoder.userInfo[Self.key] as? String ?? "absent")
            }
        }
        var encoder = JSONValueEncoder()
        #expect(try encoder.encode(Reads()) == .string("absent"))
        encoder.userInfo[Reads.key] = "present"
        #expect(try encoder.encode(Reads()) == .string("present"))
        #expect(throws: EncodingError.self) { try JSONValueEncoder().encode([Double.nan]) }
        #expect(throws: EncodingError.self) { try JSONValueEncoder().encode(Double.infinity) }
        struct Nothing: Encodable { func encode(to encoder: any Encoder) throws {} }
        #expect(throws: EncodingError.self) { try JSONValueEncoder().encode(Nothing()) }
    }
}
