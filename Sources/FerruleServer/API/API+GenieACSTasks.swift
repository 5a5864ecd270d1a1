import Campaigns
import FerruleCore
import FerruleJSON
import GenieACS

/// `/genieacs/tasks/…`: one GenieACS task per request, queued for the device's next session
/// (`POST /devices/<id>/tasks`, GenieACS 1.2.16 lib/nbi.ts:258-420), without a connection request,
/// as DotMac sends them.
///
/// `success:true` means GenieACS queued the task; `task_id` is GenieACS's own task `_id` (DotMac
/// invented one). A device GenieACS does not have is 404 and an upstream failure 502/504 — not
/// `success:false` in a 200 as DotMac answered.
extension APIHandler {
    func genieacsTaskRefresh(_ input: Operations.GenieacsTaskRefresh.Input) async throws
        -> Operations.GenieacsTaskRefresh.Output
    {
        await handle(.cpeWrite, "Failed to create refresh task", Operations.GenieacsTaskRefresh.Output.default) {
            caller in
            guard case .json(let body) = input.body else { throw APIFailure.notJSON }
            let path = body.objectPath ?? "InternetGatewayDevice"
            let response = try await Self.submit(
                .refreshObject(path),
                to: body.deviceId,
                acs: try caller.acs(),
                message: "Refresh task created for device \(body.deviceId)"
            )
            return .ok(.init(body: .json(response)))
        }
    }

    func genieacsTaskSetParameters(
        _ input: Operations.GenieacsTaskSetParameters.Input
    ) async throws -> Operations.GenieacsTaskSetParameters.Output {
        await handle(.cpeWrite, "Failed to set parameters", Operations.GenieacsTaskSetParameters.Output.default) {
            caller in
            guard case .json(let body) = input.body else { throw APIFailure.notJSON }
            guard !body.parameters.additionalProperties.isEmpty else {
                throw APIFailure.invalid("Request validation failed: parameters is empty")
            }
            let values = body.parameters.additionalProperties.sorted { $0.key < $1.key }.map { path, value in
                (path: path, value: Self.taskValue(value), type: String?.none)
            }
            let response = try await Self.submit(
                .setParameterValues(values),
                to: body.deviceId,
                acs: try caller.acs(),
                message: "Set parameters task created for device \(body.deviceId)"
            )
            return .ok(.init(body: .json(response)))
        }
    }

    func genieacsTaskGetParameters(
        _ input: Operations.GenieacsTaskGetParameters.Input
    ) async throws -> Operations.GenieacsTaskGetParameters.Output {
        await handle(.cpeWrite, "Failed to get parameters", Operations.GenieacsTaskGetParameters.Output.default) {
            caller in
            guard case .json(let body) = input.body else { throw APIFailure.notJSON }
            guard !body.parameterNames.isEmpty else {
                throw APIFailure.invalid("Request validation failed: parameter_names is empty")
            }
            let response = try await Self.submit(
                .getParameterValues(body.parameterNames),
                to: body.deviceId,
                acs: try caller.acs(),
                message: "Get parameters for device \(body.deviceId)"
            )
            return .ok(.init(body: .json(response)))
        }
    }

    func genieacsTaskReboot(_ input: Operations.GenieacsTaskReboot.Input) async throws
        -> Operations.GenieacsTaskReboot.Output
    {
        await handle(.cpeWrite, "Failed to reboot device", Operations.GenieacsTaskReboot.Output.default) { caller in
            guard case .json(let body) = input.body else { throw APIFailure.notJSON }
            let response = try await Self.submit(
                .reboot,
                to: body.deviceId,
                acs: try caller.acs(),
                message: "Reboot task created for device \(body.deviceId)"
            )
            return .ok(.init(body: .json(response)))
        }
    }

    func genieacsTaskFactoryReset(
        _ input: Operations.GenieacsTaskFactoryReset.Input
    ) async throws -> Operations.GenieacsTaskFactoryReset.Output {
        await handle(.cpeWrite, "Failed to factory reset device", Operations.GenieacsTaskFactoryReset.Output.default) {
            caller in
            guard case .json(let body) = input.body else { throw APIFailure.notJSON }
            let response = try await Self.submit(
                .factoryReset,
                to: body.deviceId,
                acs: try caller.acs(),
                message: "Factory reset task created for device \(body.deviceId)"
            )
            return .ok(.init(body: .json(response)))
        }
    }

    func genieacsTaskDownloadFirmware(
        _ input: Operations.GenieacsTaskDownloadFirmware.Input
    ) async throws -> Operations.GenieacsTaskDownloadFirmware.Output {
        await handle(
            .cpeWrite,
            "Failed to create download task",
            Operations.GenieacsTaskDownloadFirmware.Output.default
        ) {
            caller in
            guard case .json(let body) = input.body else { throw APIFailure.notJSON }
            let response = try await Self.submit(
                .download(
                    fileType: body.fileType ?? "1 Firmware Upgrade Image",
                    fileName: body.fileName,
                    targetFileName: body.targetFileName ?? body.fileName
                ),
                to: body.deviceId,
                acs: try caller.acs(),
                message: "Firmware download task created for device \(body.deviceId)"
            )
            return .ok(.init(body: .json(response)))
        }
    }

    func genieacsTaskConfigureCPE(
        _ input: Operations.GenieacsTaskConfigureCPE.Input
    ) async throws -> Operations.GenieacsTaskConfigureCPE.Output {
        await handle(.cpeWrite, "Failed to configure CPE", Operations.GenieacsTaskConfigureCPE.Output.default) {
            caller in
            guard case .json(let body) = input.body else { throw APIFailure.notJSON }
            let configuration = SeedConfiguration(
                wifi: body.wifi.map {
                    .init(
                        ssid: $0.ssid,
                        password: $0.password,
                        securityMode: $0.securityMode,
                        channel: $0.channel,
                        enabled: $0.enabled
                    )
                },
                lan: body.lan.map(Self.lan),
                wan: body.wan.map(Self.wan)
            )
            let actions = try configuration.actions()
            guard !actions.isEmpty else {
                throw APIFailure.invalid("No configuration parameters provided")
            }
            let acs = try caller.acs()
            let document = try await Self.requireDevice(body.deviceId, acs: acs)
            let plan = try ConfigurationPlan.plan(
                try CampaignText.actions(actions, device: body.deviceId),
                on: document,
                now: options.clock.now()
            )
            if let reason = plan.notApplicableReason {
                throw APIFailure.conflict("Cannot configure device \(body.deviceId): \(reason)")
            }
            let values = plan.changes.map { (path: $0.path, value: GenieACSTask.Value.string($0.value), type: $0.type) }
            guard !values.isEmpty else {
                return .ok(
                    .init(
                        body: .json(
                            .init(success: true, message: "Device \(body.deviceId) already has this configuration")
                        )
                    )
                )
            }
            let response = try await Self.submit(
                .setParameterValues(values),
                to: body.deviceId,
                acs: acs,
                message: "CPE configuration task created for device \(body.deviceId)"
            )
            return .ok(.init(body: .json(response)))
        }
    }

    static func lan(_ lan: Components.Schemas.LANConfig) -> SeedConfiguration.LAN {
        var unsupported: [String] = []
        if lan.ipv4Address != nil || lan.ipAddress != nil { unsupported.append("lan.ipv4_address") }
        if lan.subnetMask != nil { unsupported.append("lan.subnet_mask") }
        if lan.ipv6Address != nil { unsupported.append("lan.ipv6_address") }
        if lan.ipv6PrefixLength != nil { unsupported.append("lan.ipv6_prefix_length") }
        if lan.dhcpv6Enabled == true { unsupported.append("lan.dhcpv6_enabled") }
        return .init(
            dhcpEnabled: lan.dhcpEnabled,
            dhcpStart: lan.dhcpStart,
            dhcpEnd: lan.dhcpEnd,
            unsupported: unsupported
        )
    }

    static func wan(_ wan: Components.Schemas.WANConfig) -> SeedConfiguration.WAN {
        var unsupported: [String] = []
        if wan.connectionType != nil { unsupported.append("wan.connection_type") }
        let statics: [(String, Bool)] = [
            ("wan.static_ipv4", wan.staticIpv4 != nil), ("wan.static_ipv4_gateway", wan.staticIpv4Gateway != nil),
            ("wan.static_ipv4_netmask", wan.staticIpv4Netmask != nil), ("wan.static_ipv6", wan.staticIpv6 != nil),
            ("wan.static_ipv6_gateway", wan.staticIpv6Gateway != nil),
            ("wan.static_ipv6_prefix_length", wan.staticIpv6PrefixLength != nil),
            ("wan.ipv6_pd_enabled", wan.ipv6PdEnabled != nil),
            ("wan.delegated_ipv6_prefix", wan.delegatedIpv6Prefix != nil),
        ]
        unsupported += statics.filter(\.1).map(\.0)
        return .init(vlanID: wan.vlanId, username: wan.username, password: wan.password, unsupported: unsupported)
    }

    /// A `parameters` value as GenieACS takes it: strings, numbers (integral ones without `.0`), booleans.
    static func taskValue(
        _ value: Components.Schemas.SetParameterRequest.ParametersPayload.AdditionalPropertiesPayload
    ) -> GenieACSTask.Value {
        switch value {
        case .case1(let text): .string(text)
        case .case2(let number): .number(JSONBridge.numberText(number))
        case .case3(let flag): .bool(flag)
        }
    }

    /// Queues `task` on `device` and describes the outcome as DotMac's `TaskResponse`.
    static func submit(
        _ task: GenieACSTask,
        to device: String,
        acs: any GenieACSNBI,
        message: String
    ) async throws -> Components.Schemas.TaskResponse {
        guard !device.isEmpty else { throw APIFailure.invalid("Request validation failed: device_id is empty") }
        let submission = try await acs.submit(TaskRequest(task), to: device)
        if submission.isNoSuchDevice { throw APIFailure.notFound("Device \(DisplayText.value(device)) not found") }
        guard let submitted = submission.task else {
            throw APIFailure(
                status: 502,
                detail:
                    "GenieACS answered \(submission.status) \(DisplayText.value(submission.reasonPhrase)) without a task"
            )
        }
        return .init(
            success: true,
            message: message,
            taskId: submitted.id,
            details: JSONBridge.container(submitted.document)
        )
    }
}
