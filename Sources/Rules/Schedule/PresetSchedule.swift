public import Foundation

/// A preset's `schedule`: a duration and a cron, stored by GenieACS as `"<duration> <cron>"`.
///
/// The preset is active while the last cron tick plus the duration is after the session time
/// (lib/cwmp.ts:464-470 at v1.2.16: `r[0] + schedule.duration > timestamp`, with `r[0]` later.js's
/// `prev()`, lib/scheduling.ts:33-47): the start of the tick holding the last match
/// (``CronExpression/tickStart(ofSecond:)``). For example `3600 0 3 * * 1-5` (duration 3600, 5-field
/// cron `0 3 * * 1-5`) ticks at 03:00:00 UTC on weekdays, so it is active 03:00:00–03:59:59;
/// `600 * 3 * * *` ticks once for the hour at 03:00:00 and is active 03:00:00–03:09:59 only.
public struct PresetSchedule: Sendable, Hashable, CustomStringConvertible {
    /// How long after each tick the preset stays active, in seconds (positive).
    public let durationSeconds: Int
    public let cron: CronExpression

    /// - Throws: ``CronError`` when the duration is not positive.
    public init(durationSeconds: Int, cron: CronExpression) throws(CronError) {
        guard durationSeconds > 0 else {
            throw CronError(
                field: nil,
                message: "the schedule duration must be a positive number of seconds, not \(durationSeconds)",
                offset: 0
            )
        }
        self.durationSeconds = durationSeconds
        self.cron = cron
    }

    /// Parses GenieACS's `"<duration> <cron>"` form (`"3600 0 3 * * 1-5"`).
    ///
    /// - Throws: ``CronError`` with offsets into `text`.
    public static func parse(_ text: String) throws(CronError) -> PresetSchedule {
        let bytes = Array(text.utf8)
        var start = 0
        while start < bytes.count, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        var end = start
        while end < bytes.count, bytes[end] != 0x20 && bytes[end] != 0x09 { end += 1 }
        let word = String(decoding: bytes[start..<end], as: UTF8.self)
        guard !word.isEmpty else {
            throw CronError(field: nil, message: "the schedule is empty", offset: 0, hint: "write \"3600 0 3 * * *\"")
        }
        guard word.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let duration = Int(word) else {
            throw CronError(
                field: nil,
                message: "the schedule must start with a duration in whole seconds, not '\(word)'",
                offset: start,
                hint: "GenieACS would never activate a preset whose duration is not a number"
            )
        }
        guard duration > 0 else {
            throw CronError(field: nil, message: "the schedule duration must be positive", offset: start)
        }
        let cronText = String(decoding: bytes[end...], as: UTF8.self)
        let cron = try CronExpression(cronText, baseOffset: end)
        return try PresetSchedule(durationSeconds: duration, cron: cron)
    }

    /// `"3600 0 3 * * 1-5"`, as stored in the preset's `schedule`.
    public var genieACSString: String { "\(durationSeconds) \(cron.text)" }

    public var description: String { genieACSString }

    /// Whether the preset is active at `date`.
    public func isActive(at date: Date) -> Bool {
        isActive(atMilliseconds: date.timeIntervalSince1970 * 1000)
    }

    /// Whether the preset is active at a session time in milliseconds since the epoch (as
    /// ``ExpressionEnvironment/now``).
    public func isActive(atMilliseconds now: Double) -> Bool {
        let second = Int64((now / 1000).rounded(.down))
        guard let last = cron.lastFire(atOrBeforeSecond: second) else { return false }
        return Double(cron.tickStart(ofSecond: last)) * 1000 + Double(durationSeconds) * 1000 > now
    }
}
