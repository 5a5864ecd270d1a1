import Dispatch
import Foundation
import Synchronization

/// Closes a ``KafkaConsumer`` on the first SIGTERM or SIGINT: commits in flight finish, the
/// consumer leaves its group, and ``KafkaConsumer/next()`` returns `nil`, so a long-running
/// command ends its loop and exits 0.
///
/// Starting it unblocks both signals for the process: a child inherits its parent's blocked-signal
/// mask (Foundation's `Process` does not reset it, and test runners block them), so otherwise they
/// would never arrive. Their default action (ending the process at once) is turned off while it
/// listens.
public final class KafkaShutdownSignals: Sendable {
    private let sources: Mutex<[any DispatchSourceSignal]>

    /// Listens for SIGTERM and SIGINT; the first one calls `received` with its number and closes
    /// `consumer`.
    public convenience init(closing consumer: KafkaConsumer, received: @escaping @Sendable (Int32) -> Void = { _ in }) {
        self.init { number in
            received(number)
            Task { await consumer.close() }
        }
    }

    /// Listens for SIGTERM and SIGINT; the first one calls `received` with its number (which stops
    /// what it runs, e.g. an event consumer service).
    public init(_ received: @escaping @Sendable (Int32) -> Void) {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGTERM)
        sigaddset(&set, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        let once = Mutex(false)
        let handler: @Sendable (Int32) -> Void = { number in
            let first = once.withLock { done in
                defer { done = true }
                return !done
            }
            guard first else { return }
            received(number)
        }
        sources = Mutex(
            [SIGTERM, SIGINT].map { number in
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
}
