/// A place in a rule file: 1-based line and column, as Yams marks report them.
public struct RuleLocation: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int = 0, column: Int = 0) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `rules/wifi.yaml:12:5`.
    public var description: String { line > 0 ? "\(file):\(line):\(column)" : file }

    public static func < (a: Self, b: Self) -> Bool { (a.file, a.line, a.column) < (b.file, b.line, b.column) }
}

/// Something the rule compiler or linter has to say about a rule file.
///
/// Diagnostics are collected, not thrown, so one run reports every problem it can find.
public struct RuleDiagnostic: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable, Codable, Comparable {
        case note, warning, error

        private var rank: Int {
            switch self {
            case .note: 0
            case .warning: 1
            case .error: 2
            }
        }

        public static func < (a: Self, b: Self) -> Bool { a.rank < b.rank }
    }

    public var severity: Severity
    /// A stable code (`unknown-key`, `bad-expression`, `conflicting-values` …).
    public var code: String
    public var message: String
    public var location: RuleLocation
    /// What to do about it.
    public var hint: String?
    /// Other places the diagnostic concerns (the other rule of a conflict).
    public var related: [RuleLocation]

    public init(
        _ severity: Severity,
        _ code: String,
        _ message: String,
        at location: RuleLocation,
        hint: String? = nil,
        related: [RuleLocation] = []
    ) {
        self.severity = severity
        self.code = code
        self.message = message
        self.location = location
        self.hint = hint
        self.related = related
    }

    /// `rules/wifi.yaml:12:5: error[unknown-key]: … (hint)`, then `note:` lines for related places.
    public var description: String {
        var text = "\(location): \(severity.rawValue)[\(code)]: \(message)"
        if let hint { text += "; \(hint)" }
        for place in related { text += "\n\(place): note: see also" }
        return text
    }
}

/// Collects diagnostics while reading and compiling rules.
public struct DiagnosticCollector: Sendable {
    public private(set) var diagnostics: [RuleDiagnostic] = []

    public init() {}

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    public mutating func add(_ diagnostic: RuleDiagnostic) { diagnostics.append(diagnostic) }

    public mutating func error(
        _ code: String,
        _ message: String,
        at location: RuleLocation,
        hint: String? = nil,
        related: [RuleLocation] = []
    ) {
        diagnostics.append(RuleDiagnostic(.error, code, message, at: location, hint: hint, related: related))
    }

    public mutating func warning(
        _ code: String,
        _ message: String,
        at location: RuleLocation,
        hint: String? = nil,
        related: [RuleLocation] = []
    ) {
        diagnostics.append(RuleDiagnostic(.warning, code, message, at: location, hint: hint, related: related))
    }

    /// All diagnostics, sorted by place then code, for stable output.
    public var sorted: [RuleDiagnostic] {
        diagnostics.sorted { a, b in a.location != b.location ? a.location < b.location : a.code < b.code }
    }
}

/// Edit distance, for "did you mean" hints (rule files, campaign files).
public enum DidYouMean {
    /// The candidate closest to `word` (case-insensitively), if it is close enough to be a typo.
    public static func suggestion(for word: String, among candidates: [String]) -> String? {
        let scored = candidates.map { ($0, distance(word.lowercased(), $0.lowercased())) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= max(2, word.count / 3) else { return nil }
        return best.0
    }

    /// Levenshtein distance.
    public static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
