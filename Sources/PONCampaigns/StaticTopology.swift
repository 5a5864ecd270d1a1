public import Campaigns

/// A topology given as a list of entries (a topology file, or a test's fixture).
public struct StaticTopology: ONUDirectory {
    private let byDevice: [String: TopologyEntry]

    /// The topology of `entries`; for a device listed twice the last entry wins (the file reader
    /// reports duplicates before).
    public init(_ entries: [TopologyEntry]) {
        var index: [String: TopologyEntry] = [:]
        index.reserveCapacity(entries.count)
        for entry in entries { index[entry.deviceID] = entry }
        byDevice = index
    }

    /// Devices known.
    public var count: Int { byDevice.count }

    /// The entry of `deviceID`, when listed.
    public func entry(_ deviceID: String) -> TopologyEntry? { byDevice[deviceID] }

    public func placements(of deviceIDs: [String]) async throws -> [String: PONPlacement] {
        var out: [String: PONPlacement] = [:]
        for id in deviceIDs { if let entry = byDevice[id] { out[id] = entry.placement } }
        return out
    }

    public func onuSerial(ofDevice deviceID: String) -> String? { byDevice[deviceID]?.onuSerial }
}
