/// Input text made fit for a one-line message on a terminal.
///
/// Messages quote what the user wrote (a value, a key, a path). That text may be megabytes long
/// or hold control bytes that would move the cursor or ring the bell: ``value(_:limit:)``
/// shortens it and ``escaped(_:)`` writes control characters as Swift escapes.
///
/// ```swift
/// DisplayText.value(String(repeating: "A", count: 5_242_880))
/// // "AAAA…A… (5,242,880 bytes)" — the first 80 characters, then the size
/// DisplayText.escaped("ssid\u{1B}[2J")   // "ssid\u{1B}[2J" with the escape written out
/// ```
public enum DisplayText {
    /// How many characters of a quoted value a message shows.
    public static let valueLimit = 80
    /// How many characters of a whole message or hint are shown.
    public static let lineLimit = 2000

    /// A value quoted in a message: ``escapedValue(_:)`` (backslashes too, so `a` + BEL and the
    /// text `a\u{7}` read apart) and, when longer than `limit` characters, cut to its first `limit`
    /// characters followed by `… (N bytes)` with the full UTF-8 size.
    public static func value(_ text: String, limit: Int = valueLimit) -> String {
        shortened(text, limit: limit, escapedValue)
    }

    /// A message or hint: control characters escaped (``escaped(_:)``) and the whole cut at
    /// `limit` (``lineLimit``). The values in it were quoted with ``value(_:limit:)`` when it was
    /// made, so its backslashes are left as they are; so is text already quoted with its backslashes
    /// escaped (`String(reflecting:)`, `debugDescription`).
    public static func line(_ text: String, limit: Int = lineLimit) -> String { shortened(text, limit: limit, escaped) }

    private static func shortened(_ text: String, limit: Int, _ escape: (String) -> String) -> String {
        var shown = ""
        var count = 0
        for character in text {
            if count == limit {
                return escape(shown) + "… (\(grouped(text.utf8.count)) bytes)"
            }
            shown.append(character)
            count += 1
        }
        return escape(shown)
    }

    /// ``escaped(_:)`` with every backslash written `\\` as well: for a value taken from input (a
    /// device's, a file's), where an escape shown must never be text that only looks like one.
    /// ``escaped(_:)`` itself leaves backslashes alone: it is applied again to whole lines that
    /// already hold escaped values, and must not escape their escapes a second time.
    public static func escapedValue(_ text: String) -> String {
        guard text.unicodeScalars.contains("\\") else { return escaped(text) }
        var doubled = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar == "\\" { doubled.append(scalar) }
            doubled.append(scalar)
        }
        return escaped(String(doubled))
    }

    /// `text` with every control character (C0, DEL, C1) and every bidirectional embedding,
    /// override or isolate (U+202A–U+202E, U+2066–U+2069: they reorder what a terminal or a
    /// browser shows after them) written as `\n`, `\t`, `\r`, `\0` or `\u{…}`; everything else
    /// unchanged.
    public static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            guard isControl(scalar) else {
                out.unicodeScalars.append(scalar)
                continue
            }
            switch scalar {
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case "\0": out += "\\0"
            default: out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            }
        }
        return out
    }

    /// `5242880` → `5,242,880`.
    public static func grouped(_ number: Int) -> String {
        let digits = String(number.magnitude)
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return number < 0 ? "-" + out : out
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || (0x202A...0x202E).contains(scalar.value)
            || (0x2066...0x2069).contains(scalar.value)
    }
}
