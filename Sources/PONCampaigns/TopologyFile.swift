import Campaigns
public import FerruleCore

/// The topology file: which ONU, OLT and PON port each GenieACS device sits behind, for
/// `ferrule campaign run --topology FILE` where VOLTHA is not reachable (CI, a lab, an export
/// from another inventory).
///
/// CSV (RFC 4180 fields, one record per line), a header naming the columns in any order:
///
/// ```csv
/// device,olt,pon,serial,model
/// 3C52A1-EX220-000001,olt-1,1,HWTC00000001,EX220
/// 3C52A1-EX220-000002,olt-1,2,HWTC00000002,EX220
/// ```
///
/// `device` (the GenieACS `_id`), `olt` (the OLT's VOLTHA device id, as VOLTHA's events name it)
/// and `pon` (the PON interface number, `intf-id` in the events) are required; `serial` (the
/// ONU serial, needed for `pon_health`) and `model` may be empty. Blank lines and lines starting
/// with `#` are skipped. Reading is linear in the file and bounded by ``maxEntries``.
public enum TopologyFile {
    /// The most devices one file may list.
    public static let maxEntries = 10_000_000
    /// The longest value accepted in a field.
    public static let maxFieldLength = 256

    /// The columns, in their documented order.
    public static let columns = ["device", "olt", "pon", "serial", "model"]

    /// The entries of `text` (read from `file`) and what is wrong with it; the entries are nil
    /// when any error was found (a campaign never runs on half a topology).
    public static func read(_ text: String, file: String) -> (entries: [TopologyEntry]?, diagnostics: [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var entries: [TopologyEntry] = []
        var header: [String: Int]?
        var seen: [String: Int] = [:]
        var lineNumber = 0
        func error(_ code: Diagnostic.Code, _ message: String, column: Int = 1, hint: String? = nil) {
            if diagnostics.count < 100 {
                diagnostics.append(
                    Diagnostic(
                        .error,
                        code,
                        message,
                        at: SourceLocation(file: file, line: lineNumber, column: column),
                        hint: hint
                    )
                )
            }
        }
        // A spreadsheet's "CSV UTF-8" starts with a byte order mark: not part of the first column's name.
        let text = text.unicodeScalars.first == "\u{FEFF}" ? String(text.unicodeScalars.dropFirst()) : text
        // "\r\n" is one Character: both line ends separate.
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            lineNumber += 1
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) || line.hasPrefix("#") { continue }
            guard let fields = splitCSV(line) else {
                error(.badValue, "unterminated quoted field")
                continue
            }
            guard let columns = header else {
                var names: [String: Int] = [:]
                for (index, name) in fields.enumerated() {
                    let key = name.trimmingSpaces.lowercased()
                    guard Self.columns.contains(key) else {
                        error(
                            .unknownKey,
                            "unknown column \"\(key)\"",
                            hint: "the columns are \(Self.columns.joined(separator: ", "))"
                        )
                        continue
                    }
                    if names[key] != nil { error(.duplicateKey, "column \"\(key)\" appears twice") }
                    names[key] = index
                }
                for required in ["device", "olt", "pon"] where names[required] == nil {
                    error(
                        .missingField,
                        "the header has no \"\(required)\" column",
                        hint: "start the file with the line \(Self.columns.joined(separator: ","))"
                    )
                }
                header = names
                if !diagnostics.isEmpty { return (nil, diagnostics) }
                continue
            }
            func field(_ name: String) -> String? {
                guard let index = columns[name], index < fields.count else { return nil }
                let value = fields[index].trimmingSpaces
                return value.isEmpty ? nil : value
            }
            if fields.count > columns.count {
                error(.badValue, "\(fields.count) fields, the header has \(columns.count)")
                continue
            }
            if let long = fields.first(where: { $0.utf8.count > maxFieldLength }) {
                error(.outOfRange, "a field is longer than \(maxFieldLength) bytes: \"\(long.prefix(40))…\"")
                continue
            }
            guard let device = field("device") else {
                error(.missingField, "no device id")
                continue
            }
            guard let olt = field("olt") else {
                error(.missingField, "device \(device) has no OLT")
                continue
            }
            guard let ponText = field("pon"), let pon = UInt32(ponText) else {
                error(
                    .badValue,
                    "device \(device): the PON must be the PON interface number (intf-id), e.g. 3",
                    hint: "write `pon-3` as 3"
                )
                continue
            }
            if let first = seen[device] {
                error(.duplicateKey, "device \(device) is listed twice (first on line \(first))")
                continue
            }
            guard entries.count < maxEntries else {
                error(.outOfRange, "more than \(maxEntries) devices")
                break
            }
            seen[device] = lineNumber
            entries.append(
                TopologyEntry(
                    deviceID: device,
                    placement: PONPlacement(olt: olt, pon: String(pon)),
                    onuSerial: field("serial"),
                    model: field("model")
                )
            )
        }
        if header == nil {
            lineNumber = 1
            error(
                .missingField,
                "the file is empty",
                hint: "start it with the line \(Self.columns.joined(separator: ","))"
            )
        }
        return diagnostics.isEmpty ? (entries, []) : (nil, diagnostics)
    }

    /// The fields of one CSV line: commas separate, a field in double quotes may hold commas and
    /// `""` for a quote. Nil for an unterminated quote.
    static func splitCSV(_ line: Substring) -> [String]? {
        var fields: [String] = []
        var current = ""
        var quoted = false
        var atFieldStart = true
        var iterator = line.makeIterator()
        while let c = iterator.next() {
            if quoted {
                if c == "\"" {
                    // A doubled quote is a quote; a single one ends the quoted part.
                    var lookahead = iterator
                    if lookahead.next() == "\"" {
                        current.append("\"")
                        iterator = lookahead
                    } else {
                        quoted = false
                    }
                } else {
                    current.append(c)
                }
            } else if c == "," {
                fields.append(current)
                current = ""
                atFieldStart = true
                continue
            } else if c == "\"" && atFieldStart {
                quoted = true
            } else {
                current.append(c)
            }
            atFieldStart = false
        }
        if quoted { return nil }
        fields.append(current)
        return fields
    }
}

extension String {
    /// Without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { $0 != " " && $0 != "\t" }),
            let last = scalars.lastIndex(where: { $0 != " " && $0 != "\t" })
        else { return "" }
        return String(scalars[first...last])
    }
}
