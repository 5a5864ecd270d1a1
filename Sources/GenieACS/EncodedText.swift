/// Lenient decoders for text an intermediary may have encoded: a WAF's or proxy's HTML error page
/// escapes the request body it quotes, a URL-encoded echo percent-encodes it. Used to find a
/// secret value in such an answer; linear in the text, never failing (what does not decode is
/// kept as it is).
enum EncodedText {
    /// `text` with HTML character references decoded: `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;`,
    /// `&nbsp;`, `&#NN;` and `&#xHH;`.
    static func htmlDecoded(_ text: String) -> String {
        guard text.contains("&") else { return text }
        let named: [Substring: Unicode.Scalar] = [
            "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}",
        ]
        var out = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        var i = 0
        while i < scalars.count {
            guard scalars[i] == "&",
                let end = scalars[(i + 1)..<min(scalars.count, i + 12)].firstIndex(of: ";")
            else {
                out.append(scalars[i])
                i += 1
                continue
            }
            let name = Substring(String(String.UnicodeScalarView(scalars[(i + 1)..<end])))
            var decoded: Unicode.Scalar?
            if let scalar = named[name] {
                decoded = scalar
            } else if name.hasPrefix("#x") || name.hasPrefix("#X") {
                decoded = UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init)
            } else if name.hasPrefix("#") {
                decoded = UInt32(name.dropFirst(), radix: 10).flatMap(Unicode.Scalar.init)
            }
            if let decoded {
                out.append(decoded)
                i = end + 1
            } else {
                out.append(scalars[i])
                i += 1
            }
        }
        return String(out)
    }

    /// `text` with `%HH` sequences decoded (and `+` as a space when `plusIsSpace`); a `%` not
    /// followed by two hex digits is kept.
    static func percentDecoded(_ text: String, plusIsSpace: Bool) -> String {
        guard text.contains("%") || (plusIsSpace && text.contains("+")) else { return text }
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "%"), i + 2 < bytes.count, let high = hex(bytes[i + 1]),
                let low = hex(bytes[i + 2])
            {
                out.append(high << 4 | low)
                i += 3
            } else {
                out.append(plusIsSpace && bytes[i] == UInt8(ascii: "+") ? UInt8(ascii: " ") : bytes[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Every decoding of `text` an echo may call for: HTML, percent (with and without `+` as a
    /// space), and each of them after the other.
    static func decodings(_ text: String) -> [String] {
        let html = htmlDecoded(text)
        var all: [String] = [html]
        for plus in [false, true] {
            let percent = percentDecoded(text, plusIsSpace: plus)
            all += [percent, htmlDecoded(percent), percentDecoded(html, plusIsSpace: plus)]
        }
        return all.filter { $0 != text }
    }

    private static func hex(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
