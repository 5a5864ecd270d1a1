import FerruleJSON
import Foundation
import Synchronization

/// GenieACS 1.2.16 lib/nbi.ts:142-148: provision and virtual-parameter uploads are wrapped in a strict-mode function
/// and compiled with Node's `vm.Script` (syntax only). One long-lived `node` child reads scripts as JSON lines on stdin
/// and answers `{"id":…,"error":null|"SyntaxError: …"}` per line. Without `node` on PATH every script is accepted, with
/// a one-time warning on stderr.
final class ScriptSyntaxChecker: Sendable {
    private struct State {
        var process: Process?
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
        let process: Process? = state.withLock { s in
            s.failed = true
            try? s.input?.close()
            return s.process
        }
        process?.terminate()
        failAll()
    }

    private func start(_ s: inout State) {
        guard let node = Self.findNode() else {
            s.failed = true
            warn(&s, "node is not on PATH; provision and virtual-parameter scripts are accepted unchecked")
            return
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: node)
        process.arguments = ["-e", Self.program]
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        do {
            try process.run()
        } catch {
            s.failed = true
            warn(&s, "cannot start node (\(error)); scripts are accepted unchecked")
            return
        }
        s.process = process
        s.input = stdin.fileHandleForWriting
        let output = stdout.fileHandleForReading
        let thread = Thread { [weak self] in self?.readLoop(output) }
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
            s.failed = true
            warn(&s, "the node syntax checker exited; scripts are accepted unchecked")
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
