import FerruleJSON
import Foundation
import Rules
import Synchronization

/// How filter values compare with a device document's values (docs/campaigns.md, "How filters
/// are evaluated").
enum FilterComparison {
    /// Whether `value` (from the document) equals `query` (from the filter).
    ///
    /// Texts are equal when identical, or when the filter's text has `*` wildcards that match;
    /// OUIs ignore case. A parameter's number equals a filter number or numeric text with the same
    /// value (GenieACS also matches numeric text against numbers); booleans equal booleans.
    static func equal(_ value: JSONValue, _ query: JSONValue, kind: FilterField.Kind) -> Bool {
        switch kind {
        case .identity, .version, .tags:
            guard let actual = value.stringValue, let pattern = text(of: query) else { return false }
            return textEqual(actual, pattern, ignoringCase: false)
        case .oui:
            guard let actual = value.stringValue, let pattern = text(of: query) else { return false }
            return textEqual(actual, pattern, ignoringCase: true)
        case .time:
            guard let a = value.stringValue.flatMap(instant), let b = text(of: query).flatMap(instant) else {
                return false
            }
            return a == b
        case .parameter:
            switch (value, query) {
            case (.string(let actual), .string(let pattern)):
                return textEqual(actual, pattern, ignoringCase: false)
            case (.number(let a), .number(let b)):
                return number(a).flatMap { x in number(b).map { x == $0 } } ?? (a == b)
            case (.number(let a), .string(let b)):
                guard isDecimal(b), let x = number(a), let y = number(b) else { return false }
                return x == y
            case (.bool(let a), .bool(let b)):
                return a == b
            default:
                return false
            }
        }
    }

    /// The order of `value` (from the document) against `query`: -1, 0, 1, or nil when they do
    /// not compare (a missing value, text against a number).
    ///
    /// Versions and parameter texts compare in version order (``VersionOrder``: numbers inside
    /// by value, so `1.10.0 > 1.9.2` and ISO times in time order); numbers by value; times as
    /// instants.
    static func order(_ value: JSONValue, _ query: JSONValue, kind: FilterField.Kind) -> Int? {
        switch kind {
        case .time:
            guard let a = value.stringValue.flatMap(instant), let b = text(of: query).flatMap(instant) else {
                return nil
            }
            return a < b ? -1 : (a == b ? 0 : 1)
        case .parameter:
            switch (value, query) {
            case (.number(let a), .number(let b)):
                return numericOrder(a, b)
            case (.number(let a), .string(let b)) where isDecimal(b):
                return numericOrder(a, b)
            case (.string(let a), .string(let b)):
                return VersionOrder.compare(a, b)
            default:
                return nil
            }
        case .identity, .oui, .version, .tags:
            guard let a = value.stringValue, let b = text(of: query) else { return nil }
            return VersionOrder.compare(a, b)
        }
    }

    /// Whether `value` is text that `pattern` matches (anywhere, as MongoDB's `$regex`).
    static func regexMatches(_ value: JSONValue, _ pattern: String) -> Bool {
        guard let text = value.stringValue, let regex = RegexCache.shared.regex(pattern) else { return false }
        return regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    // MARK: - Pieces

    /// A filter value as text (numbers as written, booleans as `true`/`false`).
    static func text(of value: JSONValue) -> String? {
        switch value {
        case .string(let s), .number(let s): s
        case .bool(let b): b ? "true" : "false"
        default: nil
        }
    }

    /// `*` matches any run of characters (also none); everything else literally.
    static func textEqual(_ text: String, _ pattern: String, ignoringCase: Bool) -> Bool {
        let text = ignoringCase ? text.uppercased() : text
        let pattern = ignoringCase ? pattern.uppercased() : pattern
        guard pattern.contains("*") else { return text == pattern }
        return glob(Array(pattern.unicodeScalars), Array(text.unicodeScalars))
    }

    private static func glob(_ pattern: [Unicode.Scalar], _ text: [Unicode.Scalar]) -> Bool {
        var p = 0
        var t = 0
        var star: Int?
        var resume = 0
        while t < text.count {
            if p < pattern.count, pattern[p] == "*" {
                star = p
                resume = t
                p += 1
            } else if p < pattern.count, pattern[p] == text[t] {
                p += 1
                t += 1
            } else if let s = star {
                p = s + 1
                resume += 1
                t = resume
            } else {
                return false
            }
        }
        while p < pattern.count, pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }

    /// A plain decimal number (`12`, `-1.5`, `1e3`): what GenieACS also matches as a number.
    static func isDecimal(_ text: String) -> Bool {
        var sawDigit = false
        var sawDot = false
        var sawExponent = false
        var previous: Character?
        for (index, c) in text.enumerated() {
            switch c {
            case "0"..."9": sawDigit = true
            case "-", "+":
                guard index == 0 || previous == "e" || previous == "E" else { return false }
            case ".":
                guard !sawDot, !sawExponent else { return false }
                sawDot = true
            case "e", "E":
                guard sawDigit, !sawExponent else { return false }
                sawExponent = true
                sawDigit = false
            default: return false
            }
            previous = c
        }
        return sawDigit
    }

    static func number(_ text: String) -> Double? { Double(text) }

    private static func numericOrder(_ a: String, _ b: String) -> Int? {
        guard let x = number(a), let y = number(b) else { return nil }
        return x < y ? -1 : (x == y ? 0 : 1)
    }

    /// An ISO 8601 time with a zone → milliseconds since the epoch.
    static func instant(_ text: String) -> Double? {
        guard let parsed = CivilTime.parse(text) else { return nil }
        if let ms = parsed.epochMilliseconds { return ms }
        // A date alone counts as UTC midnight, as JavaScript reads it.
        return parsed.hasTime ? nil : parsed.wallSeconds * 1000
    }
}

/// Compiled `$regex` patterns, shared: a filter is matched against millions of documents.
final class RegexCache: Sendable {
    static let shared = RegexCache()

    /// Pattern → compiled expression, or nil when it does not compile. Guarded by the mutex.
    private let entries = Mutex<[String: NSRegularExpression?]>([:])

    func regex(_ pattern: String) -> NSRegularExpression? {
        entries.withLock { cache in
            if let hit = cache[pattern] { return hit }
            let compiled = try? NSRegularExpression(pattern: pattern)
            if cache.count > 1000 { cache.removeAll() }
            cache[pattern] = compiled
            return compiled
        }
    }
}
