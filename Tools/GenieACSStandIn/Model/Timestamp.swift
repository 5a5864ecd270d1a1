import FerruleCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Milliseconds since the Unix epoch, the stand-in's one time unit, with the ISO 8601 text GenieACS puts on the
/// wire for dates (GenieACS 1.2.16 lib/nbi.ts:693-696: "dates (ISO strings on the NBI)").
enum Timestamp {
    /// The wall-clock time now, in milliseconds.
    static func now() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000
    }

    /// `2024-03-18T06:00:03.512Z`, what `JSON.stringify(new Date(ms))` gives.
    static func iso(_ ms: Int64) -> String {
        let days = floorDiv(ms, 86_400_000)
        let msOfDay = ms - days * 86_400_000
        let (y, m, d) = CivilDays.date(ofDay: days)
        let h = msOfDay / 3_600_000
        let mi = msOfDay / 60_000 % 60
        let s = msOfDay / 1000 % 60
        let f = msOfDay % 1000
        var out = ""
        out.reserveCapacity(24)
        if y < 0 || y > 9999 {
            out += y < 0 ? "-" : "+"
            out += pad(abs(y), 6)
        } else {
            out += pad(y, 4)
        }
        out += "-" + pad(m, 2) + "-" + pad(d, 2) + "T" + pad(h, 2) + ":" + pad(mi, 2) + ":" + pad(s, 2) + "."
        out += pad(f, 3) + "Z"
        return out
    }

    /// Parses the date forms JavaScript's `Date.parse` accepts that matter here: ISO 8601 (`2024-03-18`,
    /// `2024-03-18T06:00:03.512Z`, with `±HH:MM` offsets) and the space-separated form GenieACS's documentation
    /// queries with (`2017-12-11 13:16:23 +0000`); also `/` as date separator and `GMT`/`UTC` zones. A date-time
    /// without a zone is read as UTC (the stand-in runs as if `TZ=UTC`).
    ///
    /// - Returns: milliseconds since the epoch, or nil when the text is not such a date.
    static func parse(_ text: String) -> Int64? {
        var s = Scanner(Array(text.utf8))
        s.skipSpaces()
        var sign: Int64 = 1
        if s.peek == UInt8(ascii: "+") || s.peek == UInt8(ascii: "-") {
            sign = s.peek == UInt8(ascii: "-") ? -1 : 1
            s.i += 1
        }
        guard let yearDigits = s.digits(min: 4, max: 6) else { return nil }
        let year = sign * yearDigits.value
        guard let sep = s.peek, sep == UInt8(ascii: "-") || sep == UInt8(ascii: "/") else { return nil }
        s.i += 1
        guard let month = s.digits(min: 1, max: 2)?.value, (1...12).contains(month) else { return nil }
        var day: Int64 = 1
        if s.peek == sep {
            s.i += 1
            guard let d = s.digits(min: 1, max: 2)?.value, (1...31).contains(d) else { return nil }
            day = d
        }
        var ms: Int64 = 0
        var offsetMinutes: Int64 = 0
        if s.peek == UInt8(ascii: "T") || s.peek == UInt8(ascii: "t") || s.peek == UInt8(ascii: " ") {
            s.i += 1
            s.skipSpaces()
            guard let h = s.digits(min: 1, max: 2)?.value, h <= 24, s.take(UInt8(ascii: ":")),
                let mi = s.digits(min: 2, max: 2)?.value, mi < 60
            else { return nil }
            var sec: Int64 = 0
            var frac: Int64 = 0
            if s.take(UInt8(ascii: ":")) {
                guard let v = s.digits(min: 2, max: 2)?.value, v < 60 else { return nil }
                sec = v
                if s.take(UInt8(ascii: ".")) || s.take(UInt8(ascii: ",")) {
                    guard let f = s.digits(min: 1, max: 9) else { return nil }
                    var scaled = f.value
                    var count = f.count
                    while count > 3 {
                        scaled /= 10
                        count -= 1
                    }
                    while count < 3 {
                        scaled *= 10
                        count += 1
                    }
                    frac = scaled
                }
            }
            ms = ((h * 60 + mi) * 60 + sec) * 1000 + frac
            s.skipSpaces()
            if let zone = s.zoneOffset() {
                offsetMinutes = zone
            } else if !s.atEnd {
                return nil
            }
        }
        s.skipSpaces()
        guard s.atEnd else { return nil }
        let days = CivilDays.days(year: year, month: month, day: day)
        return days * 86_400_000 + ms - offsetMinutes * 60_000
    }

    /// The calendar year of a time (UTC).
    static func year(_ ms: Int64) -> Int64 { CivilDays.date(ofDay: floorDiv(ms, 86_400_000)).year }

    private static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        a >= 0 ? a / b : -((-a + b - 1) / b)
    }

    private static func pad(_ v: Int64, _ width: Int) -> String {
        let digits = String(v)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    private struct Scanner {
        let b: [UInt8]
        var i = 0
        init(_ b: [UInt8]) { self.b = b }
        var peek: UInt8? { i < b.count ? b[i] : nil }
        var atEnd: Bool { i >= b.count }

        mutating func skipSpaces() {
            while i < b.count, b[i] == 0x20 || b[i] == 0x09 { i += 1 }
        }

        mutating func take(_ c: UInt8) -> Bool {
            guard peek == c else { return false }
            i += 1
            return true
        }

        mutating func digits(min: Int, max: Int) -> (value: Int64, count: Int)? {
            var v: Int64 = 0
            var n = 0
            while n < max, i < b.count, b[i] >= 0x30, b[i] <= 0x39 {
                v = v * 10 + Int64(b[i] - 0x30)
                i += 1
                n += 1
            }
            return n >= min ? (v, n) : nil
        }

        /// `Z`, `UTC`, `GMT`, `±HH:MM`, `±HHMM`, `±HH`; nil (nothing consumed) when none follows.
        mutating func zoneOffset() -> Int64? {
            let start = i
            if take(UInt8(ascii: "Z")) || take(UInt8(ascii: "z")) { return 0 }
            let rest = String(decoding: b[i...], as: UTF8.self).uppercased()
            if rest.hasPrefix("UTC") || rest.hasPrefix("GMT") {
                i += 3
                if peek != UInt8(ascii: "+") && peek != UInt8(ascii: "-") { return 0 }
            }
            guard let c = peek, c == UInt8(ascii: "+") || c == UInt8(ascii: "-") else {
                i = start
                return nil
            }
            i += 1
            guard let hh = digits(min: 2, max: 2)?.value else {
                i = start
                return nil
            }
            _ = take(UInt8(ascii: ":"))
            let mm = digits(min: 2, max: 2)?.value ?? 0
            let total = hh * 60 + mm
            return c == UInt8(ascii: "-") ? -total : total
        }
    }
}
