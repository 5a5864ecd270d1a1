/// Something a reader, compiler or linter has to say about an input file.
///
/// Diagnostics are collected, not thrown (see ``DiagnosticCollector``), so one run reports every
/// problem it can find. Every one renders in one format:
///
/// ```
/// rules/wifi.yaml:12:5: error[unknown-key]: unknown key "ssdi" in a rule; did you mean "ssid"?
/// ```
///
/// The location is never part of ``message``; the message is rendered through ``DisplayText``
/// when it quotes input, so a huge value is shortened and control bytes are escaped.
public struct Diagnostic: Sendable, Hashable, Codable, CustomStringConvertible {
    /// How bad it is.
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
    /// A stable code (``Code/unknownKey``, ``Code/unreadable`` …); each module declares its own.
    public var code: Code
    /// What is wrong, without the location.
    public var message: String
    /// Where.
    public var location: SourceLocation
    /// What to do about it.
    public var hint: String?
    /// Other places the diagnostic concerns (the other rule of a conflict).
    public var related: [SourceLocation]

    /// A diagnostic of `severity` with `code` at `location`.
    public init(
        _ severity: Severity,
        _ code: Code,
        _ message: String,
        at location: SourceLocation,
        hint: String? = nil,
        related: [SourceLocation] = []
    ) {
        self.severity = severity
        self.code = code
        self.message = message
        self.location = location
        self.hint = hint
        self.related = related
    }

    /// `rules/wifi.yaml:12:5: error[unknown-key]: …; hint`, then `note:` lines for related places.
    ///
    /// Message and hint are escaped and cut (``DisplayText/line(_:)``): one diagnostic is one line.
    public var description: String {
        var text = "\(location): \(severity.rawValue)[\(code)]: \(DisplayText.line(message))"
        if let hint { text += "; \(DisplayText.line(hint))" }
        for place in related { text += "\n\(place): note: see also" }
        return text
    }
}

extension Diagnostic {
    /// A diagnostic's stable code, rendered in brackets (`error[unknown-key]`).
    ///
    /// Codes are values declared by the module that reports them (`Diagnostic.Code.unreadable`
    /// here, rule codes in Rules, campaign codes in Campaigns), so tools compare them as values,
    /// never as text.
    public struct Code: RawRepresentable, Sendable, Hashable, Codable, Comparable, CustomStringConvertible,
        ExpressibleByStringLiteral
    {
        public let rawValue: String

        public init(rawValue: String) { self.rawValue = rawValue }

        /// A code written as its text (`"bad-action"`); prefer the declared constants.
        public init(stringLiteral value: String) { self.rawValue = value }

        public init(from decoder: any Decoder) throws {
            rawValue = try decoder.singleValueContainer().decode(String.self)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(rawValue)
        }

        public var description: String { rawValue }

        public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
    }
}
