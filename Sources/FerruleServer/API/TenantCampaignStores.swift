public import Campaigns
import FerruleCore
import Foundation
import Synchronization

/// Where each tenant's campaigns live: one ``CampaignStore`` and one ``SeedJobStore`` per tenant,
/// under `<root>/tenants/<tenant>/`, opened on first use and kept open.
///
/// A tenant's campaigns are in its own files, so no query can return another tenant's campaign:
/// an id from another tenant is simply not found (404).
///
/// ```swift
/// let stores = TenantCampaignStores(root: stateDirectory)
/// let store = try stores.campaigns(for: "acme")   // <state>/tenants/acme/campaigns.sqlite
/// ```
public final class TenantCampaignStores: Sendable {
    /// The state directory.
    public let root: String
    private let open = Mutex<[String: (CampaignStore, SeedJobStore, TenantStoreChanges?)]>([:])

    /// Stores under `root` (created on first use).
    public init(root: String) {
        self.root = root
    }

    /// The campaign store of `tenant`, opened (and created) on first use.
    /// - Throws: ``APIFailure`` 400 for a tenant name that cannot be a directory name, or the
    ///   store's own error when the file cannot be opened.
    public func campaigns(for tenant: String) throws -> CampaignStore {
        try stores(for: tenant).0
    }

    /// The campaign stores of `tenants` that exist now (the runner's sources): each one already
    /// open, or whose file exists; a store that cannot be opened is left out (and tried again at
    /// the next call). The API and the runner share these instances: one open store per file.
    public func existingStores(of tenants: [String]) -> [CampaignSource] {
        tenants.compactMap { tenant in
            let open = self.open.withLock { $0[tenant] != nil }
            guard open || FileManager.default.fileExists(atPath: root + "/tenants/" + tenant + "/campaigns.sqlite"),
                let store = try? campaigns(for: tenant)
            else { return nil }
            return CampaignSource(tenant: tenant, store: store)
        }
    }

    /// The store of DotMac-shaped schedules and jobs of `tenant` (which campaign runs each).
    func seedJobs(for tenant: String) throws -> SeedJobStore {
        try stores(for: tenant).1
    }

    /// What tells whether `tenant`'s campaign or job file changed (nil when a counter could not
    /// be opened: nothing may then be kept between requests).
    func changes(for tenant: String) throws -> TenantStoreChanges? {
        try stores(for: tenant).2
    }

    /// The directory of `tenant`'s files.
    public func directory(for tenant: String) throws -> String {
        guard Self.isSafeName(tenant) else {
            throw APIFailure(
                status: 400,
                detail:
                    "Tenant name \(DisplayText.value(tenant)) cannot name a state directory: use letters, digits, '-', '_' and '.'"
            )
        }
        return root + "/tenants/" + tenant
    }

    private func stores(for tenant: String) throws -> (CampaignStore, SeedJobStore, TenantStoreChanges?) {
        // An open tenant's name was checked when it was opened (a progress GET asks three times).
        if let found = open.withLock({ $0[tenant] }) { return found }
        let directory = try directory(for: tenant)
        // Opened under the lock: two first uses at once (a request and the runner's scan) would
        // otherwise both create the schema of a new file, and one would fail.
        return try open.withLock { cache in
            if let found = cache[tenant] { return found }
            let campaigns = directory + "/campaigns.sqlite"
            let jobs = directory + "/api-jobs.sqlite"
            let opened = (
                try CampaignStore(path: campaigns),
                try SeedJobStore(path: jobs),
                try? TenantStoreChanges(campaigns: campaigns, jobs: jobs)
            )
            cache[tenant] = opened
            return opened
        }
    }

    /// Letters, digits, `-`, `_`, `.`; not starting with `.`; 1–64 characters.
    static func isSafeName(_ name: String) -> Bool {
        guard (1...64).contains(name.utf8.count), name.first != "." else { return false }
        return name.unicodeScalars.allSatisfy { s in
            (s.isASCII && (CharacterSet.alphanumerics.contains(s))) || s == "-" || s == "_" || s == "."
        }
    }
}
