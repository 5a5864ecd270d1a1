import FerruleTestSupport
import Testing

@testable import CWMP

/// Property tests that change what real CPEs change (prefixes, white space, array counts,
/// encodings, cut-off bodies) and check the reader still sees the same message, or fails cleanly.
@Suite("Mutated messages read the same")
struct MutationTests {
    static func samples(seed: UInt64) -> [CWMPEnvelope] {
        var samples = MessageSamples(rng: SeededGenerator(seed: seed))
        return samples.everyBody().map { CWMPEnvelope(version: .v1_0, header: CWMPHeader(id: "42"), body: $0) }
    }

    static func text(_ envelope: CWMPEnvelope) -> String {
        String(decoding: CWMPSerializer.serialize(envelope), as: UTF8.self)
    }

    /// Expects `bytes` (a mutation of `envelope`'s serialization) to read back as `envelope`.
    static func expectReads(
        _ bytes: [UInt8],
        as envelope: CWMPEnvelope,
        _ variant: String = "",
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let parsed = try CWMPParser().parse(bytes).message.envelope
        #expect(parsed == envelope, "\(envelope.body.methodName)\(variant)", sourceLocation: sourceLocation)
    }

    static func expectReads(
        _ text: String,
        as envelope: CWMPEnvelope,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        try expectReads(Array(text.utf8), as: envelope, sourceLocation: sourceLocation)
    }

    @Test(
        "other prefixes for every namespace, including the encoding one called 'soap' (Thomson)",
        arguments: [UInt64(1), 2, 3]
    )
    func prefixes(seed: UInt64) throws {
        for envelope in Self.samples(seed: seed) {
            let mutated = Self.text(envelope).mutatingTags {
                $0.replacingAll("soap-env:", with: "soap_env:").replacingAll("xmlns:soap-env=", with: "xmlns:soap_env=")
                    .replacingAll("soap-enc:", with: "soap:").replacingAll("xmlns:soap-enc=", with: "xmlns:soap=")
                    .replacingAll("xsd:", with: "xs:").replacingAll("xmlns:xsd=", with: "xmlns:xs=")
                    .replacingAll("cwmp:", with: "urn:").replacingAll("xmlns:cwmp=", with: "xmlns:urn=")
            }
            try Self.expectReads(mutated, as: envelope)
        }
    }

    @Test("CRLF line ends and tab indentation", arguments: [UInt64(4), 5])
    func whitespace(seed: UInt64) throws {
        for envelope in Self.samples(seed: seed) {
            let mutated = Self.text(envelope).replacingAll("\n  ", with: "\r\n\t")
            try Self.expectReads(mutated, as: envelope)
        }
    }

    @Test("zero-padded and wrong array counts change warnings, never the message", arguments: [UInt64(6), 7])
    func arrayCounts(seed: UInt64) throws {
        for envelope in Self.samples(seed: seed) {
            let original = Self.text(envelope)
            guard original.contains("arrayType=") else { continue }
            let padded = original.mutatingTags { $0.replacingAll("[", with: "[00") }
            try Self.expectReads(padded, as: envelope)
            let wrong = original.mutatingTags { $0.replacingAll("Struct[", with: "Struct[9") }
            try Self.expectReads(wrong, as: envelope)
        }
    }

    @Test("UTF-16 in both byte orders and ISO-8859-1 bodies", arguments: [UInt64(8), 9])
    func encodings(seed: UInt64) throws {
        for envelope in Self.samples(seed: seed) {
            let text = Self.text(envelope)
            let le: [UInt8] =
                [0xFF, 0xFE] + text.utf16.flatMap { (u: UInt16) -> [UInt8] in [UInt8(u & 0xFF), UInt8(u >> 8)] }
            try Self.expectReads(le, as: envelope, " UTF-16LE")
            let be: [UInt8] =
                [0xFE, 0xFF] + text.utf16.flatMap { (u: UInt16) -> [UInt8] in [UInt8(u >> 8), UInt8(u & 0xFF)] }
            try Self.expectReads(be, as: envelope, " UTF-16BE")
            if text.unicodeScalars.allSatisfy({ $0.value < 0x100 }) {
                let latin1 = text.replacingAll("encoding=\"UTF-8\"", with: "encoding=\"ISO-8859-1\"").unicodeScalars.map
                { UInt8($0.value) }
                try Self.expectReads(latin1, as: envelope, " Latin-1")
            }
        }
    }

    @Test("a body cut anywhere parses or fails with a located error, never crashes")
    func truncation() throws {
        var rng = SeededGenerator(seed: 10)
        for envelope in Self.samples(seed: 11) {
            let bytes = CWMPSerializer.serialize(envelope)
            for _ in 0..<6 {
                let cut = Array(bytes.prefix(Int.random(in: 1..<bytes.count, using: &rng)))
                do {
                    _ = try CWMPParser().parse(cut)
                } catch {
                    #expect(
                        error.code == .notWellFormed || error.code == .noBody || error.code == .noEnvelope,
                        "\(error)"
                    )
                }
            }
        }
    }
}

extension String {
    /// Applies `transform` to the markup between `<` and `>` only, never to text content (the
    /// serializer escapes `<` and `>` in text, so every unescaped pair delimits a tag).
    func mutatingTags(_ transform: (String) -> String) -> String {
        var result = ""
        var rest = self[...]
        while let open = rest.firstIndex(of: "<"), let close = rest[open...].firstIndex(of: ">") {
            result += rest[..<open]
            result += transform(String(rest[open...close]))
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }

    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var result = ""
        var rest = self[...]
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}
