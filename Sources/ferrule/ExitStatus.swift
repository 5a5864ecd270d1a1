import ArgumentParser
import FerruleCore

/// Ferrule's exit statuses, the same for every command.
///
/// | status | meaning |
/// |---|---|
/// | 0 | success (`plan`: no changes) |
/// | 1 | errors: the input is wrong, GenieACS refused, a check failed |
/// | 2 | `plan`: changes pending; other commands: an input file cannot be read |
/// | 3 | another process holds the lease (`campaign run`/`resume`, `deploy`, `events run`): it is named, nothing changed; `voltha health`: degraded |
/// | 64 | usage error: an unknown flag or value, a missing argument, an unknown `--env` (EX_USAGE) |
/// | 130, 143, 129 | `campaign run`/`resume`, `deploy`: stopped by SIGINT (130), SIGTERM (143) or SIGHUP (129) after the step in flight, lease given back (128 + the signal's number, as a shell reports a command a signal ended) |
///
/// Usage errors never share a status with a documented result, so `ferrule plan …; [ $? = 2 ]`
/// means changes, never a typo (as Terraform's `plan -detailed-exitcode`).
enum ExitStatus {
    /// Errors.
    static let failure = ExitCode(1)
    /// `plan`: changes pending.
    static let changes = ExitCode(2)
    /// An input file cannot be read (every command but `plan`, where it is a ``failure``).
    static let unreadable = ExitCode(2)
    /// Another runner or deploy holds the lease; it is named and nothing was changed.
    static let leaseHeld = ExitCode(3)
    /// A usage error (swift-argument-parser's own status for them).
    static let usage = ExitCode.validationFailure
    /// Stopped by signal `number` (SIGINT: 130, SIGTERM: 143) after the step in flight.
    static func signalled(_ number: Int32) -> ExitCode { ExitCode(ShutdownSignals.exitStatus(number)) }
}
