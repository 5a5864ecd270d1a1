import FerruleCore
public import Foundation

/// A cron expression as GenieACS's preset schedules use it, validated strictly.
///
/// GenieACS (`lib/scheduling.ts`) splits the cron on whitespace, puts `*` in front of a 5-field cron
/// as its seconds, and hands it to later.js in UTC. So:
/// - 5 fields are `minute hour day-of-month month day-of-week` (seconds `*`); later.js steps in the
///   smallest field not written `*`, and its previous tick is the start of that unit
///   (``tickStart(ofSecond:)``): `0 3 * * *` ticks at 03:00:00, `* 3 * * *` at 03:00:00 for the hour;
/// - 6 fields are `second minute hour day-of-month month day-of-week`;
/// - day-of-month and day-of-week must both match (later.js ANDs them; classic cron ORs them);
/// - times are UTC.
///
/// Each field is `*`, or a comma list of `n`, `a-b`, `*/s`, `a-b/s` or `a/s` (from `a` to the
/// field's maximum). Months take `JAN`–`DEC` and days of week `SUN`–`SAT` (0–6, Sunday is 0),
/// case-insensitively; `?` is `*` in the two day fields. Refused, because later.js would misread
/// them: values out of range, a day of week of 7, backwards ranges (`FRI-MON`), steps of 0, names in
/// the wrong field, `L`, `W`, `#`, macros such as `@daily`, a 7th (year) field, and crons that can never
/// fire (`0 0 30 2 *`).
public struct CronExpression: Sendable, Hashable, CustomStringConvertible {
    /// The fields of a cron, seconds first.
    public enum Field: String, Sendable, Hashable, CaseIterable {
        case second, minute, hour, dayOfMonth, month, dayOfWeek

        /// `day-of-month`.
        public var displayName: String {
            switch self {
            case .second: "second"
            case .minute: "minute"
            case .hour: "hour"
            case .dayOfMonth: "day-of-month"
            case .month: "month"
            case .dayOfWeek: "day-of-week"
            }
        }

        /// The values the field accepts.
        public var range: ClosedRange<Int> {
            switch self {
            case .second, .minute: 0...59
            case .hour: 0...23
            case .dayOfMonth: 1...31
            case .month: 1...12
            case .dayOfWeek: 0...6
            }
        }

        fileprivate var names: [String] {
            switch self {
            case .month: ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
            case .dayOfWeek: ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]
            default: []
            }
        }

        /// The first value a name stands for (`JAN` is 1, `SUN` 0).
        fileprivate var firstNameValue: Int { self == .month ? 1 : 0 }
    }

    /// The fields as written, separated by single spaces.
    public let text: String
    /// Whether the cron was written with a seconds field (6 fields).
    public let hasSeconds: Bool
    /// The unit later.js steps a schedule in: the smallest field written as something other than
    /// `*` or `?` (``tickStart(ofSecond:)``).
    public let tickUnit: Field
    private let masks: [UInt64]

    /// Parses and validates a cron of 5 or 6 fields.
    ///
    /// - Throws: ``CronError`` naming the field, the offset and what is wrong.
    public init(_ text: String) throws(CronError) {
        try self.init(text, baseOffset: 0)
    }

    init(_ text: String, baseOffset: Int) throws(CronError) {
        let words = Self.words(text, baseOffset: baseOffset)
        guard !words.isEmpty else {
            throw CronError(
                field: nil,
                message: "the cron is empty",
                offset: baseOffset,
                hint: "write 5 fields (minute hour day-of-month month day-of-week) or 6 (seconds first)"
            )
        }
        if let macro = words.first, macro.text.hasPrefix("@") {
            throw CronError(
                field: nil,
                message: "macros such as \(macro.text) are not cron fields later.js reads",
                offset: macro.offset,
                hint: "write the fields, e.g. 0 0 * * * for @daily"
            )
        }
        guard words.count == 5 || words.count == 6 else {
            throw CronError(
                field: nil,
                message: "a cron has 5 or 6 fields, not \(words.count)",
                offset: words.count > 6 ? words[6].offset : baseOffset,
                hint: words.count == 7
                    ? "later.js would read a 7th field as a year; Ferrule does not support years"
                    : "write minute hour day-of-month month day-of-week, optionally with seconds first"
            )
        }
        hasSeconds = words.count == 6
        let fields: [Field] = hasSeconds ? Field.allCases : Array(Field.allCases.dropFirst())
        var masks = [UInt64](repeating: 0, count: Field.allCases.count)
        masks[Field.second.index] = Self.fullMask(.second)
        for (field, word) in zip(fields, words) {
            masks[field.index] = try Self.parseField(word.text, field: field, offset: word.offset)
        }
        self.masks = masks
        self.text = words.map(\.text).joined(separator: " ")
        tickUnit = Self.tickUnit(Dictionary(uniqueKeysWithValues: zip(fields, words.map(\.text))))
        try checkCanFire(offset: words[fields.firstIndex(of: .dayOfMonth) ?? 0].offset)
    }

    public var description: String { text }

    /// The values a field allows, ascending (the seconds of a 5-field cron are 0–59).
    public func values(of field: Field) -> [Int] {
        field.range.filter { masks[field.index] & (1 << UInt64($0)) != 0 }
    }

    // MARK: Firing times

    /// Whether the cron fires at the second containing `date` (UTC).
    public func matches(_ date: Date) -> Bool {
        matches(secondsSince1970: Self.floorSeconds(date))
    }

    /// The first tick strictly after `date`, or nil if there is none within 400 years.
    public func nextFire(after date: Date) -> Date? {
        nextFire(afterSecond: Self.floorSeconds(date)).map { Date(timeIntervalSince1970: Double($0)) }
    }

    /// The last second at or before `date` the cron matches, or nil if there is none within 400
    /// years; GenieACS's `scheduling.cron` `prev` is the start of its tick (``tickStart(ofSecond:)``).
    public func lastFire(atOrBefore date: Date) -> Date? {
        lastFire(atOrBeforeSecond: Self.floorSeconds(date)).map { Date(timeIntervalSince1970: Double($0)) }
    }

    func matches(secondsSince1970 t: Int64) -> Bool {
        let c = CivilTime(t)
        return has(.month, c.month) && has(.dayOfMonth, c.day) && has(.dayOfWeek, c.weekday) && has(.hour, c.hour)
            && has(.minute, c.minute) && has(.second, c.second)
    }

    func nextFire(afterSecond start: Int64) -> Int64? {
        var t = start + 1
        let limit = start + 400 * 366 * 86400
        while t <= limit {
            let c = CivilTime(t)
            if !has(.month, c.month) {
                t = CivilTime.firstSecondOfMonth(year: c.month == 12 ? c.year + 1 : c.year, month: c.month % 12 + 1)
            } else if !has(.dayOfMonth, c.day) || !has(.dayOfWeek, c.weekday) {
                t = (c.days + 1) * 86400
            } else if !has(.hour, c.hour) {
                t = c.days * 86400 + Int64(c.hour + 1) * 3600
            } else if !has(.minute, c.minute) {
                t = c.days * 86400 + Int64(c.hour) * 3600 + Int64(c.minute + 1) * 60
            } else if !has(.second, c.second) {
                t += 1
            } else {
                return t
            }
        }
        return nil
    }

    func lastFire(atOrBeforeSecond start: Int64) -> Int64? {
        var t = start
        let limit = start - 400 * 366 * 86400
        while t >= limit {
            let c = CivilTime(t)
            if !has(.month, c.month) {
                t = CivilTime.firstSecondOfMonth(year: c.year, month: c.month) - 1
            } else if !has(.dayOfMonth, c.day) || !has(.dayOfWeek, c.weekday) {
                t = c.days * 86400 - 1
            } else if !has(.hour, c.hour) {
                t = c.days * 86400 + Int64(c.hour) * 3600 - 1
            } else if !has(.minute, c.minute) {
                t = c.days * 86400 + Int64(c.hour) * 3600 + Int64(c.minute) * 60 - 1
            } else if !has(.second, c.second) {
                t -= 1
            } else {
                return t
            }
        }
        return nil
    }

    /// The start of the tick of later.js 4.2.0 (GenieACS's scheduler) that contains second `t`.
    ///
    /// later.js keeps a constraint only for a field not written `*` or `?` (`parseExpr` in
    /// later.parse.cron; `* * * * * *` is first rewritten `0/1 * * * * *`), steps in the unit of the
    /// smallest such field (`later.compile`'s `tickConstraint`), and `prev()` returns the start of the
    /// tick holding the last match (`getStart` → `tickStart`). GenieACS puts `*` in front of a
    /// 5-field cron as its seconds (lib/scheduling.ts:26-31 at v1.2.16), so `0 3 * * *` ticks in
    /// minutes: its previous tick at 03:00:30 starts at 03:00:00; `* 3 * * *` ticks in hours, so at
    /// 03:20 it started at 03:00:00; `* * * * 1` ticks in days, starting Monday 00:00:00.
    public func tickStart(ofSecond t: Int64) -> Int64 {
        let c = CivilTime(t)
        let minute = c.days * 86400 + Int64(c.hour) * 3600 + Int64(c.minute) * 60
        switch tickUnit {
        case .second: return t
        case .minute: return minute
        case .hour: return minute - Int64(c.minute) * 60
        case .dayOfMonth, .dayOfWeek: return c.days * 86400
        case .month: return CivilTime.firstSecondOfMonth(year: c.year, month: c.month)
        }
    }

    /// The tick unit of a cron whose fields are written `written`: the smallest constrained one.
    private static func tickUnit(_ written: [Field: String]) -> Field {
        let all = Field.allCases.map { written[$0] ?? "*" }
        // later.parse.cron's one rewrite that applies here: every field `*` means every second.
        if all.allSatisfy({ $0 == "*" }) { return .second }
        let bySize: [Field] = [.second, .minute, .hour, .dayOfMonth, .dayOfWeek, .month]
        return bySize.first { written[$0].map { $0 != "*" && $0 != "?" } ?? false } ?? .second
    }

    private func has(_ field: Field, _ value: Int) -> Bool {
        masks[field.index] & (1 << UInt64(value)) != 0
    }

    static func floorSeconds(_ date: Date) -> Int64 {
        Int64(date.timeIntervalSince1970.rounded(.down))
    }

    // MARK: Parsing

    private struct Word {
        var text: String
        var offset: Int
    }

    /// Splits on whitespace (JavaScript's `\s`, as GenieACS's `split(/\s+/)`), keeping UTF-8 offsets.
    private static func words(_ text: String, baseOffset: Int) -> [Word] {
        var words: [Word] = []
        var current = ""
        var start = 0
        var offset = baseOffset
        for scalar in text.unicodeScalars {
            if JavaScript.isWhitespace(scalar) {
                if !current.isEmpty { words.append(Word(text: current, offset: start)) }
                current = ""
            } else {
                if current.isEmpty { start = offset }
                current.unicodeScalars.append(scalar)
            }
            offset += String(scalar).utf8.count
        }
        if !current.isEmpty { words.append(Word(text: current, offset: start)) }
        return words
    }

    private static func fullMask(_ field: Field) -> UInt64 {
        field.range.reduce(0) { $0 | (1 << UInt64($1)) }
    }

    private static func parseField(_ text: String, field: Field, offset: Int) throws(CronError) -> UInt64 {
        var mask: UInt64 = 0
        var itemOffset = offset
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            if item.isEmpty {
                throw CronError(
                    field: field,
                    message: "empty item in the list '\(text)'",
                    offset: itemOffset,
                    hint: "separate values with single commas"
                )
            }
            mask |= try parseItem(String(item), field: field, offset: itemOffset)
            itemOffset += item.utf8.count + 1
        }
        return mask
    }

    private static func parseItem(_ item: String, field: Field, offset: Int) throws(CronError) -> UInt64 {
        func failure(_ message: String, _ hint: String? = nil, at extra: Int = 0) -> CronError {
            CronError(field: field, message: message, offset: offset + extra, hint: hint)
        }
        if item == "?" {
            guard field == .dayOfMonth || field == .dayOfWeek else {
                throw failure("'?' is only allowed in the day-of-month and day-of-week fields", "use *")
            }
            return fullMask(field)
        }
        var rangePart = Substring(item)
        var step = 1
        var stepGiven = false
        if let slash = item.firstIndex(of: "/") {
            rangePart = item[..<slash]
            let stepText = item[item.index(after: slash)...]
            let stepOffset = item.utf8.distance(from: item.startIndex, to: slash) + 1
            guard !stepText.isEmpty, stepText.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(stepText)
            else {
                throw failure("step '\(stepText)' in '\(item)' is not a whole number", nil, at: stepOffset)
            }
            guard value >= 1 else {
                throw failure(
                    "a step of 0 in '\(item)' never advances",
                    "later.js would use 1; write */1 or *",
                    at: stepOffset
                )
            }
            guard value <= field.range.count else {
                throw failure(
                    "step \(value) in '\(item)' is larger than the \(field.displayName) range \(rangeText(field))",
                    nil,
                    at: stepOffset
                )
            }
            step = value
            stepGiven = true
        }
        var low = field.range.lowerBound
        var high = field.range.upperBound
        if rangePart == "*" {
            // the whole range
        } else if rangePart.isEmpty {
            throw failure("'\(item)' has no value before '/'", "write */\(step) or a range such as 0-30/\(step)")
        } else if let dash = rangePart.firstIndex(of: "-"), dash != rangePart.startIndex {
            let lowText = rangePart[..<dash]
            let highText = rangePart[rangePart.index(after: dash)...]
            let highOffset = rangePart.utf8.distance(from: rangePart.startIndex, to: dash) + 1
            low = try value(String(lowText), field: field, offset: offset)
            high = try value(String(highText), field: field, offset: offset + highOffset)
            guard low <= high else {
                throw failure(
                    "range '\(rangePart)' runs backwards: later.js does not wrap around and would match nothing",
                    "split it, e.g. \(lowText)-\(field.range.upperBound),\(field.range.lowerBound)-\(highText)"
                )
            }
        } else {
            low = try value(String(rangePart), field: field, offset: offset)
            high = stepGiven ? field.range.upperBound : low
        }
        var mask: UInt64 = 0
        var v = low
        while v <= high {
            mask |= 1 << UInt64(v)
            v += step
        }
        return mask
    }

    private static func value(_ text: String, field: Field, offset: Int) throws(CronError) -> Int {
        if !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }) {
            guard let number = Int(text), field.range.contains(number) else {
                var hint =
                    "later.js would "
                    + (Int(text).map { $0 > field.range.upperBound } ?? true
                        ? "use \(field.range.upperBound) instead" : "never match it")
                if field == .dayOfWeek && text == "7" {
                    hint = "later.js reads 7 as Saturday, not Sunday; write 0 or SUN for Sunday"
                }
                throw CronError(
                    field: field,
                    message: "\(text) is out of range \(rangeText(field))",
                    offset: offset,
                    hint: hint
                )
            }
            return number
        }
        let upper = text.uppercased()
        if let index = field.names.firstIndex(of: upper) { return field.firstNameValue + index }
        for other in Field.allCases where other != field && other.names.contains(upper) {
            throw CronError(
                field: field,
                message: "\(upper) is a \(other.displayName) name, not a \(field.displayName)",
                offset: offset,
                hint: "names are allowed only in their own field"
            )
        }
        if upper.contains(where: { $0 == "L" || $0 == "W" || $0 == "#" }) {
            throw CronError(
                field: field,
                message: "'\(text)': later.js's L, W and # forms are not supported",
                offset: offset,
                hint: "list the days instead"
            )
        }
        if text.hasPrefix("-") {
            throw CronError(
                field: field,
                message: "negative value '\(text)'",
                offset: offset,
                hint: "values are \(rangeText(field))"
            )
        }
        let names = field.names.isEmpty ? "" : " or a name \(field.names.first ?? "")–\(field.names.last ?? "")"
        throw CronError(
            field: field,
            message: "'\(text)' is not a number\(names)",
            offset: offset,
            hint: "values are \(rangeText(field))"
        )
    }

    private static func rangeText(_ field: Field) -> String {
        "\(field.range.lowerBound)–\(field.range.upperBound)"
    }

    /// Refuses a cron whose day-of-month is in none of its months (`30 2`, `31 4,6,9,11`).
    private func checkCanFire(offset: Int) throws(CronError) {
        let lengths = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        for month in values(of: .month) where values(of: .dayOfMonth).contains(where: { $0 <= lengths[month - 1] }) {
            return
        }
        throw CronError(
            field: .dayOfMonth,
            message: "the cron never fires: no chosen day of month exists in the chosen months",
            offset: offset,
            hint: "GenieACS would never activate the preset"
        )
    }
}

extension CronExpression.Field {
    fileprivate var index: Int {
        switch self {
        case .second: 0
        case .minute: 1
        case .hour: 2
        case .dayOfMonth: 3
        case .month: 4
        case .dayOfWeek: 5
        }
    }
}

/// A UTC date and time from seconds since the epoch (Howard Hinnant's civil-from-days).
struct CivilTime {
    var days: Int64
    var year: Int64
    var month: Int
    var day: Int
    var hour: Int
    var minute: Int
    var second: Int
    /// 0 = Sunday.
    var weekday: Int

    init(_ t: Int64) {
        let days = t >= 0 ? t / 86400 : (t - 86399) / 86400
        let secondOfDay = Int(t - days * 86400)
        self.days = days
        hour = secondOfDay / 3600
        minute = secondOfDay / 60 % 60
        second = secondOfDay % 60
        weekday = Int(((days + 4) % 7 + 7) % 7)
        let date = CivilDays.date(ofDay: days)
        year = date.year
        month = Int(date.month)
        day = Int(date.day)
    }

    static func daysFromCivil(year: Int64, month: Int, day: Int) -> Int64 {
        CivilDays.days(year: year, month: Int64(month), day: Int64(day))
    }

    static func firstSecondOfMonth(year: Int64, month: Int) -> Int64 {
        daysFromCivil(year: year, month: month, day: 1) * 86400
    }
}
