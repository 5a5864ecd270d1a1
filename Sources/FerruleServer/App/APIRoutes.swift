import Foundation
import VOLTHA

/// The API's routes under both prefixes (``APIPrefix``): what `ferrule serve` registers besides
/// the operational routes — the generated API handlers (``FerruleAPI``) over the tenants'
/// upstreams, their campaign stores and their PON event stores.
public enum APIRoutes {
    /// Every registration `ferrule serve` uses.
    public static var all: [RouteRegistration] {
        [
            { router, runtime in
                let root = runtime.configuration.stateDirectory
                let stores = TenantCampaignStores(root: root)
                let options = FerruleAPI.Options(
                    secrets: runtime.secrets,
                    events: { tenant in try eventStore(of: tenant, stores: stores) }
                )
                try FerruleAPI(tenants: runtime.directory, campaigns: stores, options: options).register(on: router)
            }
        ]
    }

    /// A tenant's PON event store, `<state>/tenants/<tenant>/events.sqlite` (where
    /// `ferrule events run --state <state>/tenants/<tenant>` writes); nil until it exists, which the
    /// alarms and events routes answer with 503.
    static func eventStore(of tenant: String, stores: TenantCampaignStores) throws -> EventStore? {
        let path = EventStore.path(inStateDirectory: try stores.directory(for: tenant))
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return try EventStore(path: path)
    }
}
