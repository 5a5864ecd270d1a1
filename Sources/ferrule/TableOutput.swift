import ArgumentParser
import FerruleCore
import FerruleJSON

/// `--format table|json|csv` for listing commands.
enum ListFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv
}

/// Renders rows as an aligned table, CSV (RFC 4180 quoting) or a JSON array of objects.
///
/// Cells often hold what a device or a remote system chose (serials, ids, descriptions). A table
/// escapes control characters and cuts a cell at ``cellLimit`` characters, so one 100 KB serial
/// cannot push every row off the screen; CSV keeps the whole value but escapes control characters
/// too (a CSV file is read in terminals and editors as often as by programs); JSON carries the
/// value as it is, JSON-escaped.
enum TableOutput {
    /// The most characters a table cell shows before `… (N bytes)`.
    static let cellLimit = 80

    /// One cell as a table shows it: control characters escaped, cut at ``cellLimit``.
    static func tableCell(_ text: String) -> String {
        DisplayText.value(text, limit: cellLimit)
    }

    /// A CSV cell a spreadsheet will not run: text starting with `=`, `+`, `-` or `@` that is not a
    /// number gets a leading `'` (OWASP's CSV injection advice), so a CPE's fault message
    /// `=HYPERLINK(…)` opens as text, not as a formula. Numbers (`-3`) are left as they are.
    static func csvFormulaSafe(_ cell: String) -> String {
        guard let first = cell.first, "=+-@".contains(first), Double(cell) == nil else { return cell }
        return "'" + cell
    }

    /// One row as a JSON object; `types` names the columns that are not strings.
    static func object(columns: [String], row: [String], types: [String: CellType]) -> JSONValue {
        .object(zip(columns, row).map { ($0, (types[$0] ?? .string).json($1)) })
    }

    /// Writes the rendered rows to standard output.
    static func print(
        columns: [String],
        rows: [[String]],
        format: ListFormat,
        types: [String: CellType] = [:]
    ) {
        Swift.print(render(columns: columns, rows: rows, format: format, types: types), terminator: "")
    }

    static func render(
        columns: [String],
        rows: [[String]],
        format: ListFormat,
        types: [String: CellType] = [:]
    ) -> String {
        switch format {
        case .table:
            // A terminal shows the table: control characters in cells (a device's id, a token's
            // name) are written out rather than sent.
            let rows = rows.map { $0.map(tableCell) }
            var widths = columns.map(\.count)
            for row in rows {
                for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) }
            }
            func line(_ cells: [String]) -> String {
                var out = ""
                for (i, cell) in cells.enumerated() {
                    let last = i == cells.count - 1
                    out += last ? cell : cell + String(repeating: " ", count: widths[i] - cell.count + 2)
                }
                return out + "\n"
            }
            return line(columns.map { $0.uppercased() }) + rows.map(line).joined()
        case .csv:
            func quote(_ raw: String) -> String {
                let s = csvFormulaSafe(DisplayText.escaped(raw))
                return s.contains(where: { $0 == "," || $0 == "\"" })
                    ? "\"" + s.replacingAll("\"", with: "\"\"") + "\"" : s
            }
            return ([columns] + rows).map { $0.map(quote).joined(separator: ",") + "\n" }.joined()
        case .json:
            let items = rows.map { object(columns: columns, row: $0, types: types) }
            return JSONValue.array(items).canonicalText
        }
    }
}

extension TableOutput {
    /// Output in pages: the header once (table, CSV) or the array brackets (JSON) around all pages.
    struct Stream {
        let columns: [String]
        let format: ListFormat
        let types: [String: CellType]
        private var opened = false
        private var emitted = 0

        init(columns: [String], format: ListFormat, types: [String: CellType] = [:]) {
            self.columns = columns
            self.format = format
            self.types = types
        }

        /// The text for one page of rows; `last` closes the output.
        mutating func page(_ rows: [[String]], last: Bool) -> String {
            defer { opened = true }
            switch format {
            case .table, .csv:
                var text = render(columns: columns, rows: rows, format: format, types: types)
                if opened, let newline = text.firstIndex(of: "\n") {
                    text = String(text[text.index(after: newline)...])
                }
                return text
            case .json:
                var out = opened ? "" : "["
                for row in rows {
                    let object = TableOutput.object(columns: columns, row: row, types: types)
                    let text = String(object.canonicalText.dropLast())
                    out += (emitted > 0 ? "," : "") + "\n  " + text.replacingAll("\n", with: "\n  ")
                    emitted += 1
                }
                if last { out += emitted > 0 ? "\n]\n" : "]\n" }
                return out
            }
        }
    }
}

extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for c in self { if c == target { out += replacement } else { out.append(c) } }
        return out
    }
}
