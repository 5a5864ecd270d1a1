import CWMP
public import DeviceTrees

extension DeviceState {
    /// The device a tree file describes: its parameters, and its identity from the file (`_id`,
    /// `DeviceID.*`, an Inform's `DeviceId`) or else from `DeviceInfo`, with GenieACS's id.
    ///
    /// - Throws: ``TreeSourceError`` when the file is not a tree.
    public static func load(
        _ bytes: [UInt8],
        file: String? = nil,
        tags: [String] = [],
        events: [String] = [],
        now: Double = 0
    ) throws(TreeSourceError) -> DeviceState {
        let loaded = try ParameterTree.loadSource(bytes, file: file)
        return from(
            tree: loaded.tree,
            identity: DeviceIdentity.read(bytes, format: loaded.format),
            tags: tags,
            events: events,
            now: now
        )
    }

    /// The device id GenieACS would have for these DeviceId fields.
    mutating func regenerateId() {
        id = GenieACSDeviceID.make(oui: oui ?? "", productClass: productClass, serialNumber: serialNumber ?? "")
    }
}
