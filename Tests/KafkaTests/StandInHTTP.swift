import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Plain HTTP to the GenieACS stand-in from the Kafka end-to-end tests: its NBI (read as a user's
/// script would) and its control endpoints (`/_standin/…`); and to `ferrule serve`'s routes.
struct StandInHTTP: Sendable {
    /// `http://127.0.0.1:PORT`.
    let base: String

    /// The JSON answer to `GET path`.
    func get(_ path: String) async throws -> Any {
        let (data, _) = try await send("GET", path)
        return try JSONSerialization.jsonObject(with: data)
    }

    /// The status and text of the answer to `GET path` with `headers` (`ferrule serve`'s routes).
    func text(_ path: String, headers: [String: String] = [:]) async throws -> (status: Int, body: String) {
        let (data, status) = try await send("GET", path, headers: headers)
        return (status, String(decoding: data, as: UTF8.self))
    }

    /// `POST path` with no body; fails unless the answer is 200.
    func post(_ path: String) async throws {
        let (data, status) = try await send("POST", path)
        guard status == 200 else {
            throw ProbeError("POST \(path): \(status) \(String(decoding: data, as: UTF8.self))")
        }
    }

    /// The `_id`s of the devices matching `query` (a GenieACS query, JSON).
    func deviceIDs(_ query: String) async throws -> [String] {
        let rows = try await get("/devices/?projection=_id&query=" + Self.encode(query)) as? [[String: Any]]
        return (rows ?? []).compactMap { $0["_id"] as? String }.sorted()
    }

    /// The documents of `/tasks/` matching `query`.
    func tasks(_ query: String) async throws -> [[String: Any]] {
        (try await get("/tasks/?query=" + Self.encode(query)) as? [[String: Any]]) ?? []
    }

    /// `tasksCreated[name]` of `/_standin/stats` (0 when absent).
    func tasksCreated(_ name: String) async throws -> Int {
        let stats = try await get("/_standin/stats") as? [String: Any]
        return ((stats?["tasksCreated"] as? [String: Any])?[name] as? Int) ?? 0
    }

    /// A query parameter's value, percent-encoded.
    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
    }

    private func send(_ method: String, _ path: String, headers: [String: String] = [:]) async throws -> (Data, Int) {
        guard let url = URL(string: base + path) else { throw ProbeError("bad URL \(base + path)") }
        var request = URLRequest(url: url, timeoutInterval: 60)
        request.httpMethod = method
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await URLSession.shared.data(for: request)
        return (data, (response as? HTTPURLResponse)?.statusCode ?? 0)
    }
}
