extension VolthaClient {
    /// The ONU inventory (see ``OnuInventory/build(devices:oltPorts:oltID:)``): one `ListDevices`
    /// and one `ListDevicePorts` per OLT.
    ///
    /// - Parameter olt: only ONUs of this OLT (device id or serial number).
    /// - Throws: ``VolthaError`` `notFound` ("no OLT …") when `olt` names no OLT.
    public func onuInventory(olt: String? = nil) async throws -> [OnuInventoryEntry] {
        let devices = try await devices()
        var olts = devices.filter(\.isRoot)
        if let olt {
            olts = olts.filter { $0.id == olt || $0.serialNumber == olt }
            guard !olts.isEmpty else {
                throw VolthaError(
                    .notFound,
                    "no OLT \(olt.shortened(80)); list OLTs with \"ferrule voltha devices\"",
                    target: address,
                    detail: "ListDevices"
                )
            }
        }
        let ports = try await withThrowingTaskGroup(of: (String, [DevicePort]).self) { group in
            for device in olts {
                group.addTask { (device.id, try await self.ports(deviceID: device.id)) }
            }
            var result: [String: [DevicePort]] = [:]
            for try await (id, list) in group { result[id] = list }
            return result
        }
        return OnuInventory.build(devices: devices, oltPorts: ports, oltID: olt == nil ? nil : olts.first?.id)
    }
}
