import FerruleJSON

/// How a column's cells are written in JSON. Table and CSV output show the cell text either way.
enum CellType: Sendable {
    /// A JSON string (the default).
    case string
    /// A JSON number when the cell is one; an empty cell is `null`.
    case number
    /// `true`/`false` (also `yes`/`no`); an empty cell is `null`.
    case boolean

    /// The JSON value of `cell`. Text that does not fit the type stays a string, so nothing is lost.
    func json(_ cell: String) -> JSONValue {
        if cell.isEmpty, self != .string { return .null }
        switch self {
        case .string: return .string(cell)
        case .number:
            if case .number(let text)? = try? JSONValue.parse(cell) { return .number(text) }
            return .string(cell)
        case .boolean:
            switch cell {
            case "true", "yes": return .bool(true)
            case "false", "no": return .bool(false)
            default: return .string(cell)
            }
        }
    }
}
