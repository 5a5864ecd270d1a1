public import CurlHTTP
public import FerruleJSON
public import GenieACS

/// A GenieACS 1.2.16 in this process: the stand-in's router and state behind ``GenieACSNBI``, with no sockets
/// and no timers. Its time is the caller's clock: every NBI call first runs the simulated CPEs' work due at that
/// time (informs, sessions, task runs, TransferCompletes), so code driven by a test clock that jumps ahead sees
/// exactly what a real GenieACS would show after that much time, in milliseconds and deterministically.
///
/// ```swift
/// let clock = TestClock(start: …)
/// let acs = try InMemoryGenieACS(scenario: Scenario(devices: 20)) { Int64(clock.now()) }
/// let runner = CampaignRunner(store: store, acs: acs.nbi, clock: clock)
/// ```
///
/// Requests go through the same ``NBIClient`` as over HTTP, so URL encodings and response decoding are the
/// production ones. No time passes inside a call: `POST …/tasks?connection_request&timeout=T` runs the session its
/// connection request starts inside the call when that session would start within `T` (the scenario's
/// `crToSessionMs`) and end within 120 s, and answers 200 (or `202 Task faulted`), as GenieACS 1.2.16 does after
/// waiting (lib/nbi.ts:382-415); otherwise (and without `timeout`) it answers `202 Task queued but not processed` at
/// once and the session comes when the caller's clock moves.
public final class InMemoryGenieACS: Sendable {
    let engine: Engine
    private let router: NBIRouter
    private let checker: ScriptSyntaxChecker
    /// The NBI of this GenieACS.
    public let nbi: NBIClient

    /// Loads the fixtures and registers the scenario's devices at time `now()`.
    ///
    /// - Parameter now: the time, milliseconds since the epoch; usually the caller's test clock.
    /// - Throws: ``ScenarioError`` for unreadable fixtures or out-of-range values.
    public init(scenario: Scenario, now: @escaping @Sendable () -> Int64) throws {
        try scenario.validate()
        let (models, sources) = try FixtureLoader.models(for: scenario)
        var resolved = scenario
        resolved.fixtures = sources
        let engine = Engine(state: StandInState(scenario: resolved, models: models, now: now()), loop: nil, now: now)
        Self.uploadScenarioImages(resolved.firmware.versions, to: engine)
        let checker = ScriptSyntaxChecker()
        let router = NBIRouter(engine: engine, scenario: resolved, checker: checker)
        self.router = router
        self.engine = engine
        self.checker = checker
        nbi = try NBIClient(
            baseURL: "memory://genieacs",
            http: RouterTransport(router: router, engine: engine),
            idempotentAttempts: 1
        )
    }

    deinit { checker.stop() }

    /// The scenario's firmware images (`firmware.versions`) are on the file server, so they are uploaded files, as
    /// `PUT /files/<name>` with a `version` header leaves them (GenieACS 1.2.16 lib/nbi.ts:493-524): GenieACS serves
    /// only a file its `fs.files` collection holds (lib/fs.ts:102-108), and `GET /files` lists that collection
    /// (lib/db/db.ts:36, lib/nbi.ts:589-600). A file of the same name uploaded later replaces it.
    private static func uploadScenarioImages(_ versions: [String: String], to engine: Engine) {
        let now = engine.now()
        engine.withState { s in
            for (name, version) in versions.sorted(by: { $0.key < $1.key }) where s.documents["files"]?[name] == nil {
                s.putFile(
                    name: name,
                    length: 0,
                    metadata: [
                        ("fileType", "1 Firmware Upgrade Image"), ("oui", nil), ("productClass", nil),
                        ("version", version),
                    ],
                    now: now
                )
            }
        }
    }

    /// What a request meets between the client and this GenieACS (a reverse proxy, a network):
    /// it gets the request and a function that sends it on, and answers in GenieACS's place — a
    /// 502 before the request reaches GenieACS, a 504 or a dropped connection after it did — or
    /// passes GenieACS's answer on.
    public typealias Exchange =
        @Sendable (HTTPRequest, _ forward: @Sendable (HTTPRequest) async throws -> HTTPResponse) async throws
        -> HTTPResponse

    /// An NBI client of this GenieACS whose every request goes through `exchange` (for tests of
    /// what a lost answer or a failing proxy does to a caller).
    public func nbi(through exchange: @escaping Exchange) throws -> NBIClient {
        try NBIClient(
            baseURL: "memory://genieacs",
            http: InterposedTransport(base: RouterTransport(router: router, engine: engine), exchange: exchange),
            idempotentAttempts: 1
        )
    }

    /// The ids of the registered devices, in `_id` order.
    public func deviceIDs() -> [String] {
        engine.withState { s in s.devices.filter(\.registered).map(\.id) }
    }

    /// The counters of `GET /_standin/stats` (tasks created per kind, sessions, connection requests …).
    public func stats() -> JSONValue {
        engine.withState { s in s.stats.json(collections: s.collectionCounts) }
    }

    /// Takes a CPE on- or offline; false when there is no such device.
    @discardableResult
    public func setOnline(_ deviceID: String, _ online: Bool) -> Bool {
        engine.withState { $0.setOnline(deviceID, online) }
    }
}

/// A transport that hands each request to `exchange` with the way on to `base`.
struct InterposedTransport: NBITransport {
    let base: RouterTransport
    let exchange: InMemoryGenieACS.Exchange

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        try await exchange(request) { try await base.send($0) }
    }
}
