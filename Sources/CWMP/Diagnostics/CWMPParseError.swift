/// A message could not be read at all: not well-formed XML, no Envelope or Body, a DOCTYPE, an
/// unsupported charset, or a limit exceeded.
///
/// The description says what went wrong, where (line, column, element path) and what to do next.
/// It never includes parameter values, so secrets in a payload cannot leak through it.
public struct CWMPParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is; stable for tests and tools.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The bytes are not well-formed XML (truncated, mismatched tags …).
        public static let notWellFormed = Code(rawValue: "not-well-formed")
        /// The root element is not a SOAP Envelope.
        public static let noEnvelope = Code(rawValue: "no-envelope")
        /// The Envelope has no Body, or the Body holds no element.
        public static let noBody = Code(rawValue: "no-body")
        /// The document declares a DOCTYPE (refused: entity expansion and XXE).
        public static let doctype = Code(rawValue: "doctype")
        /// The body exceeds the configured size cap.
        public static let tooLarge = Code(rawValue: "too-large")
        /// Elements nest deeper than the configured cap.
        public static let tooDeep = Code(rawValue: "too-deep")
        /// An element has more attributes (namespace declarations included) than the configured cap.
        public static let tooManyAttributes = Code(rawValue: "too-many-attributes")
        /// The document uses more distinct element, attribute and namespace names than the configured cap.
        public static let tooManyNames = Code(rawValue: "too-many-names")
        /// The charset (HTTP or XML declaration) is not one a CWMP endpoint accepts.
        public static let unsupportedCharset = Code(rawValue: "unsupported-charset")
    }

    public var code: Code
    public var message: String
    /// 1-based line, when known.
    public var line: Int?
    /// 1-based column, when known.
    public var column: Int?
    /// Slash-separated path of the open elements where parsing stopped.
    public var elementPath: String?
    /// What the operator can do about it.
    public var hint: String?

    public init(
        _ code: Code,
        _ message: String,
        line: Int? = nil,
        column: Int? = nil,
        elementPath: String? = nil,
        hint: String? = nil
    ) {
        self.code = code
        self.message = message
        self.line = line
        self.column = column
        self.elementPath = elementPath
        self.hint = hint
    }

    public var description: String {
        var text = ""
        if let line {
            text += "\(line):\(column ?? 0): "
        }
        text += "error[\(code)]: \(message)"
        if let elementPath, !elementPath.isEmpty, elementPath != "/" { text += " (in \(elementPath))" }
        if let hint { text += "; \(hint)" }
        return text
    }
}
