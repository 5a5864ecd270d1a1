internal import GRPCCore
internal import SwiftProtobuf
internal import VOLTHAMessages

extension VolthaClient {
    /// The OpenFlow switches VOLTHA exposes, one per active OLT (`ListLogicalDevices`).
    public func logicalDevices() async throws -> [LogicalDevice] {
        try await call("ListLogicalDevices") {
            try await voltha.listLogicalDevices(Google_Protobuf_Empty(), options: options).items.map(LogicalDevice.init)
        }
    }

    /// One logical device (`GetLogicalDevice`).
    public func logicalDevice(id: String) async throws -> LogicalDevice {
        try await call("GetLogicalDevice", subject: id) {
            LogicalDevice(try await voltha.getLogicalDevice(Self.id(id), options: options))
        }
    }

    /// A logical device's ports: its NNI and the UNIs of its ONUs (`ListLogicalDevicePorts`).
    public func logicalDevicePorts(id: String) async throws -> [LogicalPort] {
        try await call("ListLogicalDevicePorts", subject: id) {
            try await voltha.listLogicalDevicePorts(Self.id(id), options: options).items.map(LogicalPort.init)
        }
    }

    /// The adapters registered with the core (`ListAdapters`).
    public func adapters() async throws -> [Adapter] {
        try await call("ListAdapters") {
            try await voltha.listAdapters(Google_Protobuf_Empty(), options: options).items.map(Adapter.init)
        }
    }

    /// The device types the adapters handle (`ListDeviceTypes`).
    public func deviceTypes() async throws -> [DeviceType] {
        try await call("ListDeviceTypes") {
            try await voltha.listDeviceTypes(Google_Protobuf_Empty(), options: options).items.map(DeviceType.init)
        }
    }
}
