internal import GRPCCore
internal import PONEvents
internal import SwiftProtobuf
internal import VOLTHAMessages

extension VolthaClient {
    /// Every device VOLTHA knows, OLTs and ONUs together (`ListDevices`).
    public func devices() async throws -> [Device] {
        try await call("ListDevices") {
            try await voltha.listDevices(Google_Protobuf_Empty(), options: options).items.map(Device.init)
        }
    }

    /// One device by VOLTHA id (`GetDevice`).
    ///
    /// - Throws: ``VolthaError`` `notFound` ("no device onu-123") for an unknown id.
    public func device(id: String) async throws -> Device {
        try await call("GetDevice", subject: id) {
            Device(try await voltha.getDevice(Self.id(id), options: options))
        }
    }

    /// One device by VOLTHA id or, failing that, by serial number (ONUs are often known only by
    /// the serial on their label). VOLTHA has no lookup by serial, so that path lists devices. A
    /// GPON serial matches whatever the case of its letters (``GPONSerial/same(_:_:)``): VOLTHA
    /// writes the hex in lower case, the label and GenieACS in upper case.
    ///
    /// - Throws: ``VolthaError`` `notFound` when neither matches, `invalidInput` when the serial
    ///   is ambiguous.
    public func device(idOrSerial key: String) async throws -> Device {
        do {
            return try await device(id: key)
        } catch let error as VolthaError where error.kind == .notFound {
            let matches = Self.bySerial(try await devices(), key)
            if matches.count == 1, let only = matches.first { return only }
            if matches.isEmpty {
                throw VolthaError(
                    .notFound,
                    "no device \(key.shortened(80)) (neither a device id nor a serial number)",
                    target: address,
                    detail: "GetDevice, ListDevices"
                )
            }
            throw VolthaError(
                .invalidInput,
                "serial \(key.shortened(80)) matches \(matches.count) devices; use a device id: "
                    + matches.map(\.id).joined(separator: ", "),
                target: address
            )
        }
    }

    /// The devices whose serial is `serial`: those spelled exactly so, else those equal but for the
    /// case of a GPON serial's letters.
    static func bySerial(_ devices: [Device], _ serial: String) -> [Device] {
        let exact = devices.filter { $0.serialNumber == serial }
        return exact.isEmpty ? devices.filter { GPONSerial.same($0.serialNumber, serial) } : exact
    }

    /// Enables a device (`EnableDevice`): an OLT starts activating, an ONU unlocks its UNIs.
    ///
    /// - Throws: ``VolthaError`` `alreadyEnabled`, `notFound`, `failedPrecondition`.
    public func enable(deviceID: String) async throws {
        _ = try await call("EnableDevice", subject: deviceID) {
            try await voltha.enableDevice(Self.id(deviceID), options: options)
        }
    }

    /// Disables a device (`DisableDevice`); on an OLT this takes its ONUs down with it.
    ///
    /// - Throws: ``VolthaError`` `alreadyDisabled`, `notFound`, `failedPrecondition`.
    public func disable(deviceID: String) async throws {
        _ = try await call("DisableDevice", subject: deviceID) {
            try await voltha.disableDevice(Self.id(deviceID), options: options)
        }
    }

    /// Reboots a device (`RebootDevice`). VOLTHA refuses an ONU whose OLT is unreachable.
    public func reboot(deviceID: String) async throws {
        _ = try await call("RebootDevice", subject: deviceID) {
            try await voltha.rebootDevice(Self.id(deviceID), options: options)
        }
    }

    /// Deletes a device (`DeleteDevice`); an OLT's ONUs go with it.
    public func delete(deviceID: String) async throws {
        _ = try await call("DeleteDevice", subject: deviceID) {
            try await voltha.deleteDevice(Self.id(deviceID), options: options)
        }
    }

    /// A device's ports (`ListDevicePorts`).
    public func ports(deviceID: String) async throws -> [DevicePort] {
        try await call("ListDevicePorts", subject: deviceID) {
            try await voltha.listDevicePorts(Self.id(deviceID), options: options).items.map(DevicePort.init)
        }
    }

    /// An ONU's software images as its adapter reports them over OMCI (`GetOnuImages`).
    public func onuImages(deviceID: String) async throws -> [OnuImage] {
        try await call("GetOnuImages", subject: deviceID) {
            try await voltha.getOnuImages(Self.id(deviceID), options: options).items.map {
                OnuImage(
                    version: $0.version,
                    isCommitted: $0.isCommited,
                    isActive: $0.isActive,
                    isValid: $0.isValid,
                    productCode: $0.productCode
                )
            }
        }
    }

    static func id(_ value: String) -> Common_ID {
        var id = Common_ID()
        id.id = value
        return id
    }
}
