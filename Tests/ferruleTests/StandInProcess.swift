import FerruleTestSupport
import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One test's own `genieacs-standin` (the built executable next to `ferrule`), on a free port.
///
/// Every test starts its own, so tests stay independent and can run in parallel. The fleet is
/// pinned to one fixture (`Fixtures/trees/nbi-device-tr181.json`, a TP-Link EX220) and periodic
/// informs are off, so a device only has a session when a test asks for one. Call ``stop()``
/// (a `defer` right after starting also keeps the process alive for the whole test); `deinit`
/// stops it too.
final class StandInProcess: Sendable {
    /// `http://127.0.0.1:<port>`, from the stand-in's first stdout line.
    var url: String { server.firstLine }
    private let server: ServerProcess
    private let directory: URL

    private init(server: ServerProcess, directory: URL) {
        self.server = server
        self.directory = directory
    }

    deinit { stop() }

    static var executable: URL { Repository.executable("genieacs-standin") }

    /// The fixture every device is a copy of.
    static let fixture = Repository.url("Fixtures/trees/nbi-device-tr181.json").path

    /// The id of device `index` (serials are the six-digit index; OUI and product class from the fixture).
    static func deviceID(_ index: Int) -> String {
        let digits = String(index)
        return "3C52A1-EX220-" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }

    /// Starts `genieacs-standin --port 0` and waits for its `listening on …` line.
    /// - Parameters:
    ///   - devices: the fleet size.
    ///   - scenario: the text of a scenario YAML file (flags still override its keys).
    ///   - extra: more `genieacs-standin` flags.
    static func start(devices: Int = 3, scenario: String? = nil, _ extra: [String] = []) async throws
        -> StandInProcess
    {
        let directory = try Scratch.directory("ferrule-e2e")
        var arguments = [
            "--port", "0", "--devices", String(devices), "--fixture", fixture, "--inform-interval", "0",
        ]
        if let scenario {
            let file = directory.appendingPathComponent("scenario.yaml")
            try Data(scenario.utf8).write(to: file)
            arguments += ["--scenario", file.path]
        }
        arguments += extra
        do {
            // Generous: a loaded 2-core CI machine may take a while to start a debug build and its node child.
            let server = try await ServerProcess.start(
                executable,
                arguments,
                addressPrefix: "listening on ",
                environment: FerruleRunner.childEnvironment([:]),
                startupTimeout: .seconds(60)
            )
            return StandInProcess(server: server, directory: directory)
        } catch {
            try? FileManager.default.removeItem(at: directory)
            throw error
        }
    }

    /// Sends SIGTERM (the stand-in shuts down cleanly and exits 0).
    func stop() {
        server.stop()
        try? FileManager.default.removeItem(at: directory)
    }

    /// Runs `ferrule` with `--acs <this stand-in>` appended.
    func ferrule(_ arguments: [String], environment: [String: String] = [:]) async throws -> FerruleRunner.Output {
        try await FerruleRunner.execute(arguments + ["--acs", url], environment: environment)
    }

    // MARK: - Talking to the stand-in directly (as someone editing GenieACS by hand would)

    struct Response {
        var status: Int
        var body: String
    }

    /// One HTTP request to the stand-in.
    @discardableResult
    func request(_ method: String, _ path: String, body: String? = nil) async throws -> Response {
        guard let target = URL(string: url + path) else { throw E2EError("bad URL \(url + path)") }
        var request = URLRequest(url: target, timeoutInterval: 60)
        request.httpMethod = method
        if let body { request.httpBody = Data(body.utf8) }
        let (data, response) = try await URLSession.shared.data(for: request)
        guard let http = response as? HTTPURLResponse else { throw E2EError("\(method) \(path): not HTTP") }
        return Response(status: http.statusCode, body: String(decoding: data, as: UTF8.self))
    }

    /// `PUT /presets/<name>` with a JSON document, as the GenieACS UI or a script would.
    func putPreset(_ name: String, _ json: String) async throws {
        let response = try await request("PUT", "/presets/\(name)", body: json)
        guard response.status == 200 else { throw E2EError("PUT preset \(name): \(response.status) \(response.body)") }
    }

    /// `PUT /presets/<name>` with a document read back from GenieACS and edited (its `_id` removed).
    func putPreset(_ name: String, document: [String: Any]) async throws {
        var document = document
        document["_id"] = nil
        try await putPreset(name, String(decoding: try JSONSerialization.data(withJSONObject: document), as: UTF8.self))
    }

    /// `PUT /provisions/<name>` with the raw script as the body.
    func putProvision(_ name: String, _ script: String) async throws {
        let response = try await request("PUT", "/provisions/\(name)", body: script)
        guard response.status == 200 else {
            throw E2EError("PUT provision \(name): \(response.status) \(response.body)")
        }
    }

    /// `PUT /virtual_parameters/<name>` with the raw script as the body.
    func putVirtualParameter(_ name: String, _ script: String) async throws {
        let response = try await request("PUT", "/virtual_parameters/\(name)", body: script)
        guard response.status == 200 else {
            throw E2EError("PUT virtual parameter \(name): \(response.status) \(response.body)")
        }
    }

    /// The documents of a collection, optionally one by `_id`.
    func documents(_ collection: String, id: String? = nil) async throws -> [[String: Any]] {
        var path = "/\(collection)/"
        if let id {
            let query = try JSONSerialization.data(withJSONObject: ["_id": id])
            let encoded =
                String(decoding: query, as: UTF8.self)
                .addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            path += "?query=" + encoded
        }
        let response = try await request("GET", path)
        guard response.status == 200,
            let rows = try JSONSerialization.jsonObject(with: Data(response.body.utf8)) as? [[String: Any]]
        else { throw E2EError("GET \(path): \(response.status) \(response.body)") }
        return rows
    }

    /// Takes a simulated CPE on- or offline (stand-in control endpoint, not GenieACS).
    func setOnline(_ device: String, _ online: Bool) async throws {
        let response = try await request("POST", "/_standin/devices/\(device)/online?value=\(online)")
        guard response.status == 200 else { throw E2EError("online \(device): \(response.status)") }
    }

    /// Makes a CPE inform now; returns when that session has ended (stand-in control endpoint).
    func inform(_ device: String) async throws {
        let response = try await request("POST", "/_standin/devices/\(device)/inform")
        guard response.status == 200 else { throw E2EError("inform \(device): \(response.status)") }
    }

    /// The stand-in's counters (`GET /_standin/stats`).
    func stats() async throws -> [String: Any] {
        let response = try await request("GET", "/_standin/stats")
        guard let stats = try JSONSerialization.jsonObject(with: Data(response.body.utf8)) as? [String: Any] else {
            throw E2EError("stats: \(response.body)")
        }
        return stats
    }
}
