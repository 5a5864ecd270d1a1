import FerruleCore
import Foundation

/// Another campaign store whose campaigns may push to the same GenieACS as the one a campaign is
/// created in: `ferrule serve` runs the state directory's `campaigns.sqlite` (what `ferrule
/// campaign --state DIR/campaigns.sqlite` writes) and each tenant's `tenants/<tenant>/campaigns.sqlite`
/// side by side, so a device must not be a target of open campaigns in two of them either
/// (``CampaignCreator/neighbours``).
public struct CampaignNeighbour: Sendable {
    /// Whose campaigns the store holds.
    public enum Owner: Sendable, Hashable {
        /// The state directory's `campaigns.sqlite`: `ferrule campaign`'s, run by `ferrule serve` too.
        case operatorStore
        /// `ferrule serve`'s store of this tenant (REST campaigns, schedules and jobs).
        case tenant(String)
    }

    public var store: CampaignStore
    public var owner: Owner

    public init(store: CampaignStore, owner: Owner) {
        self.store = store
        self.owner = owner
    }

    /// The most tenant directories looked at beside a store.
    static let maxTenantDirectories = 10_000

    /// The stores beside the one at `path` in a state directory `ferrule serve` also uses: the
    /// directory's `campaigns.sqlite` and every `tenants/<tenant>/campaigns.sqlite` that exists,
    /// except `path` itself (which may be either). Stores that cannot be opened are returned as
    /// problems (`path: what`), for the caller to say the check was not made against them.
    public static func around(storePath path: String) -> (neighbours: [CampaignNeighbour], problems: [String]) {
        let own = (path as NSString).standardizingPath
        let directory = (own as NSString).deletingLastPathComponent
        let parent = (directory as NSString).deletingLastPathComponent
        let root =
            (parent as NSString).lastPathComponent == "tenants"
            ? (parent as NSString).deletingLastPathComponent : directory
        var candidates: [(String, Owner)] = [
            ((root as NSString).appendingPathComponent("campaigns.sqlite"), .operatorStore)
        ]
        let tenants = (root as NSString).appendingPathComponent("tenants")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: tenants)) ?? []).sorted()
        for name in names.prefix(maxTenantDirectories) where !name.hasPrefix(".") {
            let file = ((tenants as NSString).appendingPathComponent(name) as NSString)
                .appendingPathComponent("campaigns.sqlite")
            candidates.append((file, .tenant(name)))
        }
        var neighbours: [CampaignNeighbour] = []
        var problems: [String] = []
        for (file, owner) in candidates where file != own && FileManager.default.fileExists(atPath: file) {
            do {
                neighbours.append(CampaignNeighbour(store: try CampaignStore(path: file), owner: owner))
            } catch {
                problems.append("\(DisplayText.escaped(file)): \(DisplayText.line(String(describing: error)))")
            }
        }
        return (neighbours, problems)
    }

    /// What names one GenieACS in a campaign's `acs_url`: scheme and host in lower case, the port
    /// (80/443 when the URL has none), the path without trailing slashes; user and password left
    /// out. The same GenieACS reached by two names (an address and a host name) is not recognised.
    public static func acsIdentity(_ url: String) -> String {
        guard let parts = URLComponents(string: url), let scheme = parts.scheme?.lowercased(),
            let host = parts.host?.lowercased()
        else { return url }
        let port = parts.port ?? (scheme == "https" ? 443 : 80)
        var path = parts.path
        while path.hasSuffix("/") { path.removeLast() }
        return "\(scheme)://\(host):\(port)\(path)"
    }
}
