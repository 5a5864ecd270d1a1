import FerruleCore

/// URL building for the NBI: path segments and query strings (GenieACS 1.2.16 lib/nbi.ts:18-31).
enum NBIPath {
    /// Percent-encodes a path segment: every byte outside `[A-Za-z0-9_-]` becomes `%XX`.
    ///
    /// GenieACS matches routes on the raw segment (ids accept `[A-Za-z0-9_%-]`) and then
    /// `decodeURIComponent`s it, so dots, spaces and slashes must be encoded. A device id already
    /// holds `%XX` escapes, so its `%` is encoded again: `%2D` travels as `%252D` (GenieACS 1.2.16 lib/nbi.ts:18-31).
    static func segment(_ raw: String) -> String {
        var out = ""
        out.reserveCapacity(raw.utf8.count)
        for byte in raw.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += "%" + GenieACSDeviceID.hex(byte)
            }
        }
        return out
    }

    /// Percent-encodes a query-string value (everything outside RFC 3986's unreserved set).
    static func queryValue(_ raw: String) -> String { PercentEncoding.encode(raw) }

    /// `?a=b&c=d`, or empty; items with a nil value are presence flags (`?connection_request`).
    static func query(_ items: [(String, String?)]) -> String {
        guard !items.isEmpty else { return "" }
        return "?"
            + items.map { name, value in value.map { "\(name)=\(queryValue($0))" } ?? name }.joined(separator: "&")
    }
}
