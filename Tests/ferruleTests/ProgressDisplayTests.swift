import Foundation
import Synchronization
import Testing

@testable import Campaigns
@testable import ferrule

/// `campaign run`'s progress line: fits the terminal, redraws in place, honest rates.
@Suite struct ProgressDisplayTests {
    static func progress(
        total: Int = 100_000,
        _ counts: [TargetRecord.State: Int],
        waiting: String? = "waiting for the current wave to finish"
    ) -> CampaignProgress {
        CampaignProgress(campaignID: "c1", total: total, counts: counts, pushRate: 0, waiting: waiting)
    }

    static let busy = progress([
        .pending: 61_234, .pushing: 120, .pushed: 2_000, .verifying: 4_321, .succeeded: 31_000, .failed: 1_200,
        .skipped: 125,
    ])

    @Test(
        "the line never takes more than the width given, from 10 to 200 columns",
        arguments: [10, 20, 40, 79, 119, 199]
    )
    func fitsWidth(_ width: Int) {
        for p in [Self.busy, Self.progress([.pending: 3], waiting: nil)] {
            let line = ProgressLine.render(p, rate: 1234.5, width: width)
            #expect(line.count <= width, "\(line.count) > \(width): \(line)")
            #expect(line.contains("%"))
        }
    }

    @Test("at 80 columns the percent, the counts and the rate are shown; the bar and the reason give way")
    func eightyColumns() {
        let line = ProgressLine.render(Self.busy, rate: 31.5, width: 79)
        #expect(line.hasPrefix("32% pend 61234 push 2120 verif 4321 ok 31000 fail 1200 skip 125 | 31.5/s"), "\(line)")
        #expect(line.contains("| 31.5/s"))
        #expect(line.count <= 79)
        let wide = ProgressLine.render(Self.busy, rate: 31.5, width: 199)
        #expect(wide.hasPrefix("[#######-----------------] 32% "), "\(wide)")
        #expect(wide.hasSuffix("| waiting for the current wave to finish"))
    }

    @Test("control characters in the waiting reason cannot move the cursor")
    func escapesReason() {
        let line = ProgressLine.render(
            Self.progress([.pending: 1], waiting: "paused: \u{1B}[2J\r\n"),
            rate: nil,
            width: nil
        )
        #expect(!line.contains("\u{1B}") && !line.contains("\r") && !line.contains("\n"))
    }

    @Test("rates: unknown for the first second, then averaged over the last ten seconds")
    func rateWindow() {
        var window = RateWindow()
        #expect(window.record(0, at: 100) == nil)
        #expect(window.record(10, at: 100.01) == nil, "10 pushes in 10 ms is not 1,000/s")
        #expect(window.record(10, at: 100.5) == nil)
        let early = window.record(40, at: 101)
        #expect(early.map { abs($0 - 40) < 0.001 } == true)
        // A steady 30/s for 20 s, fed 100 times a second: the window stays small and says 30/s.
        var total = 40
        var rate: Double?
        for tick in 1...2_000 {
            if tick % 10 == 0 { total += 3 }
            rate = window.record(total, at: 101 + Double(tick) / 100)
        }
        #expect(rate.map { abs($0 - 30) < 1.5 } == true, "\(String(describing: rate))")
        // Pushes stop: within a window the rate falls to zero instead of staying at the run's average.
        for tick in 1...1_100 { rate = window.record(total, at: 121 + Double(tick) / 100) }
        #expect(rate == 0)
    }

    @Test("on a terminal every redraw is \\r, the line cut to the width read at that moment, and clear to end of line")
    func redrawsInPlace() {
        let written = Mutex<[String]>([])
        let width = Mutex(120)
        let clock = Mutex(0.0)
        let display = ProgressDisplay(
            interactive: true,
            columns: { width.withLock { $0 } },
            output: { text in written.withLock { $0.append(text) } },
            now: { clock.withLock { $0 } }
        )
        display.show(Self.busy)
        width.withLock { $0 = 40 }  // the window is resized
        clock.withLock { $0 = 5 }
        display.show(Self.busy)
        display.finish()
        let out = written.withLock { $0 }
        #expect(out.count == 3)
        #expect(out.dropLast().allSatisfy { $0.hasPrefix("\r") && $0.hasSuffix("\u{1B}[K") && !$0.contains("\n") })
        #expect(out[0].count - 4 <= 119 && out[1].count - 4 <= 39, "\(out)")
        #expect(out[0].contains("–/s"), "no rate from a single sample")
        #expect(out[2] == "\n")
    }

    @Test("off a terminal: whole lines, at most one per 2 s, and the last one always")
    func plainLines() {
        let written = Mutex<[String]>([])
        let clock = Mutex(0.0)
        let display = ProgressDisplay(
            interactive: false,
            columns: { 20 },
            output: { text in written.withLock { $0.append(text) } },
            now: { clock.withLock { $0 } }
        )
        display.show(Self.progress(total: 2, [.pending: 2]))
        clock.withLock { $0 = 0.5 }
        display.show(Self.progress(total: 2, [.pending: 1, .pushed: 1]))
        clock.withLock { $0 = 1 }
        display.show(Self.progress(total: 2, [.succeeded: 2]))
        display.finish()
        let out = written.withLock { $0 }
        #expect(out.count == 2, "\(out)")
        #expect(out.allSatisfy { $0.hasSuffix("\n") && !$0.contains("\r") })
        #expect(out.last?.contains("100%") == true)
        #expect((out.first?.count ?? 0) > 20, "plain lines are not cut to a terminal width")
    }
}
