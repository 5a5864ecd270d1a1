import Campaigns
import FerruleCore
import FerruleJSON
import FerruleServer
import FerruleTestSupport
import Foundation
import GenieACS
import GenieACSStandIn
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PONCampaigns
import PONEvents
import Testing
import VOLTHA

/// The API on an in-process router over an in-memory GenieACS: requests carry their principal in
/// test headers (`X-Test-Tenant`, `X-Test-Permissions`), which a small middleware turns into
/// ``Principal/current`` as the server's authentication middleware does.
struct APITestHarness {
    /// Tenants: `acme` (the GenieACS below, and the VOLTHA when given), `globex` (another store,
    /// the same GenieACS), `bare` (no upstreams).
    struct Directory: TenantDirectory {
        let acs: any GenieACSNBI
        let voltha: VolthaConfiguration?
        func upstreams(for tenant: String) async throws -> TenantUpstreams? {
            switch tenant {
            case "acme": TenantUpstreams(acs: acs, voltha: voltha)
            case "globex": TenantUpstreams(acs: acs, voltha: nil)
            case "bare": TenantUpstreams(acs: nil, voltha: nil)
            default: nil
            }
        }
    }

    /// Sets ``Principal/current`` from the test headers; none without `X-Test-Tenant`.
    struct TestPrincipal<Context: RequestContext>: RouterMiddleware {
        func handle(
            _ request: Request,
            context: Context,
            next: (Request, Context) async throws -> Response
        ) async throws -> Response {
            guard let tenantField = HTTPField.Name("X-Test-Tenant"), let tenant = request.headers[tenantField] else {
                return try await next(request, context)
            }
            let permissions = HTTPField.Name("X-Test-Permissions").flatMap { request.headers[$0] } ?? "*"
            let principal = Principal(
                tenant: tenant,
                subject: "test-token",
                permissions: PermissionSet(grants: permissions.split(separator: ",").map(String.init))
            )
            return try await Principal.$current.withValue(principal) { try await next(request, context) }
        }
    }

    var genieacs: InMemoryGenieACS
    let state: URL
    let now: Double
    /// The tenant `acme`'s VOLTHA, when a test starts one.
    var voltha: VolthaConfiguration?
    /// The tenant `acme`'s PON event store, when a test gives one.
    var events: EventStore?
    /// The tenant `globex`'s PON event store, when a test gives one (else it has none: 503).
    var globexEvents: EventStore?
    /// Shared VOLTHA connections, when a test gives them (else one connection per call).
    var connections: TenantConnections?
    /// Each tenant's own secrets, when a test gives them (else none).
    var secrets: [String: SecretStore] = [:]
    /// The API's clock, when a test moves it (else ``FixedClock`` at `now`).
    var clock: (any CampaignClock)?
    /// The GenieACS of `acme` and `globex`, when a test gives its own (else the in-memory one).
    var acs: (any GenieACSNBI)?
    /// Where the runner would find each tenant's PON plane, when a test gives it (else not checked).
    var ponPlane: (@Sendable (String) -> PONPlaneSources)?
    /// The most devices the statistics read, when a test lowers it (else the server's 10,000).
    var deviceStatsScanLimit: Int?
    /// The server's data model files, when a test gives them (else it has none).
    var modelFiles: [String] = []
    /// Told when a route started a campaign (the server wakes its runner then).
    var campaignStarted: (@Sendable () -> Void)?

    /// Monday 7 December 2026, 00:00 UTC.
    static let monday: Double = 1_796_601_600_000

    init(devices: Int = 5, now: Double = APITestHarness.monday) throws {
        var scenario = Scenario(devices: devices)
        scenario.fixtures = [Scenario.FixtureSource(.embeddedTR098)]
        scenario.onlineRatio = 1
        let clock = now
        genieacs = try InMemoryGenieACS(scenario: scenario) { Int64(clock) }
        state = try Scratch.directory("ferrule-api")
        self.now = now
    }

    /// Runs `body` with a client of a router holding the API.
    func test(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let router = Router()
        router.add(middleware: TestPrincipal())
        let clock = self.clock ?? FixedClock(time: now)
        var options = FerruleAPI.Options(
            secrets: { [secrets] tenant in secrets[tenant] ?? SecretStore() },
            events: { [events, globexEvents] tenant in
                switch tenant {
                case "acme": events
                case "globex": globexEvents
                default: nil
                }
            },
            clock: clock,
            connections: connections,
            ponPlane: ponPlane
        )
        if let deviceStatsScanLimit { options.deviceStatsScanLimit = deviceStatsScanLimit }
        if !modelFiles.isEmpty { options.serverModels = ServerModels(files: modelFiles) }
        if let campaignStarted { options.campaignStarted = campaignStarted }
        let api = FerruleAPI(
            tenants: Directory(acs: acs ?? genieacs.nbi, voltha: voltha),
            campaigns: TenantCampaignStores(root: state.path),
            options: options
        )
        try api.register(on: router)
        let app = Application(router: router)
        try await app.test(.router, body)
    }
}

/// A clock that stays at one instant: schedules are judged against it, never against the wall clock.
struct FixedClock: CampaignClock {
    let time: Double
    func now() -> Double { time }
    func sleep(for duration: Duration) async throws { try await Task.sleep(for: duration) }
}

/// A request as a client sends it: method, path, principal, JSON body.
struct APIRequest: Sendable {
    var method: HTTPRequest.Method = .get
    var path: String
    var tenant: String? = "acme"
    var permissions: String = "*"
    var body: String? = nil
    /// The `Accept` header, when a test sends one.
    var accept: String? = nil

    var headers: HTTPFields {
        var fields = HTTPFields()
        if let accept { fields[.accept] = accept }
        if let tenant, let name = HTTPField.Name("X-Test-Tenant") { fields[name] = tenant }
        if let name = HTTPField.Name("X-Test-Permissions") { fields[name] = permissions }
        if body != nil { fields[.contentType] = "application/json" }
        return fields
    }
}

extension APIRequest {
    /// A campaign file's text posted to `/api/v1/ferrule/campaigns` as `{"spec": …}`.
    static func createCampaign(spec: String) -> APIRequest {
        APIRequest(
            method: .post,
            path: "/api/v1/ferrule/campaigns",
            body: JSONValue.object([("spec", .string(spec))]).compactText
        )
    }

    /// `body` posted to `/api/v1/genieacs/mass-config`.
    static func massConfig(_ body: String) -> APIRequest {
        APIRequest(method: .post, path: "/api/v1/genieacs/mass-config", body: body)
    }
}

/// A response's status, headers and JSON body.
struct APIResponse: Sendable {
    var status: Int
    var json: JSONValue
    var text: String
    var headers: HTTPFields = [:]

    /// `detail` of an error body.
    var detail: String? { json["detail"]?.stringValue }
}

extension TestClientProtocol {
    /// Sends `request` and reads the JSON answer (`.null` for an empty body).
    func send(_ request: APIRequest) async throws -> APIResponse {
        try await execute(
            uri: request.path,
            method: request.method,
            headers: request.headers,
            body: request.body.map { ByteBuffer(string: $0) }
        ) { response in
            let text = String(buffer: response.body)
            let json = text.isEmpty ? JSONValue.null : try JSONValue.parse(text)
            return APIResponse(status: Int(response.status.code), json: json, text: text, headers: response.headers)
        }
    }
}
