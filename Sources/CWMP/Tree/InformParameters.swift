/// The parameters a CPE must put in every Inform (TR-181 `forcedInform`, TR-098 Inform list), used
/// when rendering an Inform from a device export.
public enum InformParameters {
    /// Paths relative to the data-model root.
    public static func forced(root: String) -> [String] {
        if root == "InternetGatewayDevice." {
            return [
                "DeviceSummary", "DeviceInfo.SpecVersion", "DeviceInfo.HardwareVersion", "DeviceInfo.SoftwareVersion",
                "DeviceInfo.ProvisioningCode", "ManagementServer.ConnectionRequestURL", "ManagementServer.ParameterKey",
                "WANDevice.1.WANConnectionDevice.1.WANIPConnection.1.ExternalIPAddress",
                "WANDevice.1.WANConnectionDevice.1.WANPPPConnection.1.ExternalIPAddress",
            ].map { root + $0 }
        }
        return [
            "RootDataModelVersion", "DeviceInfo.HardwareVersion", "DeviceInfo.SoftwareVersion",
            "DeviceInfo.ProvisioningCode", "ManagementServer.ParameterKey", "ManagementServer.ConnectionRequestURL",
            "ManagementServer.AliasBasedAddressing",
        ].map { root + $0 }
    }
}

extension ParameterTree {
    /// The DeviceId a device with this tree reports, read from `DeviceInfo` (empty where unknown).
    public var deviceId: DeviceId {
        let root = roots.first { $0 == "Device." || $0 == "InternetGatewayDevice." } ?? roots.first ?? "Device."
        func value(_ leaf: String) -> String { self[root + "DeviceInfo." + leaf]?.value ?? "" }
        return DeviceId(
            manufacturer: value("Manufacturer"),
            oui: value("ManufacturerOUI"),
            productClass: value("ProductClass"),
            serialNumber: value("SerialNumber")
        )
    }

    /// An Inform this device would send: `1 BOOT`, its DeviceId and its forced Inform parameters
    /// (or every parameter with a value when `allParameters`).
    public func renderedInform(allParameters: Bool = false, currentTime: String = "0001-01-01T00:00:00Z") -> Inform {
        let root = roots.first { $0 == "Device." || $0 == "InternetGatewayDevice." } ?? roots.first ?? "Device."
        let parameters: [ParameterValue]
        if allParameters {
            parameters = parameterValues
        } else {
            parameters = InformParameters.forced(root: root).compactMap { path in
                guard let e = self[path], let v = e.value else { return nil }
                return ParameterValue(name: path, value: CWMPValue(v, type: e.type ?? .string))
            }
        }
        return Inform(
            deviceId: deviceId,
            events: [EventStruct(code: "1 BOOT")],
            currentTime: currentTime,
            parameters: parameters
        )
    }
}
