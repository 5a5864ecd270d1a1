/// A parameter-tree source could not be read: what, where and what to do next.
public struct TreeSourceError: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String?
    public var line: Int?
    public var message: String

    public init(file: String? = nil, line: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        var text = file ?? "<input>"
        if let line { text += ":\(line)" }
        return text + ": error: " + message
    }
}
