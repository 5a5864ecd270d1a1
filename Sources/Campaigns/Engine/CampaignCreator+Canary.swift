extension CampaignCreator {
    /// With `canary_spread: true`, waves and a ``ponTopology``: the targets reordered so the
    /// canary wave holds devices round-robin across OLTs and models (``PONPlanner/spreadCanary(_:placements:count:)``)
    /// instead of the first N by `_id`; every other target keeps its order. Unchanged otherwise.
    ///
    /// The model is the device id's ProductClass: GenieACS builds `_id` as
    /// `<OUI>-<ProductClass>-<SerialNumber>`, each part with `-` escaped (GenieACS 1.2.16
    /// lib/util.ts:3-27, `generateDeviceId`), so the id splits on `-` exactly.
    func spreadingCanary(_ targets: [CampaignResolver.Target], rollout: Rollout) async throws
        -> [CampaignResolver.Target]
    {
        guard rollout.pon.canarySpread, let topology = ponTopology, let first = rollout.waves.first,
            !targets.isEmpty
        else { return targets }
        let size = Rollout.devices(in: first, total: targets.count)
        let pending = targets.filter { $0.skipReason == nil }
        let placements = try await topology.placements(of: pending.map(\.deviceID))
        let order = PONPlanner.spreadCanary(
            pending.map { (id: $0.deviceID, model: Self.productClass(ofDeviceID: $0.deviceID)) },
            placements: placements,
            count: size
        )
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
