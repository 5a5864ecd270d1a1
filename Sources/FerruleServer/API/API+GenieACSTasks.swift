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
        let body =
            switch input.body {
            case .json(let body): body
            }
        return await queueTask(
            "Failed to create refresh task",
            on: body.deviceId,
            Operations.GenieacsTaskRefresh.Output.default
        ) {
            .ok(.init(body: .json($0)))
        } task: {
            (.refreshObject(body.objectPath ?? "InternetGatewayDevice"), "Refresh task created")
        }
    }

    func genieacsTaskSetParameters(
        _ input: Operations.GenieacsTaskSetParameters.Input
    ) async throws -> Operations.GenieacsTaskSetParameters.Output {
        let body =
            switch input.body {
            case .json(let body): body
            }
        return await queueTask(
            "Failed to set parameters",
            on: body.deviceId,
            Operations.GenieacsTaskSetParameters.Output.default
        ) {
            .ok(.init(body: .json($0)))
        } task: {
            guard !body.parameters.additionalProperties.isEmpty else {
                throw APIFailure.invalid("Request validation failed: parameters is empty")
            }
            let values = body.parameters.additionalProperties.sorted { $0.key < $1.key }.map { path, value in
                (path: path, value: Self.taskValue(value), type: String?.none)
            }
            return (.setParameterValues(values), "Set parameters task created")
        }
    }

    func genieacsTaskGetParameters(
        _ input: Operations.GenieacsTaskGetParameters.Input
    ) async throws -> Operations.GenieacsTaskGetParameters.Output {
        let body =
            switch input.body {
            case .json(let body): body
            }
        return await queueTask(
            "Failed to get parameters",
            on: body.deviceId,
            Operations.GenieacsTaskGetParameters.Output.default
        ) {
            .ok(.init(body: .json($0)))
        } task: {
            guard !body.parameterNames.isEmpty else {
                throw APIFailure.invalid("Request validation failed: parameter_names is empty")
            }
            return (.getParameterValues(body.parameterNames), "Get parameters")
        }
    }

    func genieacsTaskReboot(_ input: Operations.GenieacsTaskReboot.Input) async throws
        -> Operations.GenieacsTaskReboot.Output
    {
        let body =
            switch input.body {
            case .json(let body): body
            }
        return await queueTask(
            "Failed to reboot device",
            on: body.deviceId,
            Operations.GenieacsTaskReboot.Output.default
        ) {
            .ok(.init(body: .json($0)))
        } task: {
            (.reboot, "Reboot task created")
        }
    }

    func genieacsTaskFactoryReset(
        _ input: Operations.GenieacsTaskFactoryReset.Input
    ) async throws -> Operations.GenieacsTaskFactoryReset.Output {
        let body =
            switch input.body {
            case .json(let body): body
            }
        return await queueTask(
            "Failed to factory reset device",
            on: body.deviceId,
            Operations.GenieacsTaskFactoryReset.Output.default
        ) {
            .ok(.init(body: .json($0)))
        } task: {
            (.factoryReset, "Factory reset task created")
        }
    }

    func genieacsTaskDownloadFirmware(
        _ input: Operations.GenieacsTaskDownloadFirmware.Input
    ) async throws -> Operations.GenieacsTaskDownloadFirmware.Output {
        let body =
            switch input.body {
            case .json(let body): body
            }
        return await queueTask(
            "Failed to create download task",
            on: body.deviceId,
            Operations.GenieacsTaskDownloadFirmware.Output.default
        ) {
            .ok(.init(body: .json($0)))
        } task: {
            let task = GenieACSTask.download(
                fileType: body.fileType ?? "1 Firmware Upgrade Image",
                fileName: body.fileName,
                targetFileName: body.targetFileName ?? body.fileName
            )
            return (task, "Firmware download task created")
        }
    }

    /// The task routes' shape: `isp.cpe.write`, one task queued on `device`, answered with DotMac's
    /// `TaskResponse` whose message is `<what> for device <id>`.
    ///
    /// - Parameters:
    ///   - action: The failure text's prefix (`Failed to reboot device`).
    ///   - device: The body's `device_id`.
    ///   - failure: The operation's `.default(statusCode:_:)`.
    ///   - ok: The operation's 200 with the response.
    ///   - task: The task and the message's start; throws ``APIFailure`` for a body it refuses.
    func queueTask<Output>(
        _ action: String,
        on device: String,
        _ failure: (Int, Components.Responses._Error) -> Output,
        ok: (Components.Schemas.TaskResponse) -> Output,
        task: () throws -> (GenieACSTask, String)
    ) async -> Output {
        await handle(.cpeWrite, action, failure) { caller in
            let (task, what) = try task()
            return ok(
                try await Self.submit(task, to: device, acs: try caller.acs(), message: "\(what) for device \(device)")
            )
        }
    }

    func genieacsTaskConfigureCPE(
        _ input: Operations.GenieacsTaskConfigureCPE.Input
    ) async throws -> Operations.GenieacsTaskConfigureCPE.Output {
        await handle(.cpeWrite, "Failed to configure CPE", Operations.GenieacsTaskConfigureCPE.Output.default) {
            caller in
            guard case .json(let body) = input.body else { throw APIFailure.notJSON }
            let configuration = SeedConfiguration(
                wifi: body.wifi.map(SeedConfiguration.WiFi.init),
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
        SeedConfiguration.LAN(lan, ipv4Given: lan.ipAddress != nil)
    }

    static func wan(_ wan: Components.Schemas.WANConfig) -> SeedConfiguration.WAN {
        var unsupported = SeedConfiguration.WAN.unsupportedFields(wan)
        if wan.delegatedIpv6Prefix != nil { unsupported.append("wan.delegated_ipv6_prefix") }
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
            details: JSONBridge.container(shown(submitted.document))
        )
    }

    /// A task document fit for a response: the values of secret parameters in
    /// `parameterValues` as `••••••`, as the device routes show them (``DeviceSummary/shown(_:_:)``).
    static func shown(_ task: JSONValue) -> JSONValue {
        guard let values = task["parameterValues"]?.arrayValue else { return task }
        let masked = values.map { entry -> JSONValue in
            guard var items = entry.arrayValue, items.count >= 2, let path = items[0].stringValue else { return entry }
            items[1] = DeviceSummary.shown(path, items[1])
            return .array(items)
        }
        return task.setting("parameterValues", to: .array(masked))
    }
}
