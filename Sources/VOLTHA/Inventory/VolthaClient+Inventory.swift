extension VolthaClient {
    /// The ONU inventory (see ``OnuInventory/build(devices:oltPorts:oltID:)``): one `ListDevices`
    /// and one `ListDevicePorts` per OLT.
    ///
    /// - Parameter olt: only ONUs of this OLT (device id or serial number).
    /// - Throws: ``VolthaError`` `notFound` ("no OLT …") when `olt` names no OLT, `invalidInput`
    ///   when it is blank or a serial several OLTs carry (see ``olt(_:in:target:)``).
    public func onuInventory(olt: String? = nil) async throws -> [OnuInventoryEntry] {
        let devices = try await devices()
        let olts = try olt.map { [try Self.olt($0, in: devices, target: address)] } ?? devices.filter(\.isRoot)
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
