/// A firmware or software version, compared the way people read versions.
///
/// GenieACS compares versions as strings, so `'10.0' < '9.0'` and `'4.2.10' < '4.2.7'`; rules that
/// compare versions must use this type instead.
///
/// A version is split into segments: runs of digits (numbers) and runs of letters (text); every other
/// character (`.`, `-`, `_`, `+`, space …) only separates. `V1R2C3` is `V 1 R 2 C 3`,
/// `4.2.7-build1187` is `4 2 7 build 1187`. Two versions compare segment by segment:
/// - numbers numerically, at any length (`10` > `9`, `007` = `7`);
/// - text case-insensitively (`SPC` = `spc`), by Unicode scalar;
/// - a number is greater than text at the same position (`2.1` > `2.beta`);
/// - when one version is the other plus more segments, the longer is greater (`4.2.7-build1187` > `4.2.7`).
///
/// Equality is by segments: `1.0` and `1-0` are equal, `1.0` and `1.0.0` are not.
public struct SoftwareVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// One segment of a version.
    public enum Segment: Sendable, Hashable, CustomStringConvertible {
        /// Digits, without leading zeros (`"0"` for zero), so any length compares correctly.
        case number(String)
        /// Letters, lower-cased.
        case text(String)

        public var description: String {
            switch self {
            case .number(let digits): digits
            case .text(let text): text
            }
        }
    }

    /// The version as written.
    public let text: String
    public let segments: [Segment]

    public init(_ text: String) {
        self.text = text
        var segments: [Segment] = []
        var current = ""
        var currentIsDigits = false
        func flush() {
            guard !current.isEmpty else { return }
            if currentIsDigits {
                let trimmed = current.drop { $0 == "0" }
                segments.append(.number(trimmed.isEmpty ? "0" : String(trimmed)))
            } else {
                segments.append(.text(current.lowercased()))
            }
            current = ""
        }
        for scalar in text.unicodeScalars {
            let isDigit = scalar.value >= 0x30 && scalar.value <= 0x39
            let isLetter = !isDigit && scalar.properties.isAlphabetic
            if isDigit || isLetter {
                if !current.isEmpty && isDigit != currentIsDigits { flush() }
                currentIsDigits = isDigit
                current.unicodeScalars.append(scalar)
            } else {
                flush()
            }
        }
        flush()
        self.segments = segments
    }

    public var description: String { text }

    public static func == (a: Self, b: Self) -> Bool { a.segments == b.segments }

    public func hash(into hasher: inout Hasher) { hasher.combine(segments) }

    public static func < (a: Self, b: Self) -> Bool { compare(a, b) < 0 }

    /// -1, 0 or 1.
    public static func compare(_ a: Self, _ b: Self) -> Int {
        for (x, y) in zip(a.segments, b.segments) {
            let order = compare(x, y)
            if order != 0 { return order }
        }
        return a.segments.count == b.segments.count ? 0 : (a.segments.count < b.segments.count ? -1 : 1)
    }

    private static func compare(_ x: Segment, _ y: Segment) -> Int {
        switch (x, y) {
        case (.number(let p), .number(let q)):
            if p.count != q.count { return p.count < q.count ? -1 : 1 }
            return p == q ? 0 : (p < q ? -1 : 1)
        case (.text(let p), .text(let q)):
            if p.unicodeScalars.elementsEqual(q.unicodeScalars) { return 0 }
            return p.unicodeScalars.lexicographicallyPrecedes(q.unicodeScalars) ? -1 : 1
        case (.number, .text):
            return 1
        case (.text, .number):
            return -1
        }
    }
}
