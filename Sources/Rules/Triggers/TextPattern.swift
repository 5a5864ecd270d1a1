import Foundation

/// One way a trigger condition accepts a text: exactly, as a glob (`*` any run, `?` one character), or
/// as a regular expression (`{regex: "^HWTC[0-9A-F]{8}$"}`, unanchored unless it says so).
///
/// Globs are case-sensitive and matched in time linear in the text times the pattern's stars; texts
/// longer than ``maxTextLength`` never match (events are untrusted input).
public enum TextPattern: Sendable, Hashable, CustomStringConvertible {
    /// The text itself.
    case exact(String)
    /// `*` and `?` wildcards.
    case glob(String)
    /// A regular expression (ICU syntax), compiled when the rule is read.
    case regex(CompiledRegex)

    /// Texts longer than this never match a pattern.
    public static let maxTextLength = 256

    /// A pattern from a rule's text: a glob when it holds `*` or `?`, else exact.
    public init(glob text: String) {
        self = text.contains("*") || text.contains("?") ? .glob(text) : .exact(text)
    }

    /// Whether `text` matches.
    public func matches(_ text: String) -> Bool {
        switch self {
        case .exact(let e): return e == text
        case .glob(let g):
            guard text.utf8.count <= Self.maxTextLength else { return false }
            return Self.globMatch(g, text)
        case .regex(let r):
            guard text.utf8.count <= Self.maxTextLength else { return false }
            return r.matches(text)
        }
    }

    /// The literal text every match starts with (`HWTC` for `HWTC*`), for indexing.
    public var literalPrefix: String {
        switch self {
        case .exact(let e): e
        case .glob(let g): String(g.prefix { $0 != "*" && $0 != "?" })
        case .regex: ""
        }
    }

    public var description: String {
        switch self {
        case .exact(let e): "\"\(e)\""
        case .glob(let g): "\"\(g)\""
        case .regex(let r): "/\(r.pattern)/"
        }
    }

    /// Whether `text` matches the glob `pattern`, on the strings' own UTF-8 storage (native
    /// strings are contiguous: no copy per match); a bridged string is copied once.
    static func globMatch(_ pattern: String, _ text: String) -> Bool {
        let matched = pattern.utf8.withContiguousStorageIfAvailable { p in
            text.utf8.withContiguousStorageIfAvailable { t in globMatch(p, t) }
        }
        if let result = matched ?? nil { return result }
        return Array(pattern.utf8).withUnsafeBufferPointer { p in
            Array(text.utf8).withUnsafeBufferPointer { t in globMatch(p, t) }
        }
    }

    /// Iterative wildcard matching with one backtrack point (the last `*`).
    static func globMatch(_ pattern: UnsafeBufferPointer<UInt8>, _ text: UnsafeBufferPointer<UInt8>) -> Bool {
        var p = 0
        var t = 0
        var star = -1
        var mark = 0
        while t < text.count {
            if p < pattern.count, pattern[p] == UInt8(ascii: "?") || pattern[p] == text[t] {
                p += 1
                t += 1
            } else if p < pattern.count, pattern[p] == UInt8(ascii: "*") {
                star = p
                mark = t
                p += 1
            } else if star >= 0 {
                p = star + 1
                mark += 1
                t = mark
            } else {
                return false
            }
        }
        while p < pattern.count, pattern[p] == UInt8(ascii: "*") { p += 1 }
        return p == pattern.count
    }
}

/// A regular expression compiled once; equal when the patterns are.
public final class CompiledRegex: Hashable, @unchecked Sendable {
    /// The pattern as written.
    public let pattern: String
    // NSRegularExpression is immutable and documented as safe to use from any thread.
    private let expression: NSRegularExpression

    /// Compiles `pattern`; nil (with the reason) when it is not a valid expression.
    public static func compile(_ pattern: String) -> Result<CompiledRegex, RegexSyntaxError> {
        do {
            return .success(CompiledRegex(pattern, try NSRegularExpression(pattern: pattern)))
        } catch {
            return .failure(RegexSyntaxError(pattern: pattern))
        }
    }

    private init(_ pattern: String, _ expression: NSRegularExpression) {
        self.pattern = pattern
        self.expression = expression
    }

    func matches(_ text: String) -> Bool {
        expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    public static func == (a: CompiledRegex, b: CompiledRegex) -> Bool { a.pattern == b.pattern }
    public func hash(into hasher: inout Hasher) { hasher.combine(pattern) }
}

/// A `regex:` that does not compile.
public struct RegexSyntaxError: Error, Sendable, Hashable {
    public var pattern: String
}
