import CWMP

extension Finding {
    /// One line for people: `Device.WiFi.Radio.1.Channel = 999: expected 1..255 (TR-181 2.17)`.
    ///
    /// Control characters in the value are escaped and values longer than 160 characters are cut
    /// (the full value is in the JSON output).
    public var message: String {
        var text = path
        if let value { text += " = " + Self.shown(value) }
        text += ": expected \(expected)"
        if let model, !expected.contains(model) { text += " (\(model))" }
        return text
    }

    /// The file the finding is in: its own location's file, else `file`.
    func file(default file: String) -> String { location?.file ?? file }

    /// `file:12:5:` (XML, with the element's column), `file:12:`, `file:row 14:` (a CSV row without a line) or `file:`; the file name shortened
    /// and escaped (``TreeValidationRun/shown(_:)``).
    func prefix(default file: String) -> String {
        let name = TreeValidationRun.shown(self.file(default: file))
        if let line = location?.line { return "\(name):\(line):" + (location?.column.map { "\($0):" } ?? "") }
        if let row = location?.row { return "\(name):row \(row):" }
        return "\(name):"
    }

    private static func shown(_ value: String) -> String {
        if value.isEmpty { return "\"\"" }
        var out = ""
        var count = 0
        for scalar in value.unicodeScalars {
            if count == 160 {
                out += "…"
                break
            }
            count += 1
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                out += "\\u{" + String(scalar.value, radix: 16) + "}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
