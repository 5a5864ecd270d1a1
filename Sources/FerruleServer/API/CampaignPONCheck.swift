import Campaigns
import Foundation
import PONCampaigns

extension APIHandler {
    /// Refuses (422) a campaign whose PON keys the runner could not serve for this tenant: caps or
    /// health gates without a topology source (a `pon.topology` file or the tenant's VOLTHA), or
    /// `pon_health` / `storm_hold` without the event store `ferrule events run` records. The runner
    /// would refuse it at every scan (``CampaignRunner/checkPONSources(_:)``); the caller hears it now.
    /// - Parameter failure: How the answer starts (`Failed to create campaign`).
    func refuseUnservedPON(_ spec: CampaignSpec, tenant: String, failure: String) throws {
        guard let ponPlane = options.ponPlane else { return }
        let pon = spec.rollout.pon
        let sources = ponPlane(tenant)
        var topologyKeys: [String] = []
        if pon.maxPerOLT != nil { topologyKeys.append("max_per_olt") }
        if pon.maxPerPON != nil { topologyKeys.append("max_per_pon") }
        if pon.health != nil { topologyKeys.append("pon_health") }
        if pon.stormHold == true { topologyKeys.append("storm_hold") }
        if !topologyKeys.isEmpty, sources.topologyFile == nil, sources.voltha == nil {
            throw APIFailure.invalid(
                "\(failure): the rollout uses \(topologyKeys.joined(separator: ", ")) but this "
                    + "tenant has no PON topology: configure `pon.topology` or the tenant's VOLTHA in the server "
                    + "configuration, or remove those keys"
            )
        }
        guard pon.health != nil || pon.holdsStorms else { return }
        guard let store = sources.eventStore, FileManager.default.fileExists(atPath: store) else {
            throw APIFailure.invalid(
                "\(failure): the rollout uses pon_health or storm_hold but this tenant has no PON "
                    + "event store yet: run the event consumer (`events:` in the server configuration, or "
                    + "`ferrule events run`), or remove those keys"
            )
        }
    }
}
