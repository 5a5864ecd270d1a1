import FerruleJSON
public import GenieACS

/// Resolves a campaign's targets from GenieACS, page by page, and decides each device's change.
public enum CampaignResolver {
    /// One matching device and what the campaign would do to it.
    public struct Target: Sendable {
        public var deviceID: String
        /// Firmware: the version now. Configuration: nil.
        public var versionBefore: String?
        /// Configuration: the parameters that change.
        public var changes: [ParameterChange]
        /// Nothing to do, and why (already on the target version / values, or not applicable).
        public var skipReason: String?
        /// Configuration: parameters the change sets that the device lacks (it is not applicable).
        public var missing: [String] = []
        /// Configuration: whether the device can take the change; false devices are never pushed.
        public var isApplicable: Bool = true
        /// Firmware: the device's `_deviceId._OUI` and `_deviceId._ProductClass` (checked against
        /// the file's metadata, ``FirmwareModelCheck``).
        public var oui: String?
        public var productClass: String?
    }

    /// The devices matching `spec`, in `_id` order, each with its change.
    ///
    /// The NBI gets the coarse query (`DeviceFilter.nbiQuery`); every document is then checked
    /// with `DeviceFilter.matches`, so version comparisons are exact. Pages are `_id` ranges. A
    /// long `$in` list goes as several queries (`DeviceFilter.nbiQueries`), each URL under GenieACS's
    /// limit; their devices are merged, each once, in `_id` order.
    public static func resolve(
        _ spec: CampaignSpec,
        acs: any GenieACSNBI,
        now: Double,
        pageSize: Int = 1000
    ) async throws -> [Target] {
        var projection: [String] = []
        if case .firmware = spec.change {
            projection = Array(
                Set(
                    spec.filter.projection + DeviceDocument.softwareVersionPaths
                        + ["_id", "_lastInform", "_deviceId._OUI", "_deviceId._ProductClass"]
                )
            )
            .sorted()
        }
        var targets: [Target] = []
        var seen = Set<String>()
        let queries = spec.filter.nbiQueries()
        for query in queries {
            for try await page in acs.all(.devices, query: query, projection: projection, pageSize: pageSize) {
                for json in page where spec.filter.matches(json) {
                    guard let device = DeviceDocument(json), seen.insert(device.id).inserted else { continue }
                    targets.append(try target(spec, device, now: now))
                }
            }
        }
        // GenieACS's `_id` order (MongoDB compares the bytes), as one query would have given.
        if queries.count > 1 { targets.sort { $0.deviceID.utf8.lexicographicallyPrecedes($1.deviceID.utf8) } }
        return targets
    }

    static func target(_ spec: CampaignSpec, _ device: DeviceDocument, now: Double) throws -> Target {
        switch spec.change {
        case .firmware(let firmware):
            let version = device.softwareVersion
            let deviceID = device.json["_deviceId"]
            return Target(
                deviceID: device.id,
                versionBefore: version,
                changes: [],
                skipReason: version == firmware.targetVersion ? "already on \(firmware.targetVersion)" : nil,
                oui: deviceID?["_OUI"]?.stringValue,
                productClass: deviceID?["_ProductClass"]?.stringValue
            )
        case .configuration(let configuration):
            let plan = try ConfigurationPlan.plan(configuration.actions, on: device, now: now)
            guard let reason = plan.notApplicableReason else {
                return Target(
                    deviceID: device.id,
                    versionBefore: nil,
                    changes: plan.changes,
                    skipReason: plan.changes.isEmpty ? "already configured" : nil
                )
            }
            return Target(
                deviceID: device.id,
                versionBefore: nil,
                changes: [],
                skipReason: reason,
                missing: plan.missing,
                isApplicable: false
            )
        }
    }
}
