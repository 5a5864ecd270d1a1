/// URI percent-encoding (RFC 3986 section 2.1): every UTF-8 byte outside the unreserved characters
/// (`A–Z a–z 0–9 - . _ ~`, section 2.3) and the ones a caller keeps becomes `%` and two upper-case
/// hex digits.
///
/// ```swift
/// PercentEncoding.encode("pon 1/0:3")                       // "pon%201%2F0%3A3"
/// PercentEncoding.encode("Fixtures/a b.xml", keeping: "/")  // "Fixtures/a%20b.xml"
/// ```
public enum PercentEncoding {
    /// `text` percent-encoded, keeping the unreserved characters and the ASCII characters of `kept`.
    public static func encode(_ text: String, keeping kept: String = "") -> String {
        let kept = Set(kept.utf8)
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            case _ where kept.contains(byte) && byte < 0x80:
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += "%" + String(hexDigits[Int(byte >> 4)]) + String(hexDigits[Int(byte & 0xF)])
            }
        }
        return out
    }

    private static let hexDigits = Array("0123456789ABCDEF")
}
