import Dispatch
import Foundation
import Synchronization

/// Turns the first SIGTERM or SIGINT into a request to stop: a long-running command (`events
/// run`, `campaign run`, `deploy`) finishes what it is doing, gives back what it holds and exits
/// on its own, instead of the signal ending the process mid-step.
///
/// ```swift
/// let signals = ShutdownSignals(repeated: .endsProcess) { number in stopping.signal() }
/// defer { signals.cancel() }
/// ```
///
/// Starting it unblocks both signals for the process: a child inherits its parent's blocked-signal
/// mask (Foundation's `Process` does not reset it, and test runners block them), so otherwise they
/// would never arrive. Their default action (ending the process at once) is turned off while it
/// listens.
public final class ShutdownSignals: Sendable {
    /// What a signal after the first does.
    public enum Repeated: Sendable {
        /// Nothing: the stop already under way goes on.
        case ignored
        /// Ends the process at once with status 128 + the signal's number (130 for SIGINT, 143
        /// for SIGTERM), as the signal's default action would: an operator who presses Ctrl-C
        /// twice does not wait for the step in flight.
        case endsProcess
    }

    private let sources: Mutex<[any DispatchSourceSignal]>

    /// Listens for SIGTERM, SIGINT and SIGHUP (the terminal of an ssh session that dropped: the
    /// command stops as cleanly as on SIGTERM instead of dying mid-step); the first one calls `received` with its number (which stops
    /// what it runs, e.g. an event consumer service); later ones do what `repeated` says.
    public init(repeated: Repeated = .ignored, _ received: @escaping @Sendable (Int32) -> Void) {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGTERM)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGHUP)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        let once = Mutex(false)
        let handler: @Sendable (Int32) -> Void = { number in
            let first = once.withLock { done in
                defer { done = true }
                return !done
            }
            if first {
                received(number)
            } else if case .endsProcess = repeated {
                // Nothing else runs: no buffered output is flushed, no lease given back.
                _exit(Self.exitStatus(number))
            }
        }
        sources = Mutex(
            [SIGTERM, SIGINT, SIGHUP].map { number in
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                source.setEventHandler { handler(number) }
                source.resume()
                return source
            }
        )
    }

    /// Stops listening (the signals stay ignored).
    public func cancel() {
        sources.withLock { sources in
            for source in sources { source.cancel() }
            sources.removeAll()
        }
    }

    /// The shell's status for a command ended by signal `number`: 128 + `number` (130 for SIGINT,
    /// 143 for SIGTERM).
    public static func exitStatus(_ number: Int32) -> Int32 { 128 + number }

    /// `SIGINT`, `SIGTERM`, `SIGHUP` (the signals this listens for), else `signal N`.
    public static func name(_ number: Int32) -> String {
        switch number {
        case SIGINT: "SIGINT"
        case SIGTERM: "SIGTERM"
        case SIGHUP: "SIGHUP"
        default: "signal \(number)"
        }
    }
}
