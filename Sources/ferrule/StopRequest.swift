import FerruleCore
import Synchronization

/// The first SIGINT or SIGTERM a command (`campaign run`, `deploy`) received: which one, and the
/// event that stops its work after the step in flight. A second signal ends the process at once
/// (``ShutdownSignals/Repeated/endsProcess``).
///
/// ```swift
/// let stop = StopRequest()
/// let signals = stop.listen()
/// defer { signals.cancel() }
/// ```
final class StopRequest: Sendable {
    /// Signalled by the first signal.
    let event = AsyncEvent()
    private let number = Mutex<Int32?>(nil)

    /// The signal that stopped the work; nil while none came.
    var signal: Int32? { number.withLock { $0 } }

    /// Starts listening for SIGINT and SIGTERM.
    func listen() -> ShutdownSignals {
        ShutdownSignals(repeated: .endsProcess) { self.receive($0) }
    }

    /// Records signal `number` and stops the work.
    func receive(_ number: Int32) {
        self.number.withLock { $0 = $0 ?? number }
        event.signal()
    }
}
