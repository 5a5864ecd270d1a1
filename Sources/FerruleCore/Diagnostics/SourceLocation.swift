/// A place in an input file: 1-based line and column (Unicode scalars, as Yams marks report
/// them); 0 when only the file is known.
///
/// Every reader in Ferrule (rules, variables, campaigns, policies, test cases) reports with this
/// one type, so every message starts the same way: `rules/wifi.yaml:12:5`.
public struct SourceLocation: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// The file as named on the command line.
    public var file: String
    /// 1-based line; 0 when unknown.
    public var line: Int
    /// 1-based column in Unicode scalars; 0 when unknown.
    public var column: Int

    /// A location in `file`, optionally narrowed to a line and column.
    public init(file: String, line: Int = 0, column: Int = 0) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `rules/wifi.yaml:12:5`, `rules/wifi.yaml:12` (no column) or `rules/wifi.yaml`. Control
    /// characters in the file name are escaped (``DisplayText/escaped(_:)``): a newline in a name
    /// must not start what reads as a diagnostic of its own.
    public var description: String {
        let file = DisplayText.escaped(self.file)
        guard line > 0 else { return file }
        return column > 0 ? "\(file):\(line):\(column)" : "\(file):\(line)"
    }

    public static func < (a: Self, b: Self) -> Bool { (a.file, a.line, a.column) < (b.file, b.line, b.column) }
}
