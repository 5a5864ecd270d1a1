import Dispatch
import Foundation
import Synchronization

/// Unblocks SIGTERM and SIGINT: a child inherits its parent's blocked-signal mask (Foundation's
/// `Process` does not reset it, and the test runner blocks them), so without this they never arrive.
func acceptTerminationSignals() {
    var set = sigset_t()
    sigemptyset(&set)
    sigaddset(&set, SIGTERM)
    sigaddset(&set, SIGINT)
    pthread_sigmask(SIG_UNBLOCK, &set, nil)
}

/// Runs `handler` once on the first SIGTERM or SIGINT (the signals' default action is turned off).
final class TerminationSignals {
    private let sources: [any DispatchSourceSignal]

    init(_ handler: @escaping @Sendable () -> Void) {
        let once = Once(handler)
        sources = [SIGTERM, SIGINT].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { once.run() }
            source.resume()
            return source
        }
    }

    /// Stops listening.
    func cancel() { for source in sources { source.cancel() } }
}

/// A handler that runs at most once.
private final class Once: Sendable {
    private let handler: @Sendable () -> Void
    private let done = Mutex(false)

    init(_ handler: @escaping @Sendable () -> Void) { self.handler = handler }

    func run() {
        let first = done.withLock { done in
            defer { done = true }
            return !done
        }
        if first { handler() }
    }
}
