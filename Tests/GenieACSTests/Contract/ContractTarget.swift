import CurlHTTP
import FerruleJSON
import Foundation
import GenieACS
import GenieACSStandIn
import Testing

/// Where the NBI contract suite runs.
///
/// Every test runs against an in-process stand-in (`genieacs-standin`'s library) with a scenario
/// of its own. When `GENIEACS_URL` names a real GenieACS, the tests marked ``realToo`` run against
/// it as well, so the stand-in can be corrected the day a real one disagrees. Tests that need the
/// stand-in's fault injection or device controls, or that would crash a real NBI worker (GenieACS 1.2.16
/// lib/server.ts:89-100, bin/genieacs-nbi.ts:75-83), run on the stand-in only.
struct ContractTarget: Sendable {
    enum Kind: String, Sendable, CustomTestStringConvertible {
        case standIn = "stand-in"
        case real = "real GenieACS"
        var testDescription: String { rawValue }
    }

    /// `GENIEACS_URL`, when set.
    static let realURL: String? = {
        let url = ProcessInfo.processInfo.environment["GENIEACS_URL"]
        return url?.isEmpty == false ? url : nil
    }()

    /// The targets a test shared by both runs against.
    static let realToo: [Kind] = realURL == nil ? [.standIn] : [.standIn, .real]

    let kind: Kind
    let acs: NBIClient
    let http: HTTPClient
    let server: StandInServer?

    /// Runs `body` against a target: a fresh stand-in with `scenario`, or the real GenieACS.
    static func with(
        _ kind: Kind = .standIn,
        _ configure: (inout Scenario) -> Void = { _ in },
        _ body: (ContractTarget) async throws -> Void
    ) async throws {
        let http = try HTTPClient()
        defer { http.shutdown() }
        switch kind {
        case .real:
            guard let url = realURL else { return }
            try await body(
                ContractTarget(kind: .real, acs: try NBIClient(baseURL: url, http: http), http: http, server: nil)
            )
        case .standIn:
            var scenario = Scenario(devices: 12, serialPrefix: "FRL-", seed: 7)
            scenario.informIntervalSeconds = 0
            scenario.deviceOnlineThresholdMs = 30_000
            // A crashed worker closes at once here; `crashCloseMs` has its own test.
            scenario.latencies = .init(crToSessionMs: 10, sessionDurationMs: 20, crashCloseMs: 0)
            configure(&scenario)
            let server = try await StandInServer.start(scenario: scenario)
            do {
                try await body(
                    ContractTarget(
                        kind: .standIn,
                        acs: try NBIClient(baseURL: server.baseURL, http: http),
                        http: http,
                        server: server
                    )
                )
            } catch {
                try await server.shutdown()
                throw error
            }
            try await server.shutdown()
        }
    }

    /// A device id to work on: the stand-in's n-th, or `GENIEACS_DEVICE` / the first device of a real one.
    func device(_ n: Int = 0) async throws -> String {
        if let server { return server.deviceIDs()[n] }
        if let id = ProcessInfo.processInfo.environment["GENIEACS_DEVICE"] { return id }
        let page = try await acs.query(.devices, CollectionQuery(projection: ["_id"], limit: n + 1))
        return try #require(page.items.last?["_id"]?.stringValue)
    }

    /// A name for artifacts a test creates, unique per run so real servers are not disturbed.
    static func scratchName(_ base: String) -> String {
        "ferrule-contract-\(base)-\(UUID().uuidString.prefix(8).lowercased())"
    }

    /// The stand-in's counter `key` (`crashes`, `requests`, …).
    func stat(_ key: String) -> Int { server?.stats()[key]?.intValue ?? 0 }

    /// Sends a request that must crash the NBI worker: the client gets no answer, and the stand-in
    /// counts one crash more (a real GenieACS's worker restarts unseen).
    func expectCrash(
        _ method: String,
        _ path: String,
        body: String = "",
        _ comment: Comment? = nil,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) async {
        let before = stat("crashes")
        await #expect(throws: HTTPClientError.self, comment, sourceLocation: sourceLocation) {
            try await raw(method, path, body: body)
        }
        if server != nil { #expect(stat("crashes") > before, comment, sourceLocation: sourceLocation) }
    }

    /// A raw call, for facts the client relies on but does not expose.
    func raw(_ method: String, _ path: String, body: String = "") async throws -> HTTPResponse {
        try await http.send(HTTPRequest(method: method, url: acs.baseURL + path, body: Array(body.utf8)))
    }

    /// Stand-in control: take a CPE offline or online.
    func setOnline(_ device: String, _ online: Bool) async throws {
        let response = try await raw("POST", "/_standin/devices/\(device.percentEncodedSegment)/online?value=\(online)")
        #expect(response.status == 200)
    }

    /// Stand-in control: the CPE informs now; returns when that session has ended.
    func inform(_ device: String) async throws {
        let response = try await raw("POST", "/_standin/devices/\(device.percentEncodedSegment)/inform")
        #expect(response.status == 200)
    }

    /// Polls `condition` until it holds or `timeout` passes.
    func eventually(
        _ timeout: Duration = .seconds(20),
        _ condition: () async throws -> Bool
    ) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return try await condition()
    }
}

extension String {
    /// Percent-encodes for a path segment (device ids carry `%XX`, which must travel as `%25XX`).
    var percentEncodedSegment: String {
        var out = ""
        for byte in utf8 {
            let c = Character(Unicode.Scalar(byte))
            if c.isLetter && byte < 0x80 || c.isNumber && byte < 0x80 || c == "_" || c == "-" {
                out.append(c)
            } else {
                out += String(format: "%%%02X", byte)
            }
        }
        return out
    }
}
