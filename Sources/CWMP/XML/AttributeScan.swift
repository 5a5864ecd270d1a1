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
    ///
    /// Only a tag whose next '<' lies more than `limit` bytes on can have that many; the body is
    /// hopped through to each such gap (``nextLongGap(over:_:_:from:)``), and read tag by tag from
    /// where the last reading stopped through that gap, so comments, CDATA sections and processing
    /// instructions before it are skipped exactly as a reading from the start would skip them.
    static func firstTag(over limit: Int, in bytes: UnsafeRawBufferPointer) -> Excess? {
        guard let base = bytes.baseAddress else { return nil }
        let p = base.assumingMemoryBound(to: UInt8.self)
        let end = bytes.count
        var i = 0
        while let gap = nextLongGap(over: limit, p, end, from: i) {
            let (excess, resume) = scan(p, end, from: i, through: gap, limit: limit)
            if let excess { return excess }
            i = resume
        }
        return nil
    }

    /// Reads tag by tag from `from` (outside markup) until a tag starting after `through`: the
    /// first start tag with more than `limit` '=' signs outside quotes, or where the reading stopped
    /// (outside markup again).
    static func scan(
        _ p: UnsafePointer<UInt8>,
        _ end: Int,
        from: Int,
        through: Int,
        limit: Int
    ) -> (excess: Excess?, resume: Int) {
        var i = from
        /// The position of a '<' already found at `i`, so it is not searched for twice.
        var knownStart = -1
        while i < end {
            let start: Int
            if knownStart == i {
                start = i
            } else {
                guard let lt = memchr(p + i, Int32(UInt8(ascii: "<")), end - i) else { return (nil, end) }
                start = UnsafeRawPointer(lt).assumingMemoryBound(to: UInt8.self) - p
            }
            if start > through { return (nil, start) }
            var k = start + 1
            guard k < end else { return (nil, end) }
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
                guard let next else { return (nil, end) }
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
                    if count > limit { return (position(of: start, in: p), k) }
                } else if b == UInt8(ascii: ">") || b == UInt8(ascii: "<") {
                    break
                }
                k += 1
            }
            i = k
        }
        return (nil, end)
    }

    /// The first '<' at or after `from` followed by more than `limit` bytes without another '<'
    /// (or the end), or nil.
    ///
    /// Hops from '<' to the last '<' within `limit` bytes after it: every '<' in between has its
    /// next '<' closer still. Linear, and about one 8-byte word read per hop in a usual body.
    static func nextLongGap(over limit: Int, _ p: UnsafePointer<UInt8>, _ end: Int, from: Int) -> Int? {
        guard from < end, let first = memchr(p + from, Int32(UInt8(ascii: "<")), end - from) else { return nil }
        var s = UnsafeRawPointer(first).assumingMemoryBound(to: UInt8.self) - p
        while true {
            let last = Swift.min(s + limit, end - 1)
            guard let r = lastLessThan(p, after: s, through: last) else { return end - s > limit ? s : nil }
            s = r
        }
    }

    /// The position of the last '<' in `p[(after + 1)...through]`, or nil; read backwards a word
    /// at a time.
    private static func lastLessThan(_ p: UnsafePointer<UInt8>, after: Int, through: Int) -> Int? {
        let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        var i = through + 1
        while i - after > 8 {
            let word = UInt64(littleEndian: UnsafeRawPointer(p + i - 8).loadUnaligned(as: UInt64.self))
            let y = word ^ 0x3C3C_3C3C_3C3C_3C3C
            // The high bit of each byte of `hit` is set exactly where `word` holds '<'.
            let hit = ~(((y & low) &+ low) | y | low)
            if hit != 0 { return i - 8 + (63 - hit.leadingZeroBitCount) / 8 }
            i -= 8
        }
        while i > after + 1 {
            i -= 1
            if p[i] == UInt8(ascii: "<") { return i }
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
