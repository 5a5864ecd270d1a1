public import Campaigns
public import DataModel
public import FerruleCore
import Foundation
public import Hummingbird
import OpenAPIHummingbird
import OpenAPIRuntime
public import PONCampaigns
public import PONEvents

/// The REST API of `ferrule serve` (openapi/ferrule.yaml): DotMac's `/genieacs` and `/voltha`
/// routes and Ferrule's own `/ferrule` routes, each backed by the engine that does the work.
///
/// The server builds one and registers it on its router; authentication runs before it (a
/// middleware that sets ``Principal/current``), and each handler checks its one permission:
///
/// ```swift
/// let api = FerruleAPI(tenants: directory, campaigns: TenantCampaignStores(root: stateDirectory))
/// let router = Router()
/// router.add(middleware: authentication)   // sets Principal.$current for the handlers below it
/// try api.register(on: router)             // /api/v1/…, /api/isp/v1/…, /openapi.json
/// ```
///
/// Every route is registered under both ``APIPrefix`` values. `/healthz`, `/readyz` and
/// `/openapi.json` need no principal; every other route answers 401 without one.
public struct FerruleAPI: Sendable {
    /// What the routes beyond the tenant's upstreams need.
    public struct Options: Sendable {
        /// DotMac's `features.pon_alarm_actions_enabled`: acknowledge and clear answer 501 when false.
        public var alarmActionsEnabled: Bool
        /// The data models tree validation and rule linting check against; nil answers those
        /// routes with 503 saying how to configure them.
        public var models: ModelSet?
        /// Models loaded at first use (`ferrule serve`'s, when ``models`` is nil).
        public var serverModels: ServerModels?
        /// Each tenant's values of `${secret:NAME}` for rule plans and deploys (campaign runs are
        /// the runner's): a tenant's own only, never the server's credentials.
        public var secrets: @Sendable (_ tenant: String) -> SecretStore
        /// Each tenant's PON event store (alarms and events from its VOLTHA's `voltha.events`), behind
        /// `/voltha/alarms` and `/voltha/events`; nil, or nil for a tenant, answers them with 503.
        public var events: (@Sendable (String) throws -> EventStore?)?
        /// The time schedules, jobs and campaigns are created and judged at (the wall clock unless a
        /// test gives its own).
        public var clock: any CampaignClock
        /// VOLTHA connections kept open and shared by requests (the server's); nil opens one per call.
        public var connections: TenantConnections?
        /// Where the runner finds a tenant's PON topology and events; creating or starting a campaign
        /// whose PON keys it cannot serve is refused (nil: not checked).
        public var ponPlane: (@Sendable (_ tenant: String) -> PONPlaneSources)?
        /// The most devices `GET /genieacs/devices/stats/summary` reads for its manufacturer and
        /// model counts (the totals are GenieACS's own counts, whatever the fleet's size).
        public var deviceStatsScanLimit = 10_000
        /// The campaign stores beside a tenant's whose open campaigns also count when it creates
        /// one (the state directory's and the other tenants': ``CampaignNeighbour``); none by default.
        public var campaignNeighbours: @Sendable (_ tenant: String) -> [CampaignNeighbour] = { _ in [] }
        /// Called after a route started or resumed a campaign (`execute`, `start`, `resume`), so the
        /// runner scans at once instead of at its next interval (``CampaignScheduler/wake()``).
        public var campaignStarted: @Sendable () -> Void = {}

        /// Options with the defaults of a first run: alarm actions on, no models, no secrets.
        public init(
            alarmActionsEnabled: Bool = true,
            models: ModelSet? = nil,
            secrets: @escaping @Sendable (_ tenant: String) -> SecretStore = { _ in SecretStore() },
            events: (@Sendable (String) throws -> EventStore?)? = nil,
            clock: any CampaignClock = SystemClock(),
            connections: TenantConnections? = nil,
            serverModels: ServerModels? = nil,
            ponPlane: (@Sendable (_ tenant: String) -> PONPlaneSources)? = nil
        ) {
            self.ponPlane = ponPlane
            self.alarmActionsEnabled = alarmActionsEnabled
            self.models = models
            self.secrets = secrets
            self.events = events
            self.clock = clock
            self.connections = connections
            self.serverModels = serverModels
        }
    }

    let handler: APIHandler
    /// Recent schedule progress answers, reused until a write (``ProgressCacheMiddleware``).
    let progressAnswers = ProgressResponseCache()

    /// An API over the tenants' upstreams and campaign stores.
    ///
    /// - Parameters:
    ///   - tenants: Each tenant's GenieACS and VOLTHA.
    ///   - campaigns: Each tenant's campaign store (schedules and jobs are campaigns there).
    ///   - options: Models, secrets, the event store, the clock.
    public init(tenants: any TenantDirectory, campaigns: TenantCampaignStores, options: Options = Options()) {
        handler = APIHandler(tenants: tenants, stores: campaigns, options: options)
    }

    /// Registers every route of the document under `/api/v1` and `/api/isp/v1`, and
    /// `/openapi.json` (also under both prefixes). A method a path does not declare answers
    /// 405 with `Allow` listing the methods it does (``DeclaredMethods``); an unknown path stays 404.
    ///
    /// - Throws: When the router refuses a route (never for a fresh router).
    public func register<Context: RequestContext>(on router: Router<Context>) throws {
        let table = DeclaredMethods(router: router)
        for prefix in APIPrefix.allCases {
            guard let url = URL(string: prefix.rawValue) else { continue }
            try handler.registerHandlers(
                on: table,
                serverURL: url,
                configuration: Self.configuration,
                middlewares: [
                    APIErrorMiddleware(), AuthorizationMiddleware(handler: handler), DuplicateQueryMiddleware(),
                    DuplicateKeyMiddleware(),
                    ProgressCacheMiddleware(handler: handler, cache: progressAnswers),
                ]
            )
        }
        let document = ByteBuffer(string: OpenAPIDocument.json)
        for path in ["/openapi.json"] + APIPrefix.allCases.map({ $0.rawValue + "/openapi.json" }) {
            table.get(path) { _, _ in
                Response(
                    status: .ok,
                    headers: [.contentType: "application/json"],
                    body: ResponseBody(byteBuffer: document)
                )
            }
        }
        table.registerMethodNotAllowed()
    }

    /// How the generated server writes bodies: compact JSON with sorted keys (the runtime's
    /// default also pretty-prints, which made bodies about a third larger and slower to write).
    static let configuration = Configuration(jsonEncodingOptions: [.sortedKeys])

    /// The document as JSON (what `/openapi.json` serves).
    public static var documentJSON: String { OpenAPIDocument.json }
}
