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
    private let process: SpawnedProcess
    private let logURL: URL

    private init(url: String, process: SpawnedProcess, logURL: URL) {
        self.url = url
        self.process = process
        self.processIdentifier = process.processIdentifier
        self.logURL = logURL
    }

    deinit { process.send(SIGKILL) }

    /// Starts `ferrule serve` with `arguments` (after `serve`) and waits for `listening on …`.
    static func start(_ arguments: [String], environment: [String: String] = [:]) async throws -> ServeProcess {
        let directory = try Scratch.directory("ferrule-serve")
        let logURL = directory.appendingPathComponent("stderr")
        try Data().write(to: logURL)
        let firstLine = FirstLineBox()
        let process = try SpawnedProcess(
            FerruleRunner.executable,
            ["serve"] + arguments,
            environment: FerruleRunner.childEnvironment(environment),
            output: .lines { line in firstLine.receive(line) },
            error: .file(logURL.path)
        )
        let watchdog = Task {
            try? await Task.sleep(for: .seconds(120))
            if !Task.isCancelled { firstLine.receive(nil) }
        }
        let line = await firstLine.value()
        watchdog.cancel()
        let prefix = "listening on "
        guard let line, line.hasPrefix(prefix) else {
            process.send(SIGKILL)
            let log = String(decoding: (try? Data(contentsOf: logURL)) ?? Data(), as: UTF8.self)
            throw E2EError("ferrule serve did not start (first line \(line ?? "none")): \(log)")
        }
        return ServeProcess(url: String(line.dropFirst(prefix.count)), process: process, logURL: logURL)
    }

    /// What the server logged so far.
    var log: String { String(decoding: (try? Data(contentsOf: logURL)) ?? Data(), as: UTF8.self) }

    /// Sends SIGTERM and waits (up to `timeout`) for the exit status; nil when it did not exit.
    func terminate(timeout: Duration = .seconds(60)) async -> Int32? {
        process.send(SIGTERM)
        return await process.exit(timeout: timeout)?.status
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
    private let state = Mutex<(result: String??, waiter: CheckedContinuation<String?, Never>?)>((nil, nil))

    /// A line of output, or nil at its end; only the first call counts.
    func receive(_ line: String?) {
        let waiter: CheckedContinuation<String?, Never>?? = state.withLock { state in
            guard state.result == nil else { return nil }
            state.result = .some(line)
            defer { state.waiter = nil }
            return .some(state.waiter)
        }
        if let waiter { waiter?.resume(returning: line) }
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
