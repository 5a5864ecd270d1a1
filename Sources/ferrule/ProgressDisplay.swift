import Campaigns
import FerruleCore
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `campaign run`'s progress: one bar redrawn in place on a terminal, one line per change (at most
/// every 2 s) otherwise.
///
/// On a terminal every redraw starts with `\r` and ends by clearing to the end of the line, and the
/// line is cut to the terminal's width less one column, read again (TIOCGWINSZ) at every redraw, so
/// the line never wraps and a resized window gets a fitting bar at the next cycle: the screen holds
/// one live bar, not a stack of copies. The push rate is taken over the last ``RateWindow/span``
/// seconds and shown only once a second of pushes has been seen, never extrapolated from a few
/// milliseconds.
final class ProgressDisplay: Sendable {
    let interactive: Bool
    private let columns: @Sendable () -> Int?
    private let output: @Sendable (String) -> Void
    private let now: @Sendable () -> Double
    private let state = Mutex(State())

    private struct State {
        var line = ""
        var printedAt = -Double.infinity
        var rate = RateWindow()
        var drawn = false
    }

    /// A display on standard output; `columns`, `output` and `now` (seconds) are replaceable for
    /// tests.
    init(
        interactive: Bool,
        columns: @escaping @Sendable () -> Int? = { Terminal.columns },
        output: @escaping @Sendable (String) -> Void = { FileHandle.standardOutput.write(Data($0.utf8)) },
        now: @escaping @Sendable () -> Double = { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
    ) {
        self.interactive = interactive
        self.columns = columns
        self.output = output
        self.now = now
    }

    func show(_ p: CampaignProgress) {
        let time = now()
        let started = p.total - p.count(.pending) - p.count(.skipped)
        state.withLock { state in
            let rate = state.rate.record(started, at: time)
            if interactive {
                let line = ProgressLine.render(p, rate: rate, width: columns().map { $0 - 1 })
                // Unbuffered, so every redraw reaches the terminal at once.
                output("\r" + line + "\u{1B}[K")
                state.drawn = true
                state.line = line
            } else {
                let line = ProgressLine.render(p, rate: rate, width: nil)
                if line != state.line, time - state.printedAt >= 2 || p.finished == p.total {
                    // A log followed with `tail -f` (or a killed runner's log) shows every line.
                    output(line + "\n")
                    state.printedAt = time
                    state.line = line
                }
            }
        }
    }

    /// Ends the bar's line so the summary starts on a line of its own.
    func finish() {
        state.withLock { state in
            if interactive, state.drawn { output("\n") }
            state.drawn = false
        }
    }
}

extension Terminal {
    /// The width of the terminal on standard output, or nil when it is not a terminal (or says 0).
    static var columns: Int? {
        var size = winsize()
        guard ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }
}
