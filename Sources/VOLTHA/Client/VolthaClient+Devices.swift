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
    /// A blank key (empty or whitespace only, e.g. an unset shell variable) names nothing: VOLTHA
    /// answers NOT_FOUND for an empty id (`voltha-go:rw_core/core/device/manager_nbi.go:221-225`,
    /// `manager.go:211-216`), and an OLT made by `CreateDevice` has an empty serial until the
    /// openolt adapter connects (`voltha-openolt-adapter:internal/pkg/core/device_handler.go:
    /// 1381-1420`), so falling back to the serial would pick that OLT.
    ///
    /// - Throws: ``VolthaError`` `invalidInput` for a blank key or a serial several devices
    ///   carry (naming them), `notFound` when neither id nor serial matches.
    public func device(idOrSerial key: String) async throws -> Device {
        try Self.requireKey(key, "a device id or serial number", target: address)
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
            throw Self.ambiguous(key, matches, target: address)
        }
    }

    /// The devices whose serial is `serial`: those spelled exactly so, else those equal but for the
    /// case of a GPON serial's letters. A blank serial matches nothing (a device not yet connected
    /// has an empty serial).
    static func bySerial(_ devices: [Device], _ serial: String) -> [Device] {
        guard !isBlank(serial) else { return [] }
        let exact = devices.filter { $0.serialNumber == serial }
        return exact.isEmpty ? devices.filter { GPONSerial.same($0.serialNumber, serial) } : exact
    }

    /// The OLT `key` names among `devices`: the OLT with that id, else the one OLT with that serial.
    ///
    /// - Throws: ``VolthaError`` `invalidInput` for a blank key or a serial several OLTs carry
    ///   (naming them), `notFound` when no OLT matches.
    static func olt(_ key: String, in devices: [Device], target: String) throws -> Device {
        try requireKey(key, "an OLT id or serial number", target: target)
        let olts = devices.filter(\.isRoot)
        if let byID = olts.first(where: { $0.id == key }) { return byID }
        let matches = bySerial(olts, key)
        if matches.count == 1, let only = matches.first { return only }
        guard matches.isEmpty else { throw ambiguous(key, matches, target: target) }
        throw VolthaError(
            .notFound,
            "no OLT \(key.shortened(80)) (neither an OLT id nor an OLT serial); list OLTs with \"ferrule voltha devices\"",
            target: target,
            detail: "ListDevices"
        )
    }

    /// Whether `key` is empty or whitespace only.
    public static func isBlank(_ key: String) -> Bool { key.allSatisfy(\.isWhitespace) }

    /// Throws `invalidInput` when `key` is blank: it would name no device (`what`: "a device id or
    /// serial number").
    static func requireKey(_ key: String, _ what: String, target: String) throws {
        guard isBlank(key) else { return }
        throw VolthaError(
            .invalidInput,
            "\(what) is needed, got \(key.isEmpty ? "an empty one" : "only white space") "
                + "(an unset variable?); nothing was asked of VOLTHA",
            target: target
        )
    }

    /// `invalidInput`: `serial` is carried by every device of `matches`, named by id.
    static func ambiguous(_ serial: String, _ matches: [Device], target: String) -> VolthaError {
        let shown = matches.prefix(10).map { $0.id.shortened(40) }.joined(separator: ", ")
        let more = matches.count > 10 ? ", …" : ""
        return VolthaError(
            .invalidInput,
            "serial \(serial.shortened(80)) matches \(matches.count) devices (\(shown)\(more)); name one by its device id",
            target: target
        )
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
