import Foundation
import Testing

@testable import Rules

private func at(_ days: Int64, _ hour: Int, _ minute: Int, _ second: Int, ms: Double = 0) -> Double {
    Double(days * 86400 + Int64(hour * 3600 + minute * 60 + second)) * 1000 + ms
}

@Suite("Preset schedules")
struct SchedulePresetTests {
    /// 2024-01-01 is a Monday.
    static let monday = CivilTime.daysFromCivil(year: 2024, month: 1, day: 1)

    @Test("parse and render GenieACS's \"<duration> <cron>\" form")
    func roundTrip() throws {
        let schedule = try PresetSchedule.parse("3600   0 3 * * 1-5")
        #expect(schedule.durationSeconds == 3600)
        #expect(schedule.cron.text == "0 3 * * 1-5")
        #expect(schedule.genieACSString == "3600 0 3 * * 1-5")
        #expect(try PresetSchedule.parse(schedule.genieACSString) == schedule)
        #expect(
            try PresetSchedule(durationSeconds: 60, cron: CronExpression("*/5 * * * *")).description == "60 */5 * * * *"
        )
    }

    @Test(
        "a bad duration or cron is an error with its offset in the schedule text",
        arguments: [
            ("", 0, "empty"), ("abc 0 3 * * *", 0, "duration"), ("1e3 0 3 * * *", 0, "duration"),
            ("-5 0 3 * * *", 0, "duration"),
            ("0 0 3 * * *", 0, "positive"), ("3600", 4, "empty"), ("3600 0 99 * * *", 7, "out of range 0–23"),
            ("3600 0 3 * * 7", 13, "out of range 0–6"),
        ]
    )
    func invalid(text: String, offset: Int, message: String) {
        do {
            _ = try PresetSchedule.parse(text)
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.offset == offset, "\(error)")
            #expect(error.description.contains(message), "\(error)")
        }
        #expect(throws: CronError.self) { try PresetSchedule(durationSeconds: 0, cron: CronExpression("0 3 * * *")) }
    }

    @Test(
        "a 5-field cron ticks once a minute, at its start: active from 03:00:00 for exactly the duration",
        arguments: [
            (0, 2, 59, 59, false), (0, 3, 0, 0, true), (0, 3, 30, 0, true), (0, 3, 59, 59, true), (0, 4, 0, 0, false),
            (0, 4, 0, 30, false),
            (4, 3, 10, 0, true), (5, 3, 10, 0, false), (6, 3, 10, 0, false), (7, 3, 0, 0, true),
        ]
    )
    func activityFiveFields(day: Int64, hour: Int, minute: Int, second: Int, active: Bool) throws {
        let schedule = try PresetSchedule.parse("3600 0 3 * * 1-5")
        #expect(schedule.isActive(atMilliseconds: at(Self.monday + day, hour, minute, second)) == active)
    }

    @Test("a 6-field cron ticks once: active for exactly the duration")
    func activitySixFields() throws {
        let schedule = try PresetSchedule.parse("3600 0 0 3 * * *")
        #expect(!schedule.isActive(atMilliseconds: at(Self.monday, 2, 59, 59, ms: 999)))
        #expect(schedule.isActive(atMilliseconds: at(Self.monday, 3, 0, 0)))
        #expect(schedule.isActive(atMilliseconds: at(Self.monday, 3, 59, 59, ms: 999)))
        #expect(!schedule.isActive(atMilliseconds: at(Self.monday, 4, 0, 0)))
        let date = Date(timeIntervalSince1970: at(Self.monday, 3, 30, 0) / 1000)
        #expect(schedule.isActive(at: date))
    }

    /// `prev()` of @breejs/later 4.2.0 (the version GenieACS 1.2.16 pins), run under Node on the
    /// cron as lib/scheduling.ts:26-47 prepares it: the start of the tick holding the last match.
    @Test(
        "the previous tick is later.js's: the start of the smallest field not written `*`",
        arguments: [
            ("0 1 * * *", "2026-11-29T03:00:30Z", "2026-11-29T01:00:00Z"),
            ("0 1 * * *", "2026-11-29T01:00:30Z", "2026-11-29T01:00:00Z"),
            ("* 3 * * *", "2026-12-07T03:20:10Z", "2026-12-07T03:00:00Z"),
            ("* * * * 1", "2026-12-07T03:20:10Z", "2026-12-07T00:00:00Z"),
            ("0 3 * * 1-5", "2024-01-01T03:30:00Z", "2024-01-01T03:00:00Z"),
            ("*/15 * * * *", "2024-01-01T10:07:00Z", "2024-01-01T10:00:00Z"),
            ("0 0 0 * * MON", "2024-01-03T12:00:00Z", "2024-01-01T00:00:00Z"),
            ("* * * * *", "2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z"),
            ("* * 1 * *", "2024-01-01T13:14:15Z", "2024-01-01T00:00:00Z"),
            ("* * * 3 *", "2024-03-20T13:14:15Z", "2024-03-01T00:00:00Z"),
            ("30 * * * * *", "2024-01-01T10:07:45Z", "2024-01-01T10:07:30Z"),
            ("* 0 3 * * *", "2024-01-01T03:00:45Z", "2024-01-01T03:00:00Z"),
            ("*/1 3 * * *", "2024-01-01T03:20:10Z", "2024-01-01T03:20:00Z"),
            ("0-59 * * * *", "2024-01-01T03:20:10Z", "2024-01-01T03:20:00Z"),
            ("* * 1 * 1", "2024-01-01T13:14:15Z", "2024-01-01T00:00:00Z"),
            ("0 0 1 * *", "2024-02-10T00:00:00Z", "2024-02-01T00:00:00Z"),
        ]
    )
    func laterPrevious(cron text: String, at now: String, previous: String) throws {
        let cron = try CronExpression(text)
        let seconds = { (iso: String) throws -> Int64 in
            try #require(ISO8601DateFormatter().date(from: iso)).timeIntervalSince1970.int64
        }
        let last = try #require(cron.lastFire(atOrBeforeSecond: try seconds(now)))
        #expect(cron.tickStart(ofSecond: last) == (try seconds(previous)))
    }

    @Test("`* 3 * * *` for 600 s is active 03:00–03:10 only, `* * * * 1` for 600 s Monday 00:00–00:10 only")
    func wholeUnitCrons() throws {
        let hour = try PresetSchedule.parse("600 * 3 * * *")
        #expect(hour.isActive(atMilliseconds: at(Self.monday, 3, 9, 59)))
        #expect(!hour.isActive(atMilliseconds: at(Self.monday, 3, 10, 0)))
        #expect(!hour.isActive(atMilliseconds: at(Self.monday, 3, 20, 10)))
        let monday = try PresetSchedule.parse("600 * * * * 1")
        #expect(monday.isActive(atMilliseconds: at(Self.monday, 0, 5, 0)))
        #expect(!monday.isActive(atMilliseconds: at(Self.monday, 3, 20, 10)))
    }
}

extension TimeInterval {
    fileprivate var int64: Int64 { Int64(self.rounded(.down)) }
}
