/// An `xsd:dateTime` as CWMP devices send it.
///
/// `0001-01-01T00:00:00Z` is TR-069's "unknown time" (``isUnknown``), not an error. A missing
/// zone is allowed (ZyXEL, Huawei B310 send local times without one): ``utcOffsetSeconds`` is nil.
public struct CWMPDateTime: Sendable, Hashable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int
    public var hour: Int
    public var minute: Int
    public var second: Int
    /// Fractional seconds as written (`202` for `.202`), empty when none.
    public var fraction: String
    /// Offset from UTC in seconds; nil when the value has no zone.
    public var utcOffsetSeconds: Int?

    /// TR-069's "unknown time" (`0001-01-01T00:00:00Z`).
    public var isUnknown: Bool { year == 1 && month == 1 && day == 1 && hour == 0 && minute == 0 && second == 0 }

    /// Seconds since 1970-01-01T00:00:00Z, treating a zone-less value as UTC.
    public var secondsSince1970: Int64 {
        // Days from civil (Howard Hinnant's algorithm).
        // XSD 1.0 has no year 0: -0001 (1 BCE) is the proleptic Gregorian year 0.
        let astronomical = year < 0 ? year + 1 : year
        let y = Int64(month <= 2 ? astronomical - 1 : astronomical)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let m = Int64(month)
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146097 + doe - 719468
        return days * 86400 + Int64(hour * 3600 + minute * 60 + second) - Int64(utcOffsetSeconds ?? 0)
    }

    /// Parses the xsd:dateTime lexical form (XML Schema 1.0 Part 2 §3.2.7); nil for anything else:
    /// seconds are 00–59 (no leap second) and a zone offset lies within -14:00…+14:00 (§3.2.7.3).
    /// The year is `'-'? yyyy` (§3.2.7.1): four or more digits, optionally negative, no leading zero
    /// beyond four digits, not `0000` (`-0001` is 1 BCE, ``year`` -1; `10000` is valid). Years of
    /// more than nine digits are refused, so the seconds since 1970 always fit.
    public init?(_ text: String) {
        let all = Array(text.utf8)
        let negative = all.first == UInt8(ascii: "-")
        var yearDigits = negative ? 1 : 0
        while yearDigits < all.count, all[yearDigits] >= 0x30, all[yearDigits] <= 0x39 { yearDigits += 1 }
        yearDigits -= negative ? 1 : 0
        let yearStart = negative ? 1 : 0
        guard (4...9).contains(yearDigits), yearDigits == 4 || all[yearStart] != UInt8(ascii: "0") else { return nil }
        // The rest is read at the offsets of a four-digit year.
        let b = Array(all[(yearStart + yearDigits - 4)...])
        func digits(_ start: Int, _ count: Int) -> Int? {
            guard start + count <= b.count else { return nil }
            var v = 0
            for i in start..<start + count {
                guard b[i] >= 0x30 && b[i] <= 0x39 else { return nil }
                v = v * 10 + Int(b[i] - 0x30)
            }
            return v
        }
        var yearValue = 0
        for byte in all[yearStart..<yearStart + yearDigits] { yearValue = yearValue * 10 + Int(byte - 0x30) }
        let year = negative ? -yearValue : yearValue
        guard b.count >= 19, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"), b[10] == UInt8(ascii: "T"),
            b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"),
            let month = digits(5, 2), let day = digits(8, 2),
            let hour = digits(11, 2), let minute = digits(14, 2), let second = digits(17, 2)
        else { return nil }
        guard (1...12).contains(month), day >= 1, day <= Self.daysIn(month: month, year: year), year != 0,
            hour <= 24, minute <= 59, second <= 59, hour < 24 || (minute == 0 && second == 0)
        else { return nil }
        var i = 19
        var fraction = ""
        if i < b.count, b[i] == UInt8(ascii: ".") {
            let start = i + 1
            i = start
            while i < b.count, b[i] >= 0x30, b[i] <= 0x39 { i += 1 }
            guard i > start else { return nil }
            fraction = String(decoding: b[start..<i], as: UTF8.self)
        }
        var offset: Int?
        if i < b.count {
            if b[i] == UInt8(ascii: "Z"), i + 1 == b.count {
                offset = 0
            } else if b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-"), i + 6 == b.count,
                b[i + 3] == UInt8(ascii: ":"), let h = digits(i + 1, 2), let m = digits(i + 4, 2), m <= 59,
                h < 14 || (h == 14 && m == 0)
            {
                offset = (h * 3600 + m * 60) * (b[i] == UInt8(ascii: "-") ? -1 : 1)
            } else {
                return nil
            }
        }
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
        self.fraction = fraction
        self.utcOffsetSeconds = offset
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        let y = year < 0 ? year + 1 : year
        return switch month {
        case 2: (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    public var description: String {
        func pad(_ v: Int, _ n: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, n - s.count)) + s
        }
        var text =
            "\(year < 0 ? "-" : "")\(pad(abs(year), 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(hour, 2)):\(pad(minute, 2)):\(pad(second, 2))"
        if !fraction.isEmpty { text += "." + fraction }
        if let offset = utcOffsetSeconds {
            if offset == 0 {
                text += "Z"
            } else {
                let a = abs(offset)
                text += (offset < 0 ? "-" : "+") + pad(a / 3600, 2) + ":" + pad(a % 3600 / 60, 2)
            }
        }
        return text
    }
}
