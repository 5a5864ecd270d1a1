#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A linear pre-scan that finds a start tag with too many attributes before libxml2 reads it.
///
/// libxml2 2.9 checks each new attribute of an element against all earlier ones
/// (`xmlParseStartTag2` in parser.c), so one element with 60,000 attributes costs 1.8 billion
/// comparisons before any callback can stop it. This scan counts each start tag's `=` signs
/// outside quoted values, skipping comments, CDATA sections, processing instructions and
/// declarations, in one pass.
enum AttributeScan {
    /// Where a tag with more than `limit` attributes starts.
    struct Excess: Sendable, Equatable {
        var line: Int
        var column: Int
    }

    /// The first start tag with more than `limit` attributes, or nil.
    static func firstTag(over limit: Int, in bytes: UnsafeRawBufferPointer) -> Excess? {
        guard let base = bytes.baseAddress else { return nil }
        let p = base.assumingMemoryBound(to: UInt8.self)
        let end = bytes.count
        var i = 0
        /// The position of a '<' already found at `i`, so it is not searched for twice.
        var knownStart = -1
        while i < end {
            let start: Int
            if knownStart == i {
                start = i
            } else {
                guard let lt = memchr(p + i, Int32(UInt8(ascii: "<")), end - i) else { return nil }
                start = UnsafeRawPointer(lt).assumingMemoryBound(to: UInt8.self) - p
            }
            var k = start + 1
            guard k < end else { return nil }
            switch p[k] {
            case UInt8(ascii: "!"):
                if matches(p, end, k, "!--") {
                    i = find(p, end, k + 3, "-->")
                } else if matches(p, end, k, "![CDATA[") {
                    i = find(p, end, k + 8, "]]>")
                } else {
                    i = k + 1  // a declaration: its own markup is scanned as it comes
                }
                continue
            case UInt8(ascii: "?"):
                i = find(p, end, k + 1, "?>")
                continue
            case UInt8(ascii: "/"):
                i = k + 1
                continue
            default:
                break
            }
            // A start tag: its attributes lie before the next '<' (libxml2 ends a start tag there even
            // inside a quoted value: XML_ERR_LT_IN_ATTRIBUTE, parser.c xmlParseAttValueComplex), and
            // each counted attribute needs an '=', so a tag that close to the next '<' cannot have
            // more than `limit`: skip it without reading it byte by byte.
            let next = memchr(p + k, Int32(UInt8(ascii: "<")), end - k).map {
                UnsafeRawPointer($0).assumingMemoryBound(to: UInt8.self) - p
            }
            if (next ?? end) - start <= limit {
                guard let next else { return nil }
                i = next
                knownStart = next
                continue
            }
            var count = 0
            var quote: UInt8 = 0
            while k < end {
                let b = p[k]
                if quote != 0 {
                    if b == quote { quote = 0 }
                } else if b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") {
                    quote = b
                } else if b == UInt8(ascii: "=") {
                    count += 1
                    if count > limit { return position(of: start, in: p) }
                } else if b == UInt8(ascii: ">") || b == UInt8(ascii: "<") {
                    break
                }
                k += 1
            }
            i = k
        }
        return nil
    }

    private static func matches(_ p: UnsafePointer<UInt8>, _ end: Int, _ at: Int, _ text: StaticString) -> Bool {
        let count = text.utf8CodeUnitCount
        guard at + count <= end else { return false }
        return memcmp(p + at, text.utf8Start, count) == 0
    }

    /// The index just past the next `terminator` at or after `from`, or `end`.
    private static func find(_ p: UnsafePointer<UInt8>, _ end: Int, _ from: Int, _ terminator: StaticString) -> Int {
        let count = terminator.utf8CodeUnitCount
        let first = Int32(terminator.utf8Start.pointee)
        var i = from
        while i + count <= end, let hit = memchr(p + i, first, end - count + 1 - i) {
            let at = UnsafeRawPointer(hit).assumingMemoryBound(to: UInt8.self) - p
            if memcmp(p + at, terminator.utf8Start, count) == 0 { return at + count }
            i = at + 1
        }
        return end
    }

    private static func position(of index: Int, in p: UnsafePointer<UInt8>) -> Excess {
        var line = 1
        var lineStart = 0
        for k in 0..<index where p[k] == 0x0A {
            line += 1
            lineStart = k + 1
        }
        return Excess(line: line, column: index - lineStart + 1)
    }
}
