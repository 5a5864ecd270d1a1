import ArgumentParser
import FerruleJSON

/// `--format table|json|csv` for listing commands.
enum ListFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv
}

/// Renders rows as an aligned table, CSV (RFC 4180 quoting) or a JSON array of objects.
enum TableOutput {
    static func render(columns: [String], rows: [[String]], format: ListFormat) -> String {
        switch format {
        case .table:
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
            func quote(_ s: String) -> String {
                s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                    ? "\"" + s.replacingAll("\"", with: "\"\"") + "\"" : s
            }
            return ([columns] + rows).map { $0.map(quote).joined(separator: ",") + "\n" }.joined()
        case .json:
            let items = rows.map { row in
                JSONValue.object(zip(columns, row).map { ($0, JSONValue.string($1)) })
            }
            return JSONValue.array(items).canonicalText
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
