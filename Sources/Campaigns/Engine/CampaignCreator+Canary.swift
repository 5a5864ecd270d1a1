extension CampaignCreator {
    /// The targets reordered so the canary wave holds devices that will be pushed: the first N
    /// pending targets (N: the canary's size over all targets, ``Rollout/devices(in:total:)``) go
    /// first, and every other target keeps its order after them. A target frozen as already done
    /// or not applicable is never pushed: left where `_id` order puts it, it would take a canary
    /// place and the canary would push fewer devices than it says.
    ///
    /// With `canary_spread: true` and a ``ponTopology`` the canary's devices are taken round-robin
    /// across OLTs and models (``PONPlanner/spreadCanary(_:placements:count:)``) instead of the
    /// first N pending by `_id`. Unchanged without waves.
    ///
    /// The model is the device id's ProductClass: GenieACS builds `_id` as
    /// `<OUI>-<ProductClass>-<SerialNumber>`, each part with `-` escaped (GenieACS 1.2.16
    /// lib/util.ts:3-27, `generateDeviceId`), so the id splits on `-` exactly.
    func orderingCanary(_ targets: [CampaignResolver.Target], rollout: Rollout) async throws
        -> [CampaignResolver.Target]
    {
        guard let first = rollout.waves.first, !targets.isEmpty else { return targets }
        let size = Rollout.devices(in: first, total: targets.count)
        let pending = targets.filter { $0.skipReason == nil }
        let order: [String]
        if rollout.pon.canarySpread, let topology = ponTopology {
            let placements = try await topology.placements(of: pending.map(\.deviceID))
            order = PONPlanner.spreadCanary(
                pending.map { (id: $0.deviceID, model: Self.productClass(ofDeviceID: $0.deviceID)) },
                placements: placements,
                count: size
            )
        } else {
            order = pending.prefix(size).map(\.deviceID)
        }
        let canary = Set(order.prefix(size))
        var byID: [String: CampaignResolver.Target] = [:]
        for target in pending { byID[target.deviceID] = target }
        return order.prefix(size).compactMap { byID[$0] } + targets.filter { !canary.contains($0.deviceID) }
    }

    /// The ProductClass part of a GenieACS device id (`<OUI>-<ProductClass>-<Serial>`), nil when
    /// the id has another shape (`OUI-Serial` when the device sent no ProductClass).
    static func productClass(ofDeviceID id: String) -> String? {
        let parts = id.split(separator: "-", omittingEmptySubsequences: false)
        return parts.count == 3 ? String(parts[1]) : nil
    }
}
