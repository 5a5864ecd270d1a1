import Foundation
import Testing

@testable import Campaigns

/// Milliseconds since the epoch of an ISO 8601 time with a zone (parsed by Foundation, not by
/// the code under test).
private func ms(_ text: String) throws -> Double {
    let date = try Date(text, strategy: Date.ISO8601FormatStyle())
    return date.timeIntervalSince1970 * 1000
}

private let hour = 3_600_000.0

@Suite("Rollout scheduling: windows, DST, openings, waves, retries")
struct RolloutScheduleTests {
    let berlin = "Europe/Berlin"

    @Test("a window includes its start and excludes its end, on the zone's wall clock")
    func simpleWindow() throws {
        let w = MaintenanceWindow(start: 60, end: 300)
        // 2026-12-01 is a Tuesday; Berlin is UTC+1 in winter.
        #expect(!w.contains(try ms("2026-11-30T23:59:00Z"), defaultZone: berlin))
        #expect(w.contains(try ms("2026-12-01T00:00:00Z"), defaultZone: berlin))
        #expect(w.contains(try ms("2026-12-01T03:59:59Z"), defaultZone: berlin))
        #expect(!w.contains(try ms("2026-12-01T04:00:00Z"), defaultZone: berlin))
        // The window's own zone wins over the default.
        let utc = MaintenanceWindow(start: 60, end: 300, timeZone: "UTC")
        #expect(utc.contains(try ms("2026-12-01T04:30:00Z"), defaultZone: berlin))
    }

    @Test("weekday filters use the local day")
    func weekdays() throws {
        let w = MaintenanceWindow(start: 60, end: 300, weekdays: [1, 2, 3, 4])
        #expect(w.contains(try ms("2026-12-03T01:00:00Z"), defaultZone: berlin), "Thursday")
        #expect(!w.contains(try ms("2026-12-04T01:00:00Z"), defaultZone: berlin), "Friday")
        // 23:30 UTC on Sunday is 00:30 Monday in Berlin: the local day decides.
        let monday = MaintenanceWindow(start: 0, end: 60, weekdays: [1])
        #expect(monday.contains(try ms("2026-11-29T23:30:00Z"), defaultZone: berlin))
        #expect(!monday.contains(try ms("2026-11-29T23:30:00Z"), defaultZone: "UTC"))
    }

    @Test("a window crossing midnight belongs to the day it starts")
    func crossingMidnight() throws {
        let friday = MaintenanceWindow(start: 22 * 60, end: 4 * 60, weekdays: [5], timeZone: "UTC")
        #expect(friday.contains(try ms("2026-12-04T22:00:00Z"), defaultZone: berlin), "Friday 22:00")
        #expect(friday.contains(try ms("2026-12-05T03:59:00Z"), defaultZone: berlin), "Saturday 03:59")
        #expect(!friday.contains(try ms("2026-12-05T04:00:00Z"), defaultZone: berlin), "Saturday 04:00")
        #expect(!friday.contains(try ms("2026-12-04T03:00:00Z"), defaultZone: berlin), "Friday 03:00 is Thursday's")
        #expect(!friday.contains(try ms("2026-12-05T22:30:00Z"), defaultZone: berlin), "Saturday 22:30")
    }

    @Test("spring forward: a 01:00–05:00 Berlin window lasts three hours on the last Sunday of March")
    func springForward() throws {
        let w = MaintenanceWindow(start: 60, end: 300)
        #expect(!w.contains(try ms("2026-03-28T23:59:00Z"), defaultZone: berlin))
        #expect(w.contains(try ms("2026-03-29T00:00:00Z"), defaultZone: berlin), "01:00 CET")
        #expect(w.contains(try ms("2026-03-29T01:00:00Z"), defaultZone: berlin), "03:00 CEST")
        #expect(w.contains(try ms("2026-03-29T02:59:00Z"), defaultZone: berlin), "04:59 CEST")
        #expect(!w.contains(try ms("2026-03-29T03:00:00Z"), defaultZone: berlin), "05:00 CEST")
    }

    @Test("fall back: the same window lasts five hours on the last Sunday of October")
    func fallBack() throws {
        let w = MaintenanceWindow(start: 60, end: 300)
        #expect(!w.contains(try ms("2026-10-24T22:59:00Z"), defaultZone: berlin))
        #expect(w.contains(try ms("2026-10-24T23:00:00Z"), defaultZone: berlin), "01:00 CEST")
        #expect(w.contains(try ms("2026-10-25T03:59:00Z"), defaultZone: berlin), "04:59 CET")
        #expect(!w.contains(try ms("2026-10-25T04:00:00Z"), defaultZone: berlin), "05:00 CET")
    }

    @Test("a window starting inside the spring-forward gap opens when clocks jump past it")
    func openingInGap() throws {
        let rollout = Rollout(timeZone: berlin, windows: [MaintenanceWindow(start: 150, end: 240)])
        // 01:30 CET; 02:30 does not exist that night, 03:00 CEST (01:00 UTC) is inside 02:30–04:00.
        let opening = rollout.nextOpening(after: try ms("2026-03-29T00:30:00Z"))
        #expect(opening == (try ms("2026-03-29T01:00:00Z")))
    }

    @Test("a window in the fall-back overlap opens again the second time its start comes round")
    func openingInOverlap() throws {
        let rollout = Rollout(timeZone: berlin, windows: [MaintenanceWindow(start: 150, end: 165)])
        // 02:30 CEST is 00:30 UTC; 02:30 CET is 01:30 UTC.
        #expect(rollout.nextOpening(after: try ms("2026-10-25T00:00:00Z")) == (try ms("2026-10-25T00:30:00Z")))
        #expect(rollout.nextOpening(after: try ms("2026-10-25T00:50:00Z")) == (try ms("2026-10-25T01:30:00Z")))
        #expect(rollout.isOpen(at: try ms("2026-10-25T01:40:00Z")))
        #expect(!rollout.isOpen(at: try ms("2026-10-25T01:45:00Z")))
    }

    @Test("a scheduled_at in the past is open now; before it, nothing is")
    func startAt() throws {
        let start = try ms("2026-12-01T01:00:00Z")
        let rollout = Rollout(startAt: start)
        #expect(rollout.isOpen(at: start + hour))
        #expect(rollout.nextOpening(after: start + hour) == start + hour)
        #expect(!rollout.isOpen(at: start - 1))
        #expect(rollout.nextOpening(after: start - hour) == start)
        #expect(Rollout().isOpen(at: 0))
    }

    @Test("the next opening waits for both the start and a window, skipping excluded weekdays")
    func nextOpeningWithWindows() throws {
        let rollout = Rollout(
            startAt: try ms("2026-12-03T03:00:00Z"),  // Thursday 04:00 Berlin
            timeZone: berlin,
            windows: [MaintenanceWindow(start: 60, end: 300, weekdays: [1, 2, 3, 4])]
        )
        #expect(rollout.isOpen(at: try ms("2026-12-03T03:00:00Z")))
        #expect(rollout.nextOpening(after: try ms("2026-12-01T12:00:00Z")) == (try ms("2026-12-03T03:00:00Z")))
        // After Thursday's window closes, Friday to Sunday are skipped: Monday 01:00 CET.
        #expect(rollout.nextOpening(after: try ms("2026-12-03T04:00:00Z")) == (try ms("2026-12-07T00:00:00Z")))
        #expect(rollout.nextOpening(after: try ms("2026-12-03T03:59:00Z")) == (try ms("2026-12-03T03:59:00Z")))
    }

    @Test("several windows in different zones: the earliest opening wins")
    func severalWindows() throws {
        let rollout = Rollout(
            timeZone: berlin,
            windows: [
                MaintenanceWindow(start: 60, end: 120),
                MaintenanceWindow(start: 22 * 60, end: 23 * 60, timeZone: "America/Sao_Paulo"),
            ]
        )
        // 22:00 in São Paulo (UTC−3) is 01:00 UTC; 01:00 in Berlin is 00:00 UTC.
        #expect(rollout.nextOpening(after: try ms("2026-12-01T12:00:00Z")) == (try ms("2026-12-02T00:00:00Z")))
        #expect(rollout.isOpen(at: try ms("2026-12-02T01:30:00Z")))
    }

    @Test("an unknown zone never opens")
    func unknownZone() throws {
        let rollout = Rollout(timeZone: "Mars/Olympus", windows: [MaintenanceWindow(start: 0, end: 60)])
        #expect(!rollout.isOpen(at: try ms("2026-12-01T00:30:00Z")))
        #expect(rollout.nextOpening(after: try ms("2026-12-01T00:30:00Z")) == nil)
    }

    @Test("waves: canary first, shares rounded up, the last size repeats, the last end is the total")
    func waves() {
        let rollout = Rollout(waves: [.devices(50), .fraction(0.1), .devices(1000)])
        let ends = rollout.waveEnds(total: 12_000)
        #expect(Array(ends.prefix(4)) == [50, 1250, 2250, 3250])
        #expect(ends.last == 12_000)
        #expect(ends.count == 13)
        #expect(zip(ends, ends.dropFirst()).allSatisfy { $0 < $1 })
        #expect(Rollout().waveEnds(total: 7) == [7])
        #expect(rollout.waveEnds(total: 0) == [])
        #expect(
            Rollout(waves: [.fraction(0.1)]).waveEnds(total: 1000) == Array(stride(from: 100, through: 1000, by: 100))
        )
        #expect(Rollout(waves: [.fraction(0.01), .fraction(0.5)]).waveEnds(total: 50) == [1, 26, 50])
        #expect(Rollout(waves: [.devices(500)]).waveEnds(total: 30) == [30])
    }

    @Test("retry delays double from the backoff")
    func retryDelays() {
        let rollout = Rollout(retryBackoffSeconds: 600)
        #expect(rollout.retryDelay(afterAttempt: 1) == 600_000)
        #expect(rollout.retryDelay(afterAttempt: 2) == 1_200_000)
        #expect(rollout.retryDelay(afterAttempt: 3) == 2_400_000)
        #expect(rollout.retryDelay(afterAttempt: 0) == 600_000)
        #expect(rollout.retryDelay(afterAttempt: 1000) == 600_000 * 1_048_576)
    }

    @Test("civil-time helpers agree with Foundation across zones and years")
    func civilTime() throws {
        let zone = try #require(TimeZone(identifier: "America/Sao_Paulo"))
        for text in ["1999-12-31T23:59:59Z", "2024-02-29T12:00:00Z", "2026-07-01T00:00:00Z"] {
            let instant = try ms(text)
            let wall = CivilTime.wallSeconds(atMilliseconds: instant, in: zone)
            #expect(CivilTime.instants(ofWallSeconds: wall, in: zone) == [instant])
            #expect(CivilTime.isoText(milliseconds: instant) == text.replacingOccurrences(of: "Z", with: ".000Z"))
        }
        #expect(CivilTime.parse("2026-02-30T01:00") == nil)
        #expect(
            CivilTime.parse("2026-12-01T02:00:00.5+01:00")?.epochMilliseconds == (try ms("2026-12-01T01:00:00Z")) + 500
        )
        #expect(CivilTime.isoWeekday(ofDay: CivilTime.daysFromCivil(2026, 12, 1)) == 2)
    }
}
