/// An expression that GenieACS would not read, or would read differently from what was meant.
///
/// Carries the place within the expression text (UTF-8 ``offset``, 1-based ``line`` and ``column``
/// counted in Unicode scalars) so the rule compiler can turn it into a `file:line:column` diagnostic.
public struct ExpressionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, for tests and for diagnostic codes.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// The text is empty or only whitespace.
        case empty
        /// A character or token that cannot start or continue an expression here.
        case unexpectedToken
        /// The text ended where more was needed.
        case unexpectedEnd
        /// A `'…'` or `"…"` string has no closing quote.
        case unterminatedString
        /// A bad `\` escape in a `"…"` string.
        case invalidEscape
        /// A number literal GenieACS cannot represent (overflows to infinity).
        case invalidNumber
        /// A bare word GenieACS would read as a parameter name, though it was likely meant otherwise
        /// (a keyword, a number with leading zeros, a negative parameter).
        case suspiciousParameter
        /// A function GenieACS does not know: it would apply the preset to every device.
        case unknownFunction
        /// A function GenieACS evaluates only in its configuration, never in presets.
        case configOnlyFunction
        /// A function called with the wrong number of arguments.
        case wrongArity
        /// A construct GenieACS's parser does not accept (`NOT NOT x`, `a = b = c`).
        case unsupportedSyntax
        /// Parentheses nested deeper than the parser allows.
        case tooDeep
    }

    public var kind: Kind
    public var message: String
    /// Byte offset of the problem in the UTF-8 expression text.
    public var offset: Int
    /// 1-based line within the expression text.
    public var line: Int
    /// 1-based column within the line, in Unicode scalars.
    public var column: Int
    /// What to do about it.
    public var hint: String?

    public init(kind: Kind, message: String, offset: Int, line: Int, column: Int, hint: String? = nil) {
        self.kind = kind
        self.message = message
        self.offset = offset
        self.line = line
        self.column = column
        self.hint = hint
    }

    /// Builds an error at a UTF-8 offset of `text`, computing line and column.
    init(_ kind: Kind, _ message: String, at offset: Int, in text: [UInt8], hint: String? = nil) {
        var line = 1
        var column = 1
        var i = 0
        let end = min(offset, text.count)
        while i < end {
            let byte = text[i]
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
            i += 1
        }
        self.init(kind: kind, message: message, offset: offset, line: line, column: column, hint: hint)
    }

    /// `1:12: unknown function FOO(); hint`.
    public var description: String {
        var text = "\(line):\(column): \(message)"
        if let hint { text += "; \(hint)" }
        return text
    }
}
