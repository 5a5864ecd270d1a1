public import Foundation
import Synchronization

/// A child process started with `posix_spawn(3)`: the one way tests start children.
///
/// Not Foundation's `Process`: its `run()` scans `/proc/self/fd` to close inherited descriptors
/// (`findMaximumOpenFromProcSelfFD`), and that scan crashed the test run in `memcpy` once the test
/// process held a few thousand descriptors. Here the child closes every descriptor above 2
/// (`posix_spawn_file_actions_addclosefrom_np`), starts with no signal blocked and SIGTERM, SIGINT,
/// SIGHUP and SIGPIPE at their defaults (a test runner's blocked mask is not inherited), and a
/// thread of its own waits for it (`waitid` without reaping, then `waitpid`), so a signal is never
/// sent to a process id that was already reused.
public final class SpawnedProcess: Sendable {
    /// Where standard input comes from.
    public enum Input: Sendable {
        /// `/dev/null`.
        case null
        /// The file at this path.
        case file(String)
    }

    /// Where standard output or standard error goes.
    public enum Output: Sendable {
        /// `/dev/null`.
        case null
        /// The file at this path (created or truncated).
        case file(String)
        /// The test process's own stream.
        case inherit
        /// A pipe read on a thread of its own: each complete line (without its newline) is handed
        /// to the closure as it is written, then `nil` at the end.
        case lines(@Sendable (String?) -> Void)
    }

    /// How a child ended.
    public struct Termination: Sendable, Equatable {
        /// The exit status, or the signal's number when a signal ended it.
        public var status: Int32
        /// Whether a signal ended it.
        public var bySignal: Bool

        /// An ending with `status` (a signal's number when `bySignal`).
        public init(status: Int32, bySignal: Bool) {
            self.status = status
            self.bySignal = bySignal
        }
    }

    private struct State {
        var termination: Termination?
        var waiters: [Int: CheckedContinuation<Termination?, Never>] = [:]
        var nextWaiter = 0
    }

    /// The child's process id.
    public let processIdentifier: pid_t
    private let state = Mutex(State())
    private let ended = DispatchSemaphore(value: 0)

    /// Starts `executable` with `arguments`.
    /// - Parameters:
    ///   - environment: the child's whole environment; `nil` inherits the test's.
    ///   - directory: the working directory; `nil` is the repository root.
    public init(
        _ executable: URL,
        _ arguments: [String],
        environment: [String: String]? = nil,
        directory: URL? = nil,
        input: Input = .null,
        output: Output = .null,
        error: Output = .null
    ) throws {
        var strings = CStrings()
        defer { strings.free() }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }

        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        posix_spawnattr_setsigmask(&attributes, &unblocked)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for number in [SIGTERM, SIGINT, SIGHUP, SIGPIPE, SIGQUIT, SIGCHLD] { sigaddset(&defaults, number) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        switch input {
        case .null: posix_spawn_file_actions_addopen(&actions, 0, try strings.add("/dev/null"), O_RDONLY, 0)
        case .file(let path): posix_spawn_file_actions_addopen(&actions, 0, try strings.add(path), O_RDONLY, 0)
        }
        var readers: [(fd: Int32, deliver: @Sendable (String?) -> Void)] = []
        var writeEnds: [Int32] = []
        defer { for fd in writeEnds { close(fd) } }
        for (target, destination) in [(Int32(1), output), (Int32(2), error)] {
            switch destination {
            case .null:
                posix_spawn_file_actions_addopen(&actions, target, try strings.add("/dev/null"), O_WRONLY, 0)
            case .file(let path):
                posix_spawn_file_actions_addopen(
                    &actions,
                    target,
                    try strings.add(path),
                    O_WRONLY | O_CREAT | O_TRUNC,
                    0o644
                )
            case .inherit:
                break
            case .lines(let deliver):
                var ends: [Int32] = [0, 0]
                guard pipe(&ends) == 0 else {
                    for reader in readers { close(reader.fd) }
                    throw SpawnError(executable: executable, detail: "pipe: \(String(cString: strerror(errno)))")
                }
                // Close-on-exec for children started elsewhere; ours close all but 0-2 anyway.
                _ = fcntl(ends[0], F_SETFD, FD_CLOEXEC)
                _ = fcntl(ends[1], F_SETFD, FD_CLOEXEC)
                readers.append((ends[0], deliver))
                writeEnds.append(ends[1])
                posix_spawn_file_actions_adddup2(&actions, ends[1], target)
            }
        }
        guard let addChdir = GNUSpawn.addChdir, let addClosefrom = GNUSpawn.addClosefrom else {
            throw SpawnError(
                executable: executable,
                detail: "this C library lacks posix_spawn's chdir and closefrom (glibc 2.34 or later has them)"
            )
        }
        _ = addChdir(&actions, try strings.add((directory ?? Repository.root).path))
        _ = addClosefrom(&actions, 3)

        var argv: [UnsafeMutablePointer<CChar>?] = [try strings.add(executable.path)]
        for argument in arguments { argv.append(try strings.add(argument)) }
        argv.append(nil)
        var envp: [UnsafeMutablePointer<CChar>?]?
        if let environment {
            var entries: [UnsafeMutablePointer<CChar>?] = []
            for (key, value) in environment { entries.append(try strings.add("\(key)=\(value)")) }
            envp = entries + [nil]
        }
        var pid: pid_t = 0
        let code =
            if let envp {
                posix_spawn(&pid, executable.path, &actions, &attributes, argv, envp)
            } else {
                posix_spawn(&pid, executable.path, &actions, &attributes, argv, environ)
            }
        guard code == 0 else {
            for reader in readers { close(reader.fd) }
            throw SpawnError(executable: executable, detail: String(cString: strerror(code)))
        }
        processIdentifier = pid
        for reader in readers { Self.readLines(reader.fd, reader.deliver) }
        let thread = Thread { [self] in awaitExit() }
        thread.name = "child-\(pid)"
        thread.start()
    }

    /// Whether the child is still running (it has not ended, or its end was not yet seen).
    public var isRunning: Bool { state.withLock { $0.termination == nil } }

    /// How the child ended, once it has.
    public var termination: Termination? { state.withLock { $0.termination } }

    /// Sends `signal` unless the child has ended (its process id may belong to another by then).
    public func send(_ signal: Int32) {
        state.withLock { state in
            if state.termination == nil { kill(processIdentifier, signal) }
        }
    }

    /// Blocks this thread until the child ends, or until `timeout` passes (nil).
    @discardableResult
    public func waitForExit(timeout: Duration? = nil) -> Termination? {
        if let timeout {
            guard ended.wait(timeout: .now() + timeout.dispatchInterval) == .success else { return nil }
        } else {
            ended.wait()
        }
        ended.signal()  // for the next waiter
        return termination
    }

    /// Waits, without blocking a thread, until the child ends.
    public func exit() async -> Termination {
        await exit(timeout: nil) ?? Termination(status: 0, bySignal: false)
    }

    /// Waits, without blocking a thread, until the child ends or `timeout` passes (nil: it still runs).
    public func exit(timeout: Duration?) async -> Termination? {
        let id = state.withLock { state in
            defer { state.nextWaiter += 1 }
            return state.nextWaiter
        }
        // A dispatch timer, not a task: a test process's cooperative pool can be busy for long
        // stretches (synchronous tests block its threads), and a timeout must still fire.
        let timer = timeout.map { timeout in
            let item = DispatchWorkItem { [self] in
                let waiter = state.withLock { state in state.waiters.removeValue(forKey: id) }
                waiter?.resume(returning: nil)
            }
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout.dispatchInterval, execute: item)
            return item
        }
        defer { timer?.cancel() }
        return await withCheckedContinuation { continuation in
            let ready: Termination? = state.withLock { state in
                if let termination = state.termination { return termination }
                state.waiters[id] = continuation
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    /// The waiting thread: sees the end without reaping (the id stays ours while ``send(_:)``
    /// checks), records it, then reaps.
    private func awaitExit() {
        var info = siginfo_t()
        while waitid(P_PID, id_t(processIdentifier), &info, WEXITED | WNOWAIT) != 0 && errno == EINTR {}
        let (termination, waiters) = state.withLock { state in
            var raw: Int32 = 0
            while waitpid(processIdentifier, &raw, 0) == -1 && errno == EINTR {}
            let signal = raw & 0x7f
            let termination = Termination(status: signal != 0 ? signal : (raw >> 8) & 0xff, bySignal: signal != 0)
            state.termination = termination
            defer { state.waiters.removeAll() }
            return (termination, state.waiters)
        }
        ended.signal()
        for waiter in waiters.values { waiter.resume(returning: termination) }
    }

    /// Reads `fd` until end of file on a thread of its own, handing complete lines to `deliver`.
    private static func readLines(_ fd: Int32, _ deliver: @escaping @Sendable (String?) -> Void) {
        let thread = Thread {
            var pending: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 65_536)
            while true {
                let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { break }
                pending += chunk[..<count]
                var start = 0
                while let newline = pending[start...].firstIndex(of: UInt8(ascii: "\n")) {
                    deliver(String(decoding: pending[start..<newline], as: UTF8.self))
                    start = newline + 1
                }
                pending.removeFirst(start)
            }
            close(fd)
            if !pending.isEmpty { deliver(String(decoding: pending, as: UTF8.self)) }
            deliver(nil)
        }
        thread.name = "child-output"
        thread.start()
    }
}

/// A child that could not be started.
public struct SpawnError: Error, CustomStringConvertible {
    /// The program.
    public var executable: URL
    /// Why.
    public var detail: String
    /// `cannot start <path>: <why>`.
    public var description: String { "cannot start \(executable.path): \(detail)" }
}

/// glibc's `posix_spawn_file_actions_addchdir_np` and `posix_spawn_file_actions_addclosefrom_np`
/// (2.29 and 2.34), which Swift's Glibc module does not declare (they need `_GNU_SOURCE`).
private enum GNUSpawn {
    typealias AddChdir =
        @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, UnsafePointer<CChar>?) -> Int32
    typealias AddClosefrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32

    static let addChdir: AddChdir? = symbol("posix_spawn_file_actions_addchdir_np")
    static let addClosefrom: AddClosefrom? = symbol("posix_spawn_file_actions_addclosefrom_np")

    private static func symbol<T>(_ name: String) -> T? {
        // RTLD_DEFAULT: every library loaded.
        guard let address = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else { return nil }
        return unsafeBitCast(address, to: T.self)
    }
}

/// C strings that live until ``free()``.
private struct CStrings {
    private var pointers: [UnsafeMutablePointer<CChar>] = []

    mutating func add(_ string: String) throws -> UnsafeMutablePointer<CChar> {
        guard let copy = strdup(string) else {
            throw SpawnError(executable: URL(fileURLWithPath: string), detail: "out of memory")
        }
        pointers.append(copy)
        return copy
    }

    func free() {
        for pointer in pointers { Foundation.free(pointer) }
    }
}
