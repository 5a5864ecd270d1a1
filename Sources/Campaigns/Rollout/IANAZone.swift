public import Foundation

/// IANA time zone names as campaigns take them: one lookup for the reader, windows and schedules.
public enum IANAZone {
    /// The zone named `name`, nil unless `name` is exactly an IANA name Foundation knows: at most
    /// 64 characters of letters, digits, `/`, `_`, `+`, `-`. Foundation's lookup alone is not
    /// enough: it reads the name as a C string, so after `Asia/Tokyo` has been used once
    /// `"Asia/Tokyo\u{0}junk"` found the cached Tokyo (and the name with its NUL was stored).
    ///
    /// Foundation also reads offsets of its own (`GMT+5`, `UTC+5`, `GMT+0500`) as UTC+5, where the
    /// IANA zone `Etc/GMT+5` is UTC−5 (POSIX inverts the sign): such a name is no IANA name and is
    /// refused, as is any name whose zone Foundation knows under another identifier (`UTC` alone
    /// is kept: Foundation calls it `GMT`).
    public static func named(_ name: String) -> TimeZone? {
        guard (1...64).contains(name.utf8.count), name.utf8.allSatisfy(isNameByte) else { return nil }
        guard offsetSpelling(name) == nil, let zone = TimeZone(identifier: name) else { return nil }
        guard zone.identifier == name || name == "UTC" else { return nil }
        return zone
    }

    /// For a name Foundation would read as an offset from UTC (`GMT+5`, `UTC-03`, `GMT+0530`), the
    /// offset it means, in hours east of UTC, as the IANA zone that has it when there is one
    /// (`Etc/GMT-5` for `UTC+5`); nil for any other name.
    public static func offsetSpelling(_ name: String) -> (hoursEast: String, ianaName: String?)? {
        guard name.hasPrefix("GMT") || name.hasPrefix("UTC") else { return nil }
        let rest = name.dropFirst(3)
        guard let sign = rest.first, sign == "+" || sign == "-" else { return nil }
        let digits = rest.dropFirst()
        guard (1...4).contains(digits.count), digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else {
            return nil
        }
        let hours = digits.count <= 2 ? Int(digits) : Int(digits.dropLast(2))
        let minutes = digits.count <= 2 ? 0 : Int(digits.suffix(2)) ?? 0
        guard let hours else { return nil }
        let text = "UTC\(sign)\(hours)" + (minutes == 0 ? "" : String(format: ":%02d", minutes))
        guard minutes == 0, hours <= 14 else { return (text, nil) }
        // Etc/GMT-14 … Etc/GMT+12 exist (tzdata's etcetera file); their sign is the opposite.
        let iana = hours == 0 ? "UTC" : "Etc/GMT\(sign == "+" ? "-" : "+")\(hours)"
        guard hours == 0 || (sign == "+" ? hours <= 14 : hours <= 12) else { return (text, nil) }
        return (text, iana)
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
