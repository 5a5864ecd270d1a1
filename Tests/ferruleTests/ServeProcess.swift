import FerruleTestSupport
import Foundation
import Synchronization

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A `ferrule serve` child for end-to-end tests: started on port 0, its address read from the
/// first line of standard output, its log (standard error) readable at any time, stopped with
/// SIGTERM and its exit status awaited.
final class ServeProcess: Sendable {
    /// `http://127.0.0.1:<port>`.
    let url: String
    let processIdentifier: Int32
    private let process: Process
    private let logURL: URL
    private let exit: ExitStatusBox

    private init(url: String, process: Process, logURL: URL, exit: ExitStatusBox) {
        self.url = url
        self.process = process
        self.processIdentifier = process.processIdentifier
        self.logURL = logURL
        self.exit = exit
    }

    deinit {
        if process.isRunning { kill(processIdentifier, SIGKILL) }
    }

    /// Starts `ferrule serve` with `arguments` (after `serve`) and waits for `listening on …`.
    static func start(_ arguments: [String], environment: [String: String] = [:]) async throws -> ServeProcess {
        let directory = try Scratch.directory("ferrule-serve")
        let logURL = directory.appendingPathComponent("stderr")
        try Data().write(to: logURL)
        let process = Process()
        process.executableURL = FerruleRunner.executable
        process.arguments = ["serve"] + arguments
        process.environment = FerruleRunner.childEnvironment(environment)
        process.standardInput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: logURL)
        let stdout = Pipe()
        process.standardOutput = stdout
        let firstLine = FirstLineBox()
        // Blocking reads on a thread of its own (no FileHandle.readabilityHandler: its dispatch
        // source's teardown has crashed libdispatch in runs with many children).
        let reader = stdout.fileHandleForReading
        let thread = Thread {
            while true {
                let data = reader.availableData
                firstLine.receive(data)
                if data.isEmpty { break }
            }
        }
        thread.name = "serve-output"
        let exit = ExitStatusBox()
        process.terminationHandler = { process in
            firstLine.receive(Data())
            exit.finish(process.terminationStatus)
        }
        try ProcessLaunch.run(process)
        thread.start()
        let watchdog = Task {
            try? await Task.sleep(for: .seconds(120))
            if !Task.isCancelled { firstLine.receive(Data()) }
        }
        let line = await firstLine.value()
        watchdog.cancel()
        let prefix = "listening on "
        guard let line, line.hasPrefix(prefix) else {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            let log = String(decoding: (try? Data(contentsOf: logURL)) ?? Data(), as: UTF8.self)
            throw E2EError("ferrule serve did not start (first line \(line ?? "none")): \(log)")
        }
        return ServeProcess(url: String(line.dropFirst(prefix.count)), process: process, logURL: logURL, exit: exit)
    }

    /// What the server logged so far.
    var log: String { String(decoding: (try? Data(contentsOf: logURL)) ?? Data(), as: UTF8.self) }

    /// Sends SIGTERM and waits (up to `timeout`) for the exit status; nil when it did not exit.
    func terminate(timeout: Duration = .seconds(60)) async -> Int32? {
        if process.isRunning { kill(processIdentifier, SIGTERM) }
        return await exit.value(timeout: timeout)
    }

    /// Waits until `condition` holds on the log, up to `timeout`.
    func waitForLog(_ timeout: Duration = .seconds(60), _ condition: (String) -> Bool) async throws {
        try await until(timeout, "log condition; log: \(log)") { condition(self.log) }
    }

    struct Response {
        var status: Int
        var body: String
        var headers: [String: String]
    }

    /// One request to the server.
    func request(_ method: String, _ path: String, headers: [String: String] = [:], body: String? = nil) async throws
        -> Response
    {
        guard let target = URL(string: url + path) else { throw E2EError("bad URL \(url + path)") }
        var request = URLRequest(url: target, timeoutInterval: 60)
        request.httpMethod = method
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        if let body { request.httpBody = Data(body.utf8) }
        let (data, response) = try await URLSession.shared.data(for: request)
        guard let http = response as? HTTPURLResponse else { throw E2EError("\(method) \(path): not HTTP") }
        var fields: [String: String] = [:]
        for (key, value) in http.allHeaderFields {
            if let key = key as? String, let value = value as? String { fields[key.lowercased()] = value }
        }
        return Response(status: http.statusCode, body: String(decoding: data, as: UTF8.self), headers: fields)
    }
}

/// Polls `condition` every 50 ms until it holds; fails after `timeout` naming `what`.
func until(_ timeout: Duration, _ what: @autoclosure () -> String, _ condition: () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now + timeout
    while try await !condition() {
        guard ContinuousClock.now < deadline else { throw E2EError("timed out waiting for \(what())") }
        try await Task.sleep(for: .milliseconds(50))
    }
}

/// The first line of a stream, delivered once.
private final class FirstLineBox: Sendable {
    private let state = Mutex<(buffer: [UInt8], result: String??, waiter: CheckedContinuation<String?, Never>?)>(
        ([], nil, nil)
    )

    func receive(_ data: Data) {
        let (waiter, line): (CheckedContinuation<String?, Never>?, String?) = state.withLock { state in
            guard state.result == nil else { return (nil, nil) }
            state.buffer += data
            let line: String?
            if let newline = state.buffer.firstIndex(of: UInt8(ascii: "\n")) {
                line = String(decoding: state.buffer[..<newline], as: UTF8.self)
            } else if data.isEmpty {
                line = nil
            } else {
                return (nil, nil)
            }
            state.result = .some(line)
            defer { state.waiter = nil }
            return (state.waiter, line)
        }
        waiter?.resume(returning: line)
    }

    func value() async -> String? {
        await withCheckedContinuation { continuation in
            let ready: String?? = state.withLock { state in
                if let result = state.result { return result }
                state.waiter = continuation
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }
}

/// A child's exit status, awaited with a timeout.
private final class ExitStatusBox: Sendable {
    private let status = Mutex<Int32?>(nil)

    func finish(_ value: Int32) { status.withLock { $0 = value } }

    func value(timeout: Duration) async -> Int32? {
        try? await until(timeout, "exit") { self.status.withLock { $0 } != nil }
        return status.withLock { $0 }
    }
}
