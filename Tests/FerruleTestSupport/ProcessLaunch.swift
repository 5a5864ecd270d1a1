public import Foundation
import Synchronization

/// Starts child processes one at a time across the whole test run.
///
/// swift-corelibs-foundation's `Process.run()` crashed (a bad pointer in its memcpy while it builds
/// the child's arguments and environment) when several test tasks launched children at the same
/// moment, with others waiting on theirs; starting them under one lock removes that race. Only the
/// start is serialised: the children run, and are waited for, concurrently.
public enum ProcessLaunch {
    private static let lock = Mutex<Void>(())

    /// Runs `process.run()` under the launch lock.
    public static func run(_ process: Process) throws {
        try lock.withLock { _ in try process.run() }
    }

    /// Blocks until `process` has ended, without `Process.waitUntilExit()`: that runs a CFRunLoop on
    /// the calling thread, which raced other tasks' `Process.run()` and crashed the test run.
    /// Polls `isRunning` (Foundation's own SIGCHLD handling sets it) every 2 ms.
    public static func waitForExit(_ process: Process) {
        while process.isRunning { usleep(2_000) }
    }
}
