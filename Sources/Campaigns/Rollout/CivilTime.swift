import FerruleCore
import Foundation

/// Wall-clock time arithmetic: ISO 8601 texts, days since the epoch, and the instants a local
/// time maps to in an IANA zone (none in a spring-forward gap, two in a fall-back overlap).
///
/// "Wall seconds" are a local date and time counted as if it were UTC: 2026-03-29 02:30 is
/// `daysFromCivil(2026, 3, 29) * 86400 + 9000`, whatever the zone.
enum CivilTime {
    /// An ISO 8601 date and time as written.
    struct Parsed: Sendable, Hashable {
        var year: Int
        var month: Int
        var day: Int
        var hour = 0
        var minute = 0
        var second = 0
        var millisecond = 0
        /// Seconds east of UTC when the text gives a zone (`Z`, `+01:00`); nil for a local time.
        var offsetSeconds: Int?
        /// Whether the text had a time of day (not only a date).
        var hasTime = false

        /// The local date and time as wall seconds.
        var wallSeconds: Double {
            Double(CivilTime.daysFromCivil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second)
                + Double(millisecond) / 1000
        }

        /// Milliseconds since the epoch, when the text gave a zone.
        var epochMilliseconds: Double? {
            offsetSeconds.map { (wallSeconds - Double($0)) * 1000 }
        }
    }

    /// Parses `YYYY-MM-DD`, optionally followed by `T` (or a space) and `HH:MM[:SS[.fff…]]`, then
    /// optionally `Z` or `±HH[:MM]`. Nil when the text is not such a time or names an impossible
    /// date (`2026-02-30`).
    static func parse(_ text: String) -> Parsed? {
        let c = Array(text.utf8)
        var i = 0
        func digits(_ n: Int) -> Int? {
            guard i + n <= c.count else { return nil }
            var v = 0
            for k in i..<(i + n) {
                guard c[k] >= 0x30, c[k] <= 0x39 else { return nil }
                v = v * 10 + Int(c[k] - 0x30)
            }
            i += n
            return v
        }
        func accept(_ byte: UInt8) -> Bool {
            guard i < c.count, c[i] == byte else { return false }
            i += 1
            return true
        }
        guard let year = digits(4), accept(UInt8(ascii: "-")), let month = digits(2), accept(UInt8(ascii: "-")),
            let day = digits(2)
        else { return nil }
        var parsed = Parsed(year: year, month: month, day: day)
        if accept(UInt8(ascii: "T")) || accept(UInt8(ascii: "t")) || accept(UInt8(ascii: " ")) {
            guard let hour = digits(2), accept(UInt8(ascii: ":")), let minute = digits(2) else { return nil }
            parsed.hour = hour
            parsed.minute = minute
            parsed.hasTime = true
            if accept(UInt8(ascii: ":")) {
                guard let second = digits(2) else { return nil }
                parsed.second = second
                if accept(UInt8(ascii: ".")) || accept(UInt8(ascii: ",")) {
                    var scale = 100
                    var fraction = 0
                    var count = 0
                    while i < c.count, c[i] >= 0x30, c[i] <= 0x39 {
                        fraction += Int(c[i] - 0x30) * scale
                        scale /= 10
                        count += 1
                        i += 1
                    }
                    guard count > 0 else { return nil }
                    parsed.millisecond = fraction
                }
            }
        }
        if accept(UInt8(ascii: "Z")) || accept(UInt8(ascii: "z")) {
            parsed.offsetSeconds = 0
        } else if i < c.count, c[i] == UInt8(ascii: "+") || c[i] == UInt8(ascii: "-") {
            let sign = c[i] == UInt8(ascii: "-") ? -1 : 1
            i += 1
            guard let hours = digits(2) else { return nil }
            var minutes = 0
            if accept(UInt8(ascii: ":")) {
                guard let m = digits(2) else { return nil }
                minutes = m
            } else if i < c.count {
                guard let m = digits(2) else { return nil }
                minutes = m
            }
            guard hours <= 14, minutes < 60 else { return nil }
            parsed.offsetSeconds = sign * (hours * 3600 + minutes * 60)
        }
        guard i == c.count, (1...12).contains(month), (1...daysIn(year, month)).contains(day),
            parsed.hour < 24, parsed.minute < 60, parsed.second < 60
        else { return nil }
        return parsed
    }

    static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    static func daysIn(_ year: Int, _ month: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days from 1970-01-01 to the date (negative before), proleptic Gregorian.
    static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        Int(CivilDays.days(year: Int64(year), month: Int64(month), day: Int64(day)))
    }

    /// The ISO weekday (1 = Monday … 7 = Sunday) of a day number (days since 1970-01-01, a Thursday).
    static func isoWeekday(ofDay day: Int) -> Int {
        ((day % 7 + 7) % 7 + 3) % 7 + 1
    }

    /// The wall seconds `epochMilliseconds` shows in `zone`.
    static func wallSeconds(atMilliseconds epochMilliseconds: Double, in zone: TimeZone) -> Double {
        let date = Date(timeIntervalSince1970: epochMilliseconds / 1000)
        return epochMilliseconds / 1000 + Double(zone.secondsFromGMT(for: date))
    }

    /// The instants (milliseconds since the epoch, ascending) at which clocks in `zone` show
    /// `wall` seconds: one normally, none in a gap (spring forward), two in an overlap (fall back).
    static func instants(ofWallSeconds wall: Double, in zone: TimeZone) -> [Double] {
        var offsets = Set<Int>()
        for delta in [-86_400.0, 0, 86_400] {
            offsets.insert(zone.secondsFromGMT(for: Date(timeIntervalSince1970: wall + delta)))
        }
        var out: [Double] = []
        for offset in offsets {
            let t = wall - Double(offset)
            if zone.secondsFromGMT(for: Date(timeIntervalSince1970: t)) == offset { out.append(t * 1000) }
        }
        return out.sorted()
    }

    /// `2026-12-01T01:00:00.000Z`: the form GenieACS and JavaScript parse without ambiguity.
    static func isoText(milliseconds: Double) -> String {
        let totalMs = Int((milliseconds).rounded(.down))
        let ms = ((totalMs % 1000) + 1000) % 1000
        let totalSeconds = (totalMs - ms) / 1000
        let secondsOfDay = ((totalSeconds % 86_400) + 86_400) % 86_400
        let days = (totalSeconds - secondsOfDay) / 86_400
        let (y, m, d) = civilFromDays(days)
        func pad(_ v: Int, _ n: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, n - s.count)) + s
        }
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(secondsOfDay / 3600, 2)):"
            + "\(pad(secondsOfDay / 60 % 60, 2)):\(pad(secondsOfDay % 60, 2)).\(pad(ms, 3))Z"
    }

    /// The date of a day number (inverse of ``daysFromCivil(_:_:_:)``).
    static func civilFromDays(_ days: Int) -> (Int, Int, Int) {
        let date = CivilDays.date(ofDay: Int64(days))
        return (Int(date.year), Int(date.month), Int(date.day))
    }
}
