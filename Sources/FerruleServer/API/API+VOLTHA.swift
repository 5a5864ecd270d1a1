import Campaigns
import FerruleCore
import FerruleJSON
import Foundation
import PONEvents
import VOLTHA

/// `/voltha/…`: the tenant's VOLTHA through its gRPC northbound API (``VOLTHA/VolthaClient``,
/// `voltha_protos/voltha.proto` `VolthaService`). DotMac spoke a REST dialect VOLTHA 2.x does not
/// have; the routes keep DotMac's paths and JSON, and report VOLTHA's failures as statuses
/// (404, 409 for a state conflict, 502/504) instead of `success:false` in a 200.
extension APIHandler {
    func volthaHealth(_ input: Operations.VolthaHealth.Input) async throws -> Operations.VolthaHealth.Output {
        await handle(.ponRead, "VOLTHA health", Operations.VolthaHealth.Output.default) { caller in
            _ = try caller.voltha()
            let response: Components.Schemas.VOLTHAHealthResponse
            do {
                response = try await caller.withVoltha { client in
                    switch await client.health() {
                    case .ready:
                        let devices = try await client.devices()
                        return .init(
                            healthy: true,
                            state: "HEALTHY",
                            message: "VOLTHA is healthy",
                            totalDevices: devices.count,
                            alarmActionsEnabled: options.alarmActionsEnabled
                        )
                    case .degraded(let reason):
                        return .init(
                            healthy: false,
                            state: "DEGRADED",
                            message: "VOLTHA is degraded: \(DisplayText.line(reason))",
                            alarmActionsEnabled: options.alarmActionsEnabled
                        )
                    case .down(let reason):
                        return .init(
                            healthy: false,
                            state: "ERROR",
                            message: "Health check failed: \(DisplayText.line(reason))",
                            alarmActionsEnabled: options.alarmActionsEnabled
                        )
                    }
                }
            } catch {
                response = .init(
                    healthy: false,
                    state: "ERROR",
                    message: "Health check failed: \(DisplayText.line(String(describing: error)))",
                    alarmActionsEnabled: options.alarmActionsEnabled
                )
            }
            return .ok(.init(body: .json(response)))
        }
    }

    func volthaListDevices(_ input: Operations.VolthaListDevices.Input) async throws
        -> Operations.VolthaListDevices.Output
    {
        await handle(.ponRead, "List VOLTHA devices", Operations.VolthaListDevices.Output.default) { caller in
            let devices = try await caller.withVoltha { try await $0.devices() }
            let items = devices.map(VolthaViews.device)
            return .ok(.init(body: .json(try JSONBridge.list("devices", items, total: items.count))))
        }
    }

    func volthaGetDevice(_ input: Operations.VolthaGetDevice.Input) async throws -> Operations.VolthaGetDevice.Output {
        let id = input.path.deviceId
        return await handle(.ponRead, "Get VOLTHA device", Operations.VolthaGetDevice.Output.default) { caller in
            let (device, ports) = try await Self.volthaCall(
                caller,
                notFound: "Device \(DisplayText.value(id)) not found"
            ) {
                client in
                (try await client.device(id: id), try await client.ports(deviceID: id))
            }
            let json = JSONValue.object([
                ("device", VolthaViews.device(device)), ("ports", .array(ports.map(VolthaViews.port))),
            ])
            return .ok(
                .init(
                    body: .json(try JSONBridge.decode(Components.Schemas.VOLTHADeviceDetailResponse.self, from: json))
                )
            )
        }
    }

    func volthaDeleteDevice(_ input: Operations.VolthaDeleteDevice.Input) async throws
        -> Operations.VolthaDeleteDevice.Output
    {
        let id = input.path.deviceId
        return await handle(.ponWrite, "Delete VOLTHA device", Operations.VolthaDeleteDevice.Output.default) { caller in
            try await Self.volthaCall(caller, notFound: "Device \(DisplayText.value(id)) not found") {
                try await $0.delete(deviceID: id)
            }
            return .noContent(.init())
        }
    }

    func volthaEnableDevice(_ input: Operations.VolthaEnableDevice.Input) async throws
        -> Operations.VolthaEnableDevice.Output
    {
        await handle(.ponWrite, "Failed to enable device", Operations.VolthaEnableDevice.Output.default) { caller in
            guard case .json(let body) = input.body else { throw APIFailure.notJSON }
            let id = body.deviceId
            try await Self.volthaCall(caller, notFound: "Device \(DisplayText.value(id)) not found") {
                try await $0.enable(deviceID: id)
            }
            return .ok(
                .init(body: .json(.init(success: true, message: "Device \(id) enabled successfully", deviceId: id)))
            )
        }
    }

    func volthaDisableDevice(_ input: Operations.VolthaDisableDevice.Input) async throws
        -> Operations.VolthaDisableDevice.Output
    {
        await handle(.ponWrite, "Failed to disable device", Operations.VolthaDisableDevice.Output.default) { caller in
            guard case .json(let body) = input.body else { throw APIFailure.notJSON }
            let id = body.deviceId
            try await Self.volthaCall(caller, notFound: "Device \(DisplayText.value(id)) not found") {
                try await $0.disable(deviceID: id)
            }
            return .ok(
                .init(body: .json(.init(success: true, message: "Device \(id) disabled successfully", deviceId: id)))
            )
        }
    }

    func volthaRebootDevice(_ input: Operations.VolthaRebootDevice.Input) async throws
        -> Operations.VolthaRebootDevice.Output
    {
        await handle(.ponWrite, "Failed to reboot device", Operations.VolthaRebootDevice.Output.default) { caller in
            guard case .json(let body) = input.body else { throw APIFailure.notJSON }
            let id = body.deviceId
            try await Self.volthaCall(caller, notFound: "Device \(DisplayText.value(id)) not found") {
                try await $0.reboot(deviceID: id)
            }
            return .ok(.init(body: .json(.init(success: true, message: "Device \(id) reboot initiated", deviceId: id))))
        }
    }

    func volthaListLogicalDevices(
        _ input: Operations.VolthaListLogicalDevices.Input
    ) async throws -> Operations.VolthaListLogicalDevices.Output {
        await handle(.ponRead, "List logical devices", Operations.VolthaListLogicalDevices.Output.default) { caller in
            let devices = try await caller.withVoltha { try await $0.logicalDevices() }
            let items = devices.map { VolthaViews.logicalDevice($0) }
            return .ok(.init(body: .json(try JSONBridge.list("devices", items, total: items.count))))
        }
    }

    func volthaGetLogicalDevice(
        _ input: Operations.VolthaGetLogicalDevice.Input
    ) async throws -> Operations.VolthaGetLogicalDevice.Output {
        let id = input.path.deviceId
        return await handle(.ponRead, "Get logical device", Operations.VolthaGetLogicalDevice.Output.default) {
            caller in
            let (device, ports) = try await Self.volthaCall(
                caller,
                notFound: "Logical device \(DisplayText.value(id)) not found"
            ) {
                client in
                (try await client.logicalDevice(id: id), try await client.logicalDevicePorts(id: id))
            }
            let json = JSONValue.object([
                ("device", VolthaViews.logicalDevice(device, ports: ports)),
                ("ports", .array(ports.map(VolthaViews.logicalPort))),
                ("flows", .array([])),
            ])
            return .ok(
                .init(
                    body: .json(try JSONBridge.decode(Components.Schemas.LogicalDeviceDetailResponse.self, from: json))
                )
            )
        }
    }

    func volthaStatistics(_ input: Operations.VolthaStatistics.Input) async throws -> Operations.VolthaStatistics.Output
    {
        await handle(.ponRead, "PON statistics", Operations.VolthaStatistics.Output.default) { caller in
            let statistics = try await caller.withVoltha { client in
                let devices = try await client.devices()
                let adapters = try await client.adapters()
                var ports: [DevicePort] = []
                for olt in devices where olt.isRoot { ports += try await client.ports(deviceID: olt.id) }
                let olts = devices.filter(\.isRoot)
                let onus = devices.filter { !$0.isRoot }
                let online = onus.filter { $0.connectStatus == .reachable || $0.operStatus == .active }.count
                return Components.Schemas.PONStatistics(
                    totalOlts: olts.count,
                    activeOlts: olts.filter { $0.operStatus == .active }.count,
                    totalOnus: onus.count,
                    activeOnus: onus.filter { $0.adminState == .enabled && $0.operStatus == .active }.count,
                    onlineOnus: online,
                    offlineOnus: onus.count - online,
                    totalFlows: 0,
                    totalPorts: ports.count,
                    activePorts: ports.filter { $0.operStatus == .active }.count,
                    adapters: adapters.map(\.id)
                )
            }
            return .ok(.init(body: .json(statistics)))
        }
    }

    func volthaListAdapters(_ input: Operations.VolthaListAdapters.Input) async throws
        -> Operations.VolthaListAdapters.Output
    {
        await handle(.ponRead, "List adapters", Operations.VolthaListAdapters.Output.default) { caller in
            let adapters = try await caller.withVoltha { try await $0.adapters() }
            let json = JSONValue.array(adapters.map(VolthaViews.adapter))
            return .ok(.init(body: .json(try JSONBridge.decode([Components.Schemas.Adapter].self, from: json))))
        }
    }

    func volthaListDeviceTypes(_ input: Operations.VolthaListDeviceTypes.Input) async throws
        -> Operations.VolthaListDeviceTypes.Output
    {
        await handle(.ponRead, "List device types", Operations.VolthaListDeviceTypes.Output.default) { caller in
            let types = try await caller.withVoltha { try await $0.deviceTypes() }
            let json = JSONValue.array(types.map(VolthaViews.deviceType))
            return .ok(.init(body: .json(try JSONBridge.decode([Components.Schemas.DeviceType].self, from: json))))
        }
    }

    func volthaDiscoverONUs(_ input: Operations.VolthaDiscoverONUs.Input) async throws
        -> Operations.VolthaDiscoverONUs.Output
    {
        let olt = input.query.oltDeviceId
        return await handle(.ponWrite, "Discover ONUs", Operations.VolthaDiscoverONUs.Output.default) { caller in
            let entries = try await caller.withVoltha { client in
                guard let olt else { return try await client.onuInventory() }
                // DotMac took a logical device id; a physical OLT id or serial works too.
                let logical = try await client.logicalDevices().first { $0.id == olt }
                do {
                    return try await client.onuInventory(olt: logical?.rootDeviceID ?? olt)
                } catch let error as VolthaError where error.kind == .notFound {
                    // A mistyped OLT is not an OLT without new ONUs.
                    throw APIFailure.notFound(
                        "OLT \(DisplayText.value(olt)) not found: give a logical device id, an OLT device id or serial "
                            + "(GET /api/v1/voltha/devices lists them)"
                    )
                }
            }
            let now = APITime.volthaText(APITime.date(options.clock.now()))
            // Not yet in service: VOLTHA created the ONU, but it is not enabled and active.
            let discovered = entries.filter { !($0.adminState == .enabled && $0.operStatus == .active) }.map { entry in
                Components.Schemas.DiscoveredONU(
                    serialNumber: entry.serialNumber,
                    vendorId: entry.vendorID,
                    vendorSpecific: entry.vendorSpecific,
                    oltDeviceId: entry.oltID,
                    ponPort: Int(entry.ponInterface),
                    onuId: Int(entry.onuID),
                    discoveredAt: now,
                    status: "discovered"
                )
            }
            return .ok(.init(body: .json(.init(discovered: discovered, total: discovered.count, oltDeviceId: olt))))
        }
    }

    func volthaProvisionONU(_ input: Operations.VolthaProvisionONU.Input) async throws
        -> Operations.VolthaProvisionONU.Output
    {
        await handle(.ponWrite, "Provisioning failed", Operations.VolthaProvisionONU.Output.default) { caller in
            guard case .json(let body) = input.body else { throw APIFailure.notJSON }
            var refused: [String] = []
            if body.vlan != nil { refused.append("vlan") }
            if body.bandwidthProfile != nil { refused.append("bandwidth_profile") }
            if body.qinqEnabled == true { refused.append("qinq_enabled") }
            if body.innerVlan != nil { refused.append("inner_vlan") }
            guard refused.isEmpty else {
                throw APIFailure.invalid(
                    "Ferrule does not apply \(refused.joined(separator: ", ")) here: VLANs and bandwidth belong to SADIS "
                        + "and the ONOS olt app (VOLTHA has no such RPC); use `ferrule voltha provision-onu`, or send "
                        + "the request without them to enable the ONU"
                )
            }
            let device = try await caller.withVoltha { client in
                let devices = try await client.devices()
                let olt = devices.first {
                    $0.isRoot && ($0.id == body.oltDeviceId || $0.serialNumber == body.oltDeviceId)
                }
                // The serial matches as the CLI's does: as VOLTHA spells it, or with the case of its
                // letters changed (the ONU's label reads `ALCL78DE45B1`, VOLTHA `ALCL78de45b1`); the
                // PON port is the OLT's PON interface (`pon-<n>`, the ONU's channel id), as
                // `discover-onus` lists it.
                let candidates = devices.filter { onu in
                    !onu.isRoot && onu.parentID == olt?.id
                        && onu.proxyAddress.map { Int($0.channelID) == body.ponPort } == true
                }
                let exact = candidates.first { $0.serialNumber == body.serialNumber }
                guard
                    let onu = exact ?? candidates.first(where: { GPONSerial.same($0.serialNumber, body.serialNumber) })
                else {
                    throw APIFailure.notFound(
                        "ONU with serial \(DisplayText.value(body.serialNumber)) not found on specified OLT/port"
                    )
                }
                // An ONU under an OLT that is disabled or unreachable is out of service whatever its own
                // admin state: enabling it (or finding it enabled) provisions nothing.
                if let olt, olt.adminState != .enabled || olt.connectStatus == .unreachable {
                    throw APIFailure.conflict(
                        "OLT \(DisplayText.value(olt.id)) is \(olt.adminState) and \(olt.connectStatus): ONU "
                            + "\(DisplayText.value(onu.serialNumber)) cannot be in service under it; "
                            + (olt.adminState == .enabled
                                ? "bring the OLT back (`ferrule voltha device \(DisplayText.value(olt.id))`), then provision"
                                : "enable the OLT first (POST /api/v1/voltha/devices/enable with its device_id), then "
                                    + "provision")
                    )
                }
                do {
                    try await client.enable(deviceID: onu.id)
                } catch let error as VolthaError where error.kind == .alreadyEnabled {
                    // Already in service: provisioning is idempotent.
                }
                return onu
            }
            return .created(
                .init(
                    body: .json(
                        .init(
                            success: true,
                            message: "ONU \(device.serialNumber) provisioned successfully",
                            deviceId: device.id,
                            serialNumber: device.serialNumber,
                            oltDeviceId: body.oltDeviceId,
                            ponPort: body.ponPort
                        )
                    )
                )
            )
        }
    }

    /// Runs `body` with a client of the caller's VOLTHA; a VOLTHA not-found becomes 404 `notFound`.
    static func volthaCall<T: Sendable>(
        _ caller: Caller,
        notFound: String,
        _ body: (VolthaClient) async throws -> T
    ) async throws -> T {
        do {
            return try await withVolthaClient(try caller.voltha(), body)
        } catch let error as VolthaError where error.kind == .notFound {
            throw APIFailure.notFound(notFound)
        }
    }
}
