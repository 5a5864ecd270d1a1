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

    /// `text` escaped and, when longer than `limit` characters, cut to its first `limit`
    /// characters followed by `… (N bytes)` with the full UTF-8 size.
    public static func value(_ text: String, limit: Int = valueLimit) -> String {
        var shown = ""
        var count = 0
        for character in text {
            if count == limit {
                return escaped(shown) + "… (\(grouped(text.utf8.count)) bytes)"
            }
            shown.append(character)
            count += 1
        }
        return escaped(shown)
    }

    /// A message or hint: control characters escaped and the whole cut at ``lineLimit``.
    public static func line(_ text: String) -> String { value(text, limit: lineLimit) }

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
