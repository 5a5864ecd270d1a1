import Foundation
import PONEvents

/// The API's routes under both prefixes (``APIPrefix``): what `ferrule serve` registers besides
/// the operational routes — the generated API handlers (``FerruleAPI``) over the tenants'
/// upstreams, their campaign stores and their PON event stores.
public enum APIRoutes {
    /// Every registration `ferrule serve` uses, without data models.
    public static var all: [RouteRegistration] { routes(models: nil) }

    /// Every registration `ferrule serve` uses, with the data models tree validation and rule
    /// linting check against (loaded at first use).
    public static func routes(models: ServerModels?) -> [RouteRegistration] {
        [
            { router, runtime in
                let stores = runtime.tenantStores
                let connections = runtime.connections
                var options = FerruleAPI.Options(
                    secrets: { [runtime] tenant in runtime.secrets(of: tenant) },
                    events: { tenant in try eventStore(of: tenant, stores: stores, connections: connections) },
                    connections: connections,
                    serverModels: models,
                    ponPlane: runtime.ponPlane
                )
                options.campaignNeighbours = { [runtime] tenant in runtime.campaignNeighbours(of: tenant) }
                options.campaignStarted = { [scheduler = runtime.scheduler] in scheduler.wake() }
                try FerruleAPI(tenants: runtime.directory, campaigns: stores, options: options).register(on: router)
            }
        ]
    }

    /// A tenant's PON event store, `<state>/tenants/<tenant>/events.sqlite` (where
    /// `ferrule events run --state <state>/tenants/<tenant>` writes); nil until it exists, which the
    /// alarms and events routes answer with 503. Opened once per tenant and kept (``TenantConnections``).
    static func eventStore(
        of tenant: String,
        stores: TenantCampaignStores,
        connections: TenantConnections
    ) throws -> EventStore? {
        try connections.eventStore(
            tenant: tenant,
            path: EventStore.path(inStateDirectory: try stores.directory(for: tenant))
        )
    }
}
