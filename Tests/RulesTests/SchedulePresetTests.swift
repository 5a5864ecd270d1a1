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
        "a 5-field cron ticks every second of its minute: active from the first tick until the last tick + duration",
        arguments: [
            (0, 2, 59, 59, false), (0, 3, 0, 0, true), (0, 3, 30, 0, true), (0, 4, 0, 58, true), (0, 4, 0, 59, false),
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
}
