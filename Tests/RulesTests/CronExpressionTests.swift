import Foundation
import Testing

@testable import Rules

private func utc(_ text: String) -> Date {
    // yyyy-MM-ddTHH:mm:ssZ
    let parts = text.split { "-T:Z".contains($0) }.compactMap { Int($0) }
    let days = CivilTime.daysFromCivil(year: Int64(parts[0]), month: parts[1], day: parts[2])
    return Date(timeIntervalSince1970: Double(days * 86400 + Int64(parts[3] * 3600 + parts[4] * 60 + parts[5])))
}

@Suite("Cron expressions")
struct CronExpressionTests {
    @Test(
        "valid crons and the values they allow",
        arguments: [
            ("0 3 * * *", CronExpression.Field.hour, [3]),
            ("*/15 * * * *", .minute, [0, 15, 30, 45]),
            ("5/20 * * * *", .minute, [5, 25, 45]),
            ("0 0 10-20/5 * *", .dayOfMonth, [10, 15, 20]),
            ("0 0 * JAN,mar,Dec *", .month, [1, 3, 12]),
            ("0 0 * * MON-FRI", .dayOfWeek, [1, 2, 3, 4, 5]),
            ("0 0 * * 1-5", .dayOfWeek, [1, 2, 3, 4, 5]),
            ("0 0 * * sun,6", .dayOfWeek, [0, 6]),
            ("0 0 * * */2", .dayOfWeek, [0, 2, 4, 6]),
            ("0 0 ? * 1/2", .dayOfWeek, [1, 3, 5]),
            ("30 0 3 * * *", .second, [30]),
            ("0 3 * * *", .second, Array(0...59)),
            ("  0\t3  * *\n* ", .minute, [0]),
            ("1,2,3-4 * * * *", .minute, [1, 2, 3, 4]),
            ("0 0 31 1-12 *", .dayOfMonth, [31]),
            ("0 0 29 2 *", .month, [2]),
        ]
    )
    func valid(text: String, field: CronExpression.Field, values: [Int]) throws {
        let cron = try CronExpression(text)
        #expect(cron.values(of: field) == values)
    }

    @Test("the text is normalised to single spaces; 6 fields mean seconds")
    func normalised() throws {
        let five = try CronExpression("  0\t3  * *\n1-5 ")
        #expect(five.text == "0 3 * * 1-5")
        #expect(!five.hasSeconds)
        #expect(try CronExpression("0 0 3 * * *").hasSeconds)
    }

    @Test(
        "invalid crons name the field and the offset",
        arguments: [
            ("", nil, 0, "empty"), ("0 3 * *", nil, 0, "5 or 6 fields"), ("0 0 3 * * * 2024", nil, 12, "5 or 6 fields"),
            ("@daily", nil, 0, "macros"), ("75 * * * *", CronExpression.Field.minute, 0, "out of range 0–59"),
            ("0 24 * * *", .hour, 2, "out of range 0–23"), ("0 0 0 * *", .dayOfMonth, 4, "out of range 1–31"),
            ("0 0 * 13 *", .month, 6, "out of range 1–12"), ("0 0 * * 7", .dayOfWeek, 8, "out of range 0–6"),
            ("0 0 * * FRI-MON", .dayOfWeek, 8, "backwards"), ("*/0 * * * *", .minute, 2, "step of 0"),
            ("*/x * * * *", .minute, 2, "not a whole number"), ("*/61 * * * *", .minute, 2, "larger than"),
            ("0 0 * * JAN", .dayOfWeek, 8, "month name"), ("0 0 * MON *", .month, 6, "day-of-week name"),
            ("0 0 L * *", .dayOfMonth, 4, "L, W and #"), ("0 0 15W * *", .dayOfMonth, 4, "L, W and #"),
            ("0 0 * * 5#3", .dayOfWeek, 8, "L, W and #"), ("0 0 1,,2 * *", .dayOfMonth, 6, "empty item"),
            ("0 0 1, * *", .dayOfMonth, 6, "empty item"), ("? 0 * * *", .minute, 0, "'?'"),
            ("0 0 * * abc", .dayOfWeek, 8, "not a number"),
            ("0 0 30 2 *", .dayOfMonth, 4, "never fires"), ("0 0 31 4,6,9,11 *", .dayOfMonth, 4, "never fires"),
            ("-5 * * * *", .minute, 0, "negative"), ("/5 * * * *", .minute, 0, "no value before"),
            ("0 0 1-40 * *", .dayOfMonth, 6, "out of range"),
        ]
    )
    func invalid(text: String, field: CronExpression.Field?, offset: Int, message: String) {
        do {
            _ = try CronExpression(text)
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.field == field, "\(error)")
            #expect(error.offset == offset, "\(error)")
            #expect(error.description.contains(message), "\(error)")
        }
    }

    @Test("a weekday of 7 explains later.js's reading")
    func seven() {
        #expect(throws: CronError.self) { try CronExpression("0 0 * * 7") }
        do {
            _ = try CronExpression("0 0 * * 7")
        } catch {
            #expect(error.hint?.contains("Saturday") == true)
            #expect(error.description.hasPrefix("day-of-week field (offset 8): 7 is out of range 0–6"))
        }
    }

    @Test(
        "next and last fire times in UTC",
        arguments: [
            ("0 0 3 * * *", "2024-01-01T02:00:00Z", "2024-01-01T03:00:00Z", "2023-12-31T03:00:00Z"),
            ("0 0 3 * * *", "2024-01-01T03:00:00Z", "2024-01-02T03:00:00Z", "2024-01-01T03:00:00Z"),
            ("0 3 * * *", "2024-01-01T03:30:00Z", "2024-01-02T03:00:00Z", "2024-01-01T03:00:59Z"),
            ("0 3 * * *", "2024-01-01T03:00:10Z", "2024-01-01T03:00:11Z", "2024-01-01T03:00:10Z"),
            ("*/15 * * * *", "2024-01-01T10:07:00Z", "2024-01-01T10:15:00Z", "2024-01-01T10:00:59Z"),
            ("0 0 0 * * MON", "2024-01-03T12:00:00Z", "2024-01-08T00:00:00Z", "2024-01-01T00:00:00Z"),
            ("0 0 0 29 2 *", "2024-03-01T00:00:00Z", "2028-02-29T00:00:00Z", "2024-02-29T00:00:00Z"),
            ("0 0 0 1 * 1", "2024-01-02T00:00:00Z", "2024-04-01T00:00:00Z", "2024-01-01T00:00:00Z"),
            ("0 0 0 1 * 1", "2023-12-31T00:00:00Z", "2024-01-01T00:00:00Z", "2023-05-01T00:00:00Z"),
            ("0 30 23 31 DEC *", "2023-12-31T23:31:00Z", "2024-12-31T23:30:00Z", "2023-12-31T23:30:00Z"),
            ("* * * * * *", "2024-01-01T00:00:00Z", "2024-01-01T00:00:01Z", "2024-01-01T00:00:00Z"),
            ("0 0 12 * * *", "1969-12-31T00:00:00Z", "1969-12-31T12:00:00Z", "1969-12-30T12:00:00Z"),
        ]
    )
    func fireTimes(text: String, at: String, next: String, last: String) throws {
        let cron = try CronExpression(text)
        #expect(cron.nextFire(after: utc(at)) == utc(next))
        #expect(cron.lastFire(atOrBefore: utc(at)) == utc(last))
        #expect(cron.matches(utc(next)))
        #expect(cron.matches(utc(last)))
    }

    @Test("fractions of a second belong to their second")
    func fractions() throws {
        let cron = try CronExpression("0 0 3 * * *")
        let t = utc("2024-01-01T03:00:00Z").addingTimeInterval(0.75)
        #expect(cron.lastFire(atOrBefore: t) == utc("2024-01-01T03:00:00Z"))
        #expect(cron.nextFire(after: t) == utc("2024-01-02T03:00:00Z"))
        #expect(cron.matches(t))
    }

    @Test("civil time round-trips across eras")
    func civil() {
        for days in stride(from: Int64(-800_000), through: 800_000, by: 997) {
            let c = CivilTime(days * 86400 + 3723)
            #expect(CivilTime.daysFromCivil(year: c.year, month: c.month, day: c.day) == days)
            #expect((c.hour, c.minute, c.second) == (1, 2, 3))
        }
        #expect(CivilTime(0).weekday == 4)
        #expect(CivilTime(-1).weekday == 3)
    }
}
