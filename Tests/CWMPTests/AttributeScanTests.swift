import FerruleTestSupport
import Testing

@testable import CWMP

/// The attribute pre-scan hops through a body to the gaps where a tag with too many attributes
/// could be, and reads tag by tag only from there: it must find exactly what a reading of every
/// tag from the start finds.
@Suite("Attribute pre-scan: hopping to long gaps finds what a full reading finds")
struct AttributeScanTests {
    /// The result of reading every tag from the start (the scan before hopping).
    static func fullReading(_ bytes: [UInt8], limit: Int) -> AttributeScan.Excess? {
        bytes.withUnsafeBufferPointer { b in
            guard let p = b.baseAddress else { return nil }
            return AttributeScan.scan(p, b.count, from: 0, through: b.count, limit: limit).excess
        }
    }

    static func hopping(_ bytes: [UInt8], limit: Int) -> AttributeScan.Excess? {
        bytes.withUnsafeBytes { AttributeScan.firstTag(over: limit, in: $0) }
    }

    @Test("random bodies of markup characters: same tag found, or none, at limits 0 to 12")
    func randomBodies() {
        var random = SeededGenerator(seed: 16)
        let alphabet = Array("<<<===\"'>!-?[]CDATa \n/".utf8)
        var found = 0
        for round in 0..<4_000 {
            let length = Int(random.next() % 160)
            let bytes = (0..<length).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }
            let limit = round % 13
            let full = Self.fullReading(bytes, limit: limit)
            if full != nil { found += 1 }
            #expect(Self.hopping(bytes, limit: limit) == full, "\(String(decoding: bytes, as: UTF8.self))")
        }
        #expect(found > 100, "the bodies should exercise both outcomes")
    }

    @Test("a tag with too many attributes after a long value and a long comment is still found")
    func afterLongGaps() {
        let longValue = String(repeating: "v", count: 2_000)
        let comment = "<!-- " + String(repeating: "a=1 ", count: 500) + "-->"
        let tag = "<x " + (0..<9).map { "a\($0)=\"1\"" }.joined(separator: " ") + "/>"
        let body = Array(("<r><v>\(longValue)</v>\(comment)\n" + tag + "</r>").utf8)
        #expect(Self.hopping(body, limit: 8) == AttributeScan.Excess(line: 2, column: 1))
        #expect(Self.hopping(body, limit: 9) == nil)
    }

    @Test("'<' found backwards a word at a time at every offset of a window")
    func longGapAtEveryOffset() {
        for gap in 1..<40 {
            for offset in 0..<12 {
                let body = Array(
                    (String(repeating: "<", count: offset + 1) + String(repeating: "x", count: gap) + "<").utf8
                )
                let found = body.withUnsafeBufferPointer { b in
                    b.baseAddress.flatMap { AttributeScan.nextLongGap(over: 8, $0, b.count, from: 0) }
                }
                #expect(found == (gap + 1 > 8 ? offset : nil), "gap \(gap), offset \(offset)")
            }
        }
    }
}
