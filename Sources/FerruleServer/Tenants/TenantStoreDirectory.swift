import Campaigns
import Foundation
import Synchronization

/// The per-tenant campaign stores the runner scans: `<state>/tenants/<tenant>/campaigns.sqlite`
/// for every configured tenant, opened once they exist (the API creates one with a tenant's
/// first campaign) and kept open.
public final class TenantStoreDirectory: Sendable {
    let root: String
    let tenants: [String]
    private let open = Mutex<[String: CampaignStore]>([:])

    /// Stores of `tenants` under `root`.
    public init(root: String, tenants: [String]) {
        self.root = root
        self.tenants = tenants
    }

    /// The file of `tenant`'s campaigns.
    public func path(for tenant: String) -> String {
        ((root as NSString).appendingPathComponent("tenants") as NSString)
            .appendingPathComponent(tenant + "/campaigns.sqlite")
    }

    /// The stores that exist now, with their tenants; a store that cannot be opened is left out
    /// (and tried again at the next call).
    public func openStores() -> [CampaignSource] {
        tenants.compactMap { tenant in
            if let store = open.withLock({ $0[tenant] }) { return CampaignSource(tenant: tenant, store: store) }
            let path = path(for: tenant)
            guard FileManager.default.fileExists(atPath: path), let store = try? CampaignStore(path: path) else {
                return nil
            }
            open.withLock { $0[tenant] = store }
            return CampaignSource(tenant: tenant, store: store)
        }
    }
}
