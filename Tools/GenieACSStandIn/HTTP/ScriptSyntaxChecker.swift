import FerruleJSON
import Foundation
import Synchronization

/// GenieACS 1.2.16 lib/nbi.ts:142-148: provision and virtual-parameter uploads are wrapped in a strict-mode function
/// and compiled with Node's `vm.Script` (syntax only). One long-lived `node` child reads scripts as JSON lines on stdin
/// and answers `{"id":…,"error":null|"SyntaxError: …"}` per line. Without `node` on PATH every script is accepted, with
/// a one-time warning on stderr.
final class ScriptSyntaxChecker: Sendable {
    private struct State {
        var process: pid_t?
        var input: FileHandle?
        var nextID = 0
        var pending: [Int: CheckedContinuation<String?, Never>] = [:]
        var warned = false
        var failed = false
    }

    // `Process` and `FileHandle` are only touched while holding this lock (the reader thread owns stdout).
    private let state = Mutex(State())

    private static let program = """
        const vm = require("vm");
        const rl = require("readline").createInterface({ input: process.stdin });
        rl.on("line", (line) => {
          const r = JSON.parse(line);
          let error = null;
          try { new vm.Script('"use strict";\\n(function(){\\n' + r.script + '\\n})();'); }
          catch (err) { error = err.name + ": " + err.message; }
          process.stdout.write(JSON.stringify({ id: r.id, error }) + "\\n");
        });
        """

    /// nil when the script compiles (or cannot be checked), else `<ErrorName>: <message>`.
    func check(_ script: String) async -> String? {
        await withCheckedContinuation { (c: CheckedContinuation<String?, Never>) in
            let line: (FileHandle, Data)? = state.withLock { s in
                if s.process == nil && !s.failed { start(&s) }
                guard let input = s.input, !s.failed else { return nil }
                s.nextID += 1
                s.pending[s.nextID] = c
                let request = JSONValue.object([("id", .int(s.nextID)), ("script", .string(script))]).compactText
                return (input, Data((request + "\n").utf8))
            }
            guard let (handle, data) = line else {
                c.resume(returning: nil)
                return
            }
            do {
                try handle.write(contentsOf: data)
            } catch {
                failAll()
            }
        }
    }

    func stop() {
        let process: pid_t? = state.withLock { s in
            s.failed = true
            try? s.input?.close()
            return s.process
        }
        if let process { kill(process, SIGTERM) }
        failAll()
    }

    private func start(_ s: inout State) {
        guard let node = Self.findNode() else {
            s.failed = true
            warn(&s, "node is not on PATH; provision and virtual-parameter scripts are accepted unchecked")
            return
        }
        // posix_spawn, not Foundation's Process: Process.run scans /proc/self/fd, copying each
        // dirent's whole 256-byte name, and reads past its buffer when the process holds
        // thousands of descriptors (a crash in memcpy seen in the test process, which embeds the
        // stand-in). The pipes are made close-on-exec; dup2 onto 0 and 1 clears that for the child.
        var input: [Int32] = [0, 0]
        var output: [Int32] = [0, 0]
        guard pipe(&input) == 0 else {
            s.failed = true
            warn(&s, "cannot start node (pipe: \(String(cString: strerror(errno)))); scripts are accepted unchecked")
            return
        }
        guard pipe(&output) == 0 else {
            close(input[0])
            close(input[1])
            s.failed = true
            warn(&s, "cannot start node (pipe: \(String(cString: strerror(errno)))); scripts are accepted unchecked")
            return
        }
        for fd in input + output { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, input[0], 0)
        posix_spawn_file_actions_adddup2(&actions, output[1], 1)
        // The child keeps only 0, 1 and 2: an inherited socket would hold a client's connection open.
        _ = Self.addClosefrom?(&actions, 3)
        let arguments = [node, "-e", Self.program]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, node, &actions, nil, &argv, environ)
        close(input[0])
        close(output[1])
        guard status == 0 else {
            close(input[1])
            close(output[0])
            s.failed = true
            warn(&s, "cannot start node (\(String(cString: strerror(status)))); scripts are accepted unchecked")
            return
        }
        s.process = pid
        s.input = FileHandle(fileDescriptor: input[1], closeOnDealloc: true)
        let reader = FileHandle(fileDescriptor: output[0], closeOnDealloc: true)
        let child = pid
        let thread = Thread { [weak self] in
            self?.readLoop(reader)
            var exit: Int32 = 0
            waitpid(child, &exit, 0)
        }
        thread.name = "genieacs-standin node reader"
        thread.start()
    }

    private func readLoop(_ handle: FileHandle) {
        var buffer: [UInt8] = []
        while true {
            let data = handle.availableData
            if data.isEmpty { break }
            buffer += data
            while let newline = buffer.firstIndex(of: 0x0A) {
                let line = Array(buffer[..<newline])
                buffer.removeSubrange(...newline)
                guard let reply = try? JSONValue.parse(line), let id = reply["id"]?.intValue else { continue }
                let error = reply["error"]?.stringValue
                let c = state.withLock { $0.pending.removeValue(forKey: id) }
                c?.resume(returning: error)
            }
        }
        state.withLock { s in
            // After stop() (failed already set) the exit is the one asked for: nothing to warn about.
            if !s.failed { warn(&s, "the node syntax checker exited; scripts are accepted unchecked") }
            s.failed = true
        }
        failAll()
    }

    private func failAll() {
        let waiting = state.withLock { s in
            s.failed = true
            defer { s.pending = [:] }
            return Array(s.pending.values)
        }
        for c in waiting { c.resume(returning: nil) }
    }

    private func warn(_ s: inout State, _ message: String) {
        guard !s.warned else { return }
        s.warned = true
        FileHandle.standardError.write(Data("genieacs-standin: warning: \(message)\n".utf8))
    }

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34), which Swift's Glibc module does
    /// not declare (it needs `_GNU_SOURCE`); looked up in every loaded library (RTLD_DEFAULT).
    private static let addClosefrom:
        (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32)? = {
            guard
                let address = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np")
            else {
                return nil
            }
            return unsafeBitCast(
                address,
                to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32).self
            )
        }()

    private static func findNode() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            for name in ["node", "nodejs"] {
                let candidate = String(dir) + "/" + name
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        return nil
    }
}
