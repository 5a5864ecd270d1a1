public import Foundation

/// IANA time zone names as campaigns take them: one lookup for the reader, windows and schedules.
public enum IANAZone {
    /// The zone named `name`, nil unless `name` is exactly an IANA name Foundation knows: at most
    /// 64 characters of letters, digits, `/`, `_`, `+`, `-`. Foundation's lookup alone is not
    /// enough: it reads the name as a C string, so after `Asia/Tokyo` has been used once
    /// `"Asia/Tokyo\u{0}junk"` found the cached Tokyo (and the name with its NUL was stored).
    public static func named(_ name: String) -> TimeZone? {
        guard (1...64).contains(name.utf8.count), name.utf8.allSatisfy(isNameByte) else { return nil }
        guard let zone = TimeZone(identifier: name) else { return nil }
        return zone
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "/"), UInt8(ascii: "_"), UInt8(ascii: "+"),
            UInt8(ascii: "-"):
            true
        default: false
        }
    }
}
