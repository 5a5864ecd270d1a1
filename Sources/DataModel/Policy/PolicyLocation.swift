/// A place in a policy file: 1-based line and column (Unicode scalars), as Yams marks report them.
public struct PolicyLocation: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The policy file as named on the command line.
    public var file: String
    /// 1-based line, when known.
    public var line: Int?
    /// 1-based column in Unicode scalars, when known.
    public var column: Int?

    /// A location in `file`, optionally narrowed to a line and column.
    public init(file: String, line: Int? = nil, column: Int? = nil) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `policy.yaml:12:5`, `policy.yaml:12` or `policy.yaml`.
    public var description: String {
        guard let line else { return file }
        return "\(file):\(line)" + (column.map { ":\($0)" } ?? "")
    }
}
