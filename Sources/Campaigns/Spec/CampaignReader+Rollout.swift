import FerruleCore
import Foundation
import Yams

extension CampaignReader {
    /// `rollout:` — when, how fast, in which windows and waves, and when to stop.
    mutating func rolloutSection(_ node: Node) -> Rollout? {
        guard let entries = entries(node, what: "`rollout`", keys: .rollout) else { return nil }
        let errorsBefore = errorCount
        var rollout = Rollout()
        var scheduled: (CivilTime.Parsed, Node)?
        var zone: String?
        var windows: [(MaintenanceWindow, Node)] = []
        for entry in entries {
            let value = entry.value
            switch entry.name {
            case "scheduled_at":
                guard let text = nonEmptyString(value, what: "`scheduled_at`") else { continue }
                guard let parsed = CivilTime.parse(text), parsed.hasTime else {
                    error(
                        value,
                        .badTime,
                        "`scheduled_at` \"\(text)\" is not a date and time",
                        hint:
                            "write \"2026-12-01T02:00\" (local time in `timezone`) or with an offset, \"2026-12-01T02:00+01:00\""
                    )
                    continue
                }
                // The proleptic calendars of year 0 and the far past do not round-trip, and no
                // rollout is scheduled there: such a date is a typo, not "start now".
                guard (2000...9999).contains(parsed.year) else {
                    error(
                        value,
                        .badTime,
                        "`scheduled_at` \"\(DisplayText.value(text))\" is in the year \(parsed.year)",
                        hint: "give a date from 2000 on, e.g. \"2026-12-01T02:00\""
                    )
                    continue
                }
                scheduled = (parsed, value)
            case "timezone":
                zone = timeZone(value)
            case "windows":
                guard let items = sequence(value, what: "`windows`") else { continue }
                if items.isEmpty {
                    error(value, .badWindow, "`windows` is empty", hint: "remove it to allow any time")
                }
                for item in items { if let w = window(item) { windows.append((w, item)) } }
            case "max_concurrent":
                if let n = int(value, what: "`max_concurrent`", range: 1...10_000) { rollout.maxConcurrent = n }
            case "rate_per_minute":
                if let n = int(value, what: "`rate_per_minute`", range: 1...1_000_000) { rollout.ratePerMinute = n }
            case "waves":
                if let waves = waves(value) {
                    (rollout.waves, rollout.waveLocations) = (waves.map(\.0), waves.map(\.1))
                }
            case "max_failure_rate":
                if let f = fraction(value, what: "`max_failure_rate`") { rollout.maxFailureRate = f }
            case "min_sample":
                if let n = int(value, what: "`min_sample`", range: 1...1_000_000) { rollout.minimumSample = n }
            case "retries":
                if let n = int(value, what: "`retries`", range: 0...10) { rollout.retries = n }
            case "retry_backoff":
                if let s = duration(value, what: "`retry_backoff`", range: 1...86_400) {
                    rollout.retryBackoffSeconds = s
                }
            case "device_deadline":
                // At least a minute: a connection request, a session and a Download or a
                // SetParameterValues with its read-back take longer than seconds, and a shorter
                // deadline fails devices that are upgrading fine (docs/campaigns.md).
                if let s = duration(value, what: "`device_deadline`", range: 60...2_592_000) {
                    rollout.deviceDeadlineSeconds = s
                }
            case "connection_request":
                if let b = bool(value, what: "`connection_request`") { rollout.connectionRequest = b }
            case "session_wait":
                if let s = duration(value, what: "`session_wait`", range: 1...60) { rollout.sessionWaitSeconds = s }
            case "max_per_olt", "max_per_pon", "canary_spread", "pon_health", "storm_hold":
                ponKey(entry.name, value, into: &rollout.pon)
            default:
                break
            }
        }
        let zoneGiven = entries.contains { $0.name == "timezone" }
        if let zone { rollout.timeZone = zone }
        if let scheduled {
            let (parsed, at) = scheduled
            if let ms = parsed.epochMilliseconds {
                rollout.startAt = ms
            } else if !zoneGiven {
                error(
                    at,
                    .missingTimezone,
                    "`scheduled_at` is a local time but `rollout` has no `timezone`",
                    hint: "add `timezone: Europe/Berlin` (an IANA zone), or give an offset (\"…T02:00+01:00\")"
                )
            } else if let zone, let tz = IANAZone.named(zone) {
                rollout.startAt = localInstant(parsed, tz, zone: zone, at: at)
            }
        }
        for (window, at) in windows where window.timeZone == nil && !zoneGiven {
            error(
                at,
                .missingTimezone,
                "this window has no `timezone`, and `rollout` has none",
                hint: "add `timezone: Europe/Berlin` to the window or to `rollout`"
            )
        }
        rollout.windows = windows.map(\.0)
        return errorCount == errorsBefore ? rollout : nil
    }

    /// The instant a local `scheduled_at` means in `zone`: an error in a spring-forward gap, the
    /// first of two in a fall-back overlap (with a warning).
    private mutating func localInstant(_ parsed: CivilTime.Parsed, _ tz: TimeZone, zone: String, at: Node) -> Double? {
        let candidates = CivilTime.instants(ofWallSeconds: parsed.wallSeconds, in: tz)
        guard let first = candidates.first else {
            error(
                at,
                .nonexistentTime,
                "\(at.scalar?.string ?? "this time") does not exist in \(zone): clocks jump forward over it",
                hint: "pick a time outside the daylight-saving change (e.g. an hour later)"
            )
            return nil
        }
        if candidates.count > 1 {
            warning(
                at,
                .ambiguousTime,
                "\(at.scalar?.string ?? "this time") happens twice in \(zone) (clocks go back); the first is used",
                hint: "give an offset to choose ("
                    + candidates.map { "\"…\(Self.offsetText(parsed.wallSeconds - $0 / 1000))\"" }
                    .joined(separator: " or ") + ")"
            )
        }
        return first
    }

    /// `+02:00`, `-04:00`, `+10:30` for an offset from UTC in seconds.
    static func offsetText(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        let minutes = abs(total) / 60
        let hours = String(minutes / 60)
        let rest = String(minutes % 60)
        return (total < 0 ? "-" : "+") + String(repeating: "0", count: max(0, 2 - hours.count)) + hours + ":"
            + String(repeating: "0", count: max(0, 2 - rest.count)) + rest
    }

    // MARK: - Values

    /// An IANA time zone name.
    mutating func timeZone(_ node: Node) -> String? {
        guard let name = nonEmptyString(node, what: "the time zone") else { return nil }
        guard IANAZone.named(name) != nil else {
            if let offset = IANAZone.offsetSpelling(name) {
                error(
                    node,
                    .unknownTimezone,
                    "\"\(DisplayText.value(name))\" is not an IANA time zone; read as an offset it would be "
                        + "\(offset.hoursEast)",
                    hint: offset.ianaName.map {
                        "for a fixed \(offset.hoursEast) write \"\($0)\" (POSIX inverts the sign of Etc/GMT zones), "
                            + "or a city zone, which also follows daylight saving"
                    } ?? "write a city zone (e.g. Asia/Kolkata for UTC+5:30), which also follows daylight saving"
                )
                return nil
            }
            let suggestion = DidYouMean.suggestion(forPrefix: name, among: TimeZone.knownTimeZoneIdentifiers)
            error(
                node,
                .unknownTimezone,
                "\"\(DisplayText.value(name))\" is not an IANA time zone",
                hint: suggestion.map { "did you mean \"\($0)\"?" } ?? "write e.g. Europe/Berlin, America/Sao_Paulo, UTC"
            )
            return nil
        }
        if name.hasPrefix("Etc/GMT+") || name.hasPrefix("Etc/GMT-") {
            warning(
                node,
                .invertedZone,
                "\(name) has POSIX's inverted sign: Etc/GMT+1 is UTC−1",
                hint: "prefer a city zone (Europe/Berlin), which also follows daylight saving"
            )
        }
        return name
    }

    /// `5%` or a number from 0 to 1.
    mutating func fraction(_ node: Node, what: String) -> Double? {
        if let text = node.scalar?.string, text.hasSuffix("%") { return percent(node, what: what) }
        guard isPlain(node), let value = node.float else {
            error(node, .wrongType, "expected \(what) as a percentage (`5%`) or a fraction (`0.05`)")
            return nil
        }
        guard (0...1).contains(value) else {
            error(
                node,
                .outOfRange,
                "\(what) must be a fraction from 0 to 1, not \(node.scalar?.string ?? "")",
                hint: "write `5%` or `0.05` for five percent"
            )
            return nil
        }
        return value
    }

    /// `2%`, `0.5%`, `100%` → 0.02, 0.005, 1.
    mutating func percent(_ node: Node, what: String) -> Double? {
        let text = node.scalar?.string ?? ""
        guard text.hasSuffix("%"), let number = Double(text.dropLast().trimmingCharacters(in: .whitespaces)),
            FilterComparison.isDecimal(text.dropLast().trimmingCharacters(in: .whitespaces))
        else {
            error(node, .badPercent, "\(what) \"\(text)\" is not a percentage", hint: "write e.g. `2%` or `0.5%`")
            return nil
        }
        guard (0...100).contains(number) else {
            error(node, .outOfRange, "\(what) must be between 0% and 100%, not \(text)")
            return nil
        }
        return number / 100
    }

    /// `30s`, `10m`, `2h`, `1d`, combined (`1h30m`), or seconds as a number.
    mutating func duration(_ node: Node, what: String, range: ClosedRange<Double>) -> Double? {
        guard let scalar = node.scalar else {
            error(node, .wrongType, "expected \(what) as a duration (`30s`, `10m`, `2h`)")
            return nil
        }
        let seconds: Double
        if isPlain(node), let n = node.float {
            seconds = n
        } else if let parsed = Self.parseDuration(scalar.string) {
            seconds = parsed
        } else {
            error(
                node,
                .badDuration,
                "\(what) \"\(scalar.string)\" is not a duration",
                hint: "write a number with a unit: `30s`, `10m`, `2h`, `1d`, or `1h30m`; a bare number is seconds"
            )
            return nil
        }
        guard range.contains(seconds) else {
            error(
                node,
                .outOfRange,
                "\(what) must be between \(Self.durationText(range.lowerBound)) and \(Self.durationText(range.upperBound)), not \(scalar.string)"
            )
            return nil
        }
        return seconds
    }

    static func parseDuration(_ text: String) -> Double? {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
        var total = 0.0
        var digits = ""
        var sawUnit = false
        for c in text.trimmingCharacters(in: .whitespaces) {
            if c.isNumber || c == "." {
                digits.append(c)
            } else if let unit = units[c], let n = Double(digits), !digits.isEmpty {
                total += n * unit
                digits = ""
                sawUnit = true
            } else {
                return nil
            }
        }
        return digits.isEmpty && sawUnit ? total : nil
    }

    static func durationText(_ seconds: Double) -> String {
        if seconds >= 86_400, seconds.truncatingRemainder(dividingBy: 86_400) == 0 {
            return "\(Int(seconds / 86_400))d"
        }
        if seconds >= 3600, seconds.truncatingRemainder(dividingBy: 3600) == 0 { return "\(Int(seconds / 3600))h" }
        if seconds >= 60, seconds.truncatingRemainder(dividingBy: 60) == 0 { return "\(Int(seconds / 60))m" }
        return "\(Int(seconds))s"
    }

    // MARK: - Waves

    /// `[{canary: 50}, "10%", 1000]`.
    /// Each wave's size and where it is written.
    mutating func waves(_ node: Node) -> [(WaveSize, SourceLocation)]? {
        guard let items = sequence(node, what: "`waves`") else { return nil }
        guard !items.isEmpty else {
            error(node, .badWave, "`waves` is empty", hint: "remove it for one wave of every device")
            return nil
        }
        var out: [(WaveSize, SourceLocation)] = []
        for (index, item) in items.enumerated() {
            var sizeNode = item
            if let pairs = item.mapping {
                guard pairs.count == 1, let (key, value) = pairs.first, key.string == "canary" else {
                    error(item, .badWave, "a wave is a size (`1000`, `\"10%\"`) or, first, `{canary: size}`")
                    continue
                }
                guard index == 0 else {
                    error(key, .badWave, "only the first wave is the canary", hint: "write later waves as sizes")
                    continue
                }
                sizeNode = value
            }
            if let size = waveSize(sizeNode) { out.append((size, location(sizeNode))) }
        }
        return out.count == items.count ? out : nil
    }

    private mutating func waveSize(_ node: Node) -> WaveSize? {
        if let text = node.scalar?.string, text.hasSuffix("%") {
            guard let f = percent(node, what: "a wave") else { return nil }
            guard f > 0 else {
                error(node, .badWave, "a wave of 0% holds no device")
                return nil
            }
            return .fraction(f)
        }
        guard isPlain(node), let n = node.int else {
            error(
                node,
                .badWave,
                "a wave size is a number of devices (`1000`) or a percentage (`\"10%\"`), not \"\(node.scalar?.string ?? "…")\""
            )
            return nil
        }
        guard (1...100_000_000).contains(n) else {
            error(node, .outOfRange, "a wave holds 1 to 100000000 devices, not \(n)")
            return nil
        }
        return .devices(n)
    }

    // MARK: - Windows

    /// `{days: [mon, tue], start: "01:00", end: "05:00", timezone: Europe/Berlin}`.
    private mutating func window(_ node: Node) -> MaintenanceWindow? {
        guard let entries = entries(node, what: "a window", keys: .window) else { return nil }
        let errorsBefore = errorCount
        var start: Int?
        var end: Int?
        var days: Set<Int> = []
        var zone: String?
        for entry in entries {
            switch entry.name {
            case "start": start = clock(entry.value, allowMidnightEnd: false)
            case "end": end = clock(entry.value, allowMidnightEnd: true)
            case "days": days = weekdays(entry.value) ?? []
            case "timezone": zone = timeZone(entry.value)
            default: break
            }
        }
        for name in ["start", "end"] where !entries.contains(where: { $0.name == name }) {
            error(node, .missingField, "a window needs `\(name)` (\"HH:MM\")")
        }
        guard errorCount == errorsBefore, let start, let end else { return nil }
        guard start != end else {
            error(
                node,
                .badWindow,
                "the window starts and ends at the same time",
                hint: "for the whole day write start: \"00:00\", end: \"24:00\", or remove `windows`"
            )
            return nil
        }
        return MaintenanceWindow(start: start, end: end, weekdays: days, timeZone: zone)
    }

    /// `"01:30"` → 90; `"24:00"` only for an end.
    private mutating func clock(_ node: Node, allowMidnightEnd: Bool) -> Int? {
        guard let text = node.scalar?.string else {
            error(node, .wrongType, "expected a time of day as \"HH:MM\"")
            return nil
        }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
            let h = Int(parts[0]), let m = Int(parts[1]), parts[0].allSatisfy(\.isNumber),
            parts[1].allSatisfy(\.isNumber),
            m < 60, h < 24 || (allowMidnightEnd && h == 24 && m == 0)
        else {
            error(
                node,
                .badClock,
                "\"\(text)\" is not a time of day",
                hint: allowMidnightEnd ? "write \"HH:MM\" from 00:00 to 24:00" : "write \"HH:MM\" from 00:00 to 23:59"
            )
            return nil
        }
        return h * 60 + m
    }

    private static let dayNames: [String: Int] = [
        "mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6, "sun": 7,
        "monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6, "sunday": 7,
    ]

    /// `[mon, tue]`, `mon-fri`, `weekdays`, `weekends`, `daily` → ISO weekdays (empty = every day).
    private mutating func weekdays(_ node: Node) -> Set<Int>? {
        let items: [Node]
        if node.scalar != nil {
            items = [node]
        } else if let list = sequence(node, what: "`days`") {
            items = list
        } else {
            return nil
        }
        guard !items.isEmpty else {
            error(node, .badDay, "`days` is empty", hint: "remove it for every day")
            return nil
        }
        var out = Set<Int>()
        for item in items {
            guard let text = item.scalar?.string.lowercased() else {
                error(item, .badDay, "expected a day name")
                continue
            }
            switch text {
            case "daily", "every day", "all": out.formUnion(1...7)
            case "weekdays": out.formUnion(1...5)
            case "weekends", "weekend": out.formUnion(6...7)
            default:
                let bounds = text.split(separator: "-").map { Self.dayNames[String($0)] }
                if bounds.count == 1, let day = bounds[0] {
                    out.insert(day)
                } else if bounds.count == 2, let from = bounds[0], let to = bounds[1] {
                    var day = from
                    while true {
                        out.insert(day)
                        if day == to { break }
                        day = day % 7 + 1
                    }
                } else {
                    let suggestion = DidYouMean.suggestion(
                        forPrefix: text,
                        among: ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
                    )
                    error(
                        item,
                        .badDay,
                        "\"\(item.scalar?.string ?? "")\" is not a day",
                        hint: suggestion.map { "did you mean \"\($0)\"?" }
                            ?? "write mon, tue, wed, thu, fri, sat, sun, a range (mon-fri), weekdays or weekends"
                    )
                }
            }
        }
        return out.count == 7 ? [] : out
    }
}
