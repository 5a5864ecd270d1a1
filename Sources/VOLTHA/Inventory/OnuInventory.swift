/// Joins OLTs, their PON ports and ONUs into one inventory (no VOLTHA logic: only the fields
/// VOLTHA itself sets on each device, `voltha-protos:protos/voltha_protos/device.proto`).
public enum OnuInventory {
    /// The ONUs among `devices`, each joined with its OLT (`parent_id`) and the OLT's PON port
    /// (`parent_port_no`), sorted by OLT, PON interface and ONU id. The software versions are
    /// empty: VOLTHA's device record has none for an ONU (``OnuSoftware``); read them with
    /// ``VolthaClient/onuSoftware(_:maxInFlight:)``.
    ///
    /// - Parameters:
    ///   - devices: everything `ListDevices` returned.
    ///   - oltPorts: each OLT's ports by OLT device id (labels such as `pon-0`, admin states); an OLT
    ///     missing here gets `pon-<interface>` labels and PON admin states `unknown`.
    ///   - oltID: only ONUs of this OLT, when given.
    public static func build(devices: [Device], oltPorts: [String: [DevicePort]], oltID: String? = nil)
        -> [OnuInventoryEntry]
    {
        var olts: [String: Device] = [:]
        for device in devices where device.isRoot { olts[device.id] = device }
        var ponPorts: [String: [UInt32: DevicePort]] = [:]
        for (olt, ports) in oltPorts {
            var byNumber: [UInt32: DevicePort] = [:]
            for port in ports where port.type == .ponOLT { byNumber[port.number] = port }
            ponPorts[olt] = byNumber
        }
        var entries: [OnuInventoryEntry] = []
        entries.reserveCapacity(devices.count)
        for onu in devices where !onu.isRoot {
            let parent = onu.proxyAddress?.deviceID.isEmpty == false ? onu.proxyAddress?.deviceID ?? "" : onu.parentID
            if let oltID, parent != oltID { continue }
            let interface = onu.proxyAddress?.channelID ?? 0
            let serial = onu.serialNumber
            let ponPort = ponPorts[parent]?[onu.parentPortNumber]
            let split = serial.index(serial.startIndex, offsetBy: min(4, serial.count))
            entries.append(
                OnuInventoryEntry(
                    deviceID: onu.id,
                    serialNumber: serial,
                    vendorID: onu.vendorID.isEmpty ? String(serial[..<split]) : onu.vendorID,
                    vendorSpecific: String(serial[split...]),
                    oltID: parent,
                    oltSerialNumber: olts[parent]?.serialNumber ?? "",
                    ponInterface: interface,
                    ponLabel: ponPort?.label ?? "pon-\(interface)",
                    onuID: onu.proxyAddress?.onuID ?? 0,
                    adminState: onu.adminState,
                    operStatus: onu.operStatus,
                    connectStatus: onu.connectStatus,
                    reason: onu.reason,
                    activeSoftware: "",
                    standbySoftware: "",
                    oltAdminState: olts[parent]?.adminState ?? .unknown,
                    oltOperStatus: olts[parent]?.operStatus ?? .unknown,
                    oltConnectStatus: olts[parent]?.connectStatus ?? .unknown,
                    ponAdminState: ponPort?.adminState ?? .unknown
                )
            )
        }
        entries.sort {
            ($0.oltID, $0.ponInterface, $0.onuID, $0.deviceID) < ($1.oltID, $1.ponInterface, $1.onuID, $1.deviceID)
        }
        return entries
    }

    /// "Discovered" ONUs: those VOLTHA created (it creates every ONU that ranges, and enables it,
    /// `voltha-go:rw_core/core/device/manager_sbi.go` `ChildDeviceDetected`) for which no
    /// subscriber exists yet, i.e. no UNI `<serial>-<n>` in `subscriberIDs`.
    public static func discovered(_ entries: [OnuInventoryEntry], subscriberIDs: Set<String>) -> [OnuInventoryEntry] {
        var serials = Set<Substring>()
        for id in subscriberIDs {
            if let dash = id.lastIndex(of: "-") { serials.insert(id[..<dash]) }
        }
        return entries.filter { !serials.contains(Substring($0.serialNumber)) }
    }
}
