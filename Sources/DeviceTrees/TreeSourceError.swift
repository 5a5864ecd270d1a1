/// A parameter-tree source could not be read: what, where and what to do next, in the one
/// diagnostic format (`file:line:column: error[code]: message`).
public struct TreeSourceError: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String?
    public var line: Int?
    public var column: Int?
    /// The diagnostic code (`unreadable`, or the CWMP parser's: `too-deep`, `doctype`, …).
    public var code: String
    public var message: String

    public init(file: String? = nil, line: Int? = nil, column: Int? = nil, code: String = "unreadable", message: String)
    {
        self.file = file
        self.line = line
        self.column = column
        self.code = code
        self.message = message
    }

    public var description: String {
        var text = file ?? "<input>"
        if let line {
            text += ":\(line)"
            if let column { text += ":\(column)" }
        }
        return text + ": error[\(code)]: " + message
    }
}
