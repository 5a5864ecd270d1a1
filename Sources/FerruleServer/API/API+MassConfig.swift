import Campaigns
import FerruleCore
import FerruleJSON
import Foundation
import GenieACS

/// `/genieacs/mass-config…`: DotMac's mass-configuration jobs, each one a Ferrule configuration
/// campaign. The WiFi/LAN/WAN sections become rule-language actions evaluated per device
/// (``SeedConfiguration``); a dry run resolves and lists the devices without storing a campaign.
extension APIHandler {
    func createMassConfig(_ input: Operations.CreateMassConfig.Input) async throws -> Operations.CreateMassConfig.Output
    {
        await handle(.cpeWrite, "Failed to create mass config job", Operations.CreateMassConfig.Output.default) {
            caller in
            guard case .json(let body) = input.body else { throw APIFailure.notJSON }
            let request = try JSONBridge.encode(body)
            let query = JSONBridge.json(body.deviceFilter.query.additionalProperties)
            try Self.requireFilter(query, field: "device_filter.query")
            let maxConcurrent = body.maxConcurrent ?? 10
            guard (1...10_000).contains(maxConcurrent) else {
                throw APIFailure.invalid(
                    "Request validation failed: max_concurrent must be 1–10000 (got \(maxConcurrent))"
                )
            }
            let configuration = SeedConfiguration(
                wifi: body.wifi.map(SeedConfiguration.WiFi.init),
                lan: body.lan.map { SeedConfiguration.LAN($0) },
                wan: body.wan.map(Self.massWAN),
                custom: request["custom_parameters"]?.objectMembers ?? []
            )
            let actions = try configuration.actions()
            guard !actions.isEmpty else { throw APIFailure.invalid("No configuration parameters provided") }
            var devices: [(String, JSONValue)] = [("query", query)]
            if let expected = body.deviceFilter.expectedCount {
                guard (1...100_000_000).contains(expected) else {
                    throw APIFailure.invalid(
                        "Request validation failed: device_filter.expected_count must be 1–100000000 (got \(expected))"
                    )
                }
                devices.append(("expected_count", .int(expected)))
            }
            var rollout: [(String, JSONValue)] = [
                ("timezone", .string(body.timezone ?? "UTC")), ("max_concurrent", .int(maxConcurrent)),
            ]
            if let scheduled = body.scheduledAt { rollout.append(("scheduled_at", .string(scheduled))) }
            rollout += try Self.rolloutOptions(request["rollout"])
            let id = UUID().uuidString.lowercased()
            let document = JSONValue.object(
                [
                    ("name", .string(Self.campaignName(body.name))),
                    ("configuration", .array(actions)),
                    ("devices", .object(devices)),
                    ("rollout", .object(rollout)),
                    // Free text, taken literally: `${…}` in it is not a variable.
                ] + (body.description.map { [("description", SeedConfiguration.literal($0))] } ?? [])
            )
            let text = document.compactText
            let (spec, readWarnings) = try CampaignText.read(text, file: "mass-config-\(id)", positions: false)
            try refuseUnservedPON(spec, tenant: caller.tenant, failure: "Failed to create mass config job")
            let acs = try caller.acs()
            let now = options.clock.now()
            let jobs = try stores.seedJobs(for: caller.tenant)
            let store = try stores.campaigns(for: caller.tenant)
            if body.dryRun == true {
                let targets = try await CampaignResolver.resolve(spec, acs: acs, now: now)
                if let expected = spec.expectedCount, !expected.accepts(targets.count) {
                    throw APIFailure(
                        status: 400,
                        detail: "Device count mismatch: expected \(expected.count), found \(targets.count)"
                    )
                }
                let preview = targets.map(\.deviceID)
                let job = SeedJobStore.Job(
                    id: id,
                    kind: "mass-config",
                    request: request.compactText,
                    dryRun: true,
                    preview: JSONValue.array(preview.map(JSONValue.string)).compactText,
                    totalDevices: targets.count,
                    createdAt: now
                )
                try await jobs.insert(job)
                var answer = try await jobResponse(job, store: store, preview: preview)
                // What the job would earn at create.
                answer.warnings =
                    Self.requestWarnings(read: readWarnings)
                    + Self.requestWarnings(
                        CampaignWarning.warnings(for: spec.rollout, targets: targets.count, file: spec.file)
                    )
                return .created(.init(body: .json(answer)))
            }
            let created = try await Self.create(
                spec,
                text: text,
                store: store,
                acs: acs,
                action: "mass config job",
                clock: options.clock,
                neighbours: options.campaignNeighbours(caller.tenant),
                secrets: options.secrets(caller.tenant),
                models: try await configurationModels(spec)
            )
            let record = created.record
            let job = SeedJobStore.Job(
                id: id,
                kind: "mass-config",
                campaignID: record.id,
                request: request.compactText,
                dryRun: false,
                totalDevices: 0,
                createdAt: record.createdAt
            )
            try await jobs.insert(job)
            var answer = try await jobResponse(job, store: store, preview: nil)
            // Created all the same: the warnings go back with it, as `POST /ferrule/campaigns` returns them.
            answer.warnings = Self.requestWarnings(read: readWarnings) + Self.requestWarnings(created.warnings)
            return .created(.init(body: .json(answer)))
        }
    }

    func listMassConfigJobs(_ input: Operations.ListMassConfigJobs.Input) async throws
        -> Operations.ListMassConfigJobs.Output
    {
        await handle(.cpeRead, "List mass config jobs", Operations.ListMassConfigJobs.Output.default) { caller in
            let (skip, limit) = try Self.page(skip: input.query.skip, limit: input.query.limit, maximum: 1000)
            let store = try stores.campaigns(for: caller.tenant)
            let page = try await stores.seedJobs(for: caller.tenant).jobs(
                kind: "mass-config",
                limit: limit,
                offset: skip
            )
            var jobs: [JSONValue] = []
            for job in page.jobs {
                jobs.append(try jobObject(job, view: try await Self.view(job, store: store)))
            }
            return .ok(
                .init(body: .json(try JSONBridge.list("jobs", jobs, total: page.total, skip: skip, limit: limit)))
            )
        }
    }

    func getMassConfigJob(_ input: Operations.GetMassConfigJob.Input) async throws -> Operations.GetMassConfigJob.Output
    {
        let id = input.path.jobId
        return await handle(.cpeRead, "Get mass config job", Operations.GetMassConfigJob.Output.default) { caller in
            let job = try await Self.requireJob(id, kind: "mass-config", tenant: caller.tenant, stores: stores)
            let response = try await jobResponse(job, store: try stores.campaigns(for: caller.tenant), preview: nil)
            return .ok(.init(body: .json(response)))
        }
    }

    func cancelMassConfigJob(_ input: Operations.CancelMassConfigJob.Input) async throws
        -> Operations.CancelMassConfigJob.Output
    {
        let id = input.path.jobId
        return await handle(
            .cpeWrite,
            "Failed to cancel mass config job",
            Operations.CancelMassConfigJob.Output.default
        ) { caller in
            let job = try await Self.requireJob(id, kind: "mass-config", tenant: caller.tenant, stores: stores)
            try await cancel(job, caller: caller, noun: "job")
            return .ok(.init(body: .json(.init(success: true, message: "Job \(id) cancelled"))))
        }
    }

    func executeMassConfigJob(_ input: Operations.ExecuteMassConfigJob.Input) async throws
        -> Operations.ExecuteMassConfigJob.Output
    {
        let id = input.path.jobId
        return await handle(
            .cpeWrite,
            "Failed to execute mass config job",
            Operations.ExecuteMassConfigJob.Output.default
        ) { caller in
            let job = try await Self.requireJob(id, kind: "mass-config", tenant: caller.tenant, stores: stores)
            guard let campaignID = job.campaignID else {
                throw APIFailure.conflict("Cannot execute dry-run job: create it again without dry_run to run it")
            }
            let store = try stores.campaigns(for: caller.tenant)
            try await CampaignStart.start(campaignID, in: store, now: options.clock.now(), by: caller.principal.subject)
            options.campaignStarted()
            return .ok(.init(body: .json(try await jobResponse(job, store: store, preview: nil))))
        }
    }

    static func massWAN(_ wan: Components.Schemas.MassWANConfig) -> SeedConfiguration.WAN {
        .init(vlanID: wan.vlanId, unsupported: SeedConfiguration.WAN.unsupportedFields(wan))
    }

    // MARK: Views

    func jobResponse(
        _ job: SeedJobStore.Job,
        store: CampaignStore,
        preview: [String]?
    ) async throws -> Components.Schemas.MassConfigResponse {
        let (view, targets) = try await Self.viewAndTargets(job, store: store)
        let results: [JSONValue] = targets.map { target in
            var members: [(String, JSONValue)] = [
                ("device_id", .string(target.deviceID)),
                ("status", .string(SeedCampaignView.resultStatus(target.state).rawValue)),
                ("parameters_changed", SeedCampaignView.parametersChanged(target)),
            ]
            if let message = SeedCampaignView.message(target) { members.append(("error_message", .string(message))) }
            if let at = APITime.date(target.firstPushedAt) {
                members.append(("started_at", .string(at.formatted(.iso8601))))
            }
            if let at = APITime.date(target.finishedAt) {
                members.append(("completed_at", .string(at.formatted(.iso8601))))
            }
            return .object(members)
        }
        var members: [(String, JSONValue)] = [("job", try jobObject(job, view: view)), ("results", .array(results))]
        if let preview { members.append(("preview", .array(preview.map(JSONValue.string)))) }
        return try JSONBridge.decode(Components.Schemas.MassConfigResponse.self, from: .object(members))
    }

    /// DotMac's `MassConfigJob` object.
    func jobObject(_ job: SeedJobStore.Job, view: SeedCampaignView?) throws -> JSONValue {
        let request = try JSONValue.parse(job.request)
        let now = options.clock.now()
        let status: String
        if let view {
            status = view.status(now: now).rawValue
        } else {
            status = job.status ?? "pending"
        }
        var members: [(String, JSONValue)] = [
            ("job_id", .string(job.id)),
            ("name", request["name"] ?? .string("")),
            ("device_filter", request["device_filter"]?["query"] ?? .object([])),
            ("total_devices", .int(view?.total ?? job.totalDevices)),
            ("completed_devices", .int(view?.succeeded ?? 0)),
            ("failed_devices", .int(view?.failed ?? 0)),
            ("pending_devices", .int(view?.pending ?? (job.status == nil ? job.totalDevices : 0))),
            // A cancelled dry run's devices are skipped, as a cancelled campaign's pending targets
            // are: the counts always add up to total_devices.
            ("skipped_devices", .int(view?.skipped ?? (job.status == nil ? 0 : job.totalDevices))),
            ("status", .string(status)),
            ("dry_run", .bool(job.dryRun)),
            ("created_at", .string(APITime.date(job.createdAt).formatted(.iso8601))),
        ]
        if let campaignID = job.campaignID { members.append(("campaign_id", .string(campaignID))) }
        if let description = request["description"], description != .null {
            members.append(("description", description))
        }
        if let reason = view?.statusReason(now: now) { members.append(("status_reason", .string(reason))) }
        if let at = APITime.date(view?.startedAt(now: now)) {
            members.append(("started_at", .string(at.formatted(.iso8601))))
        }
        let completed = view?.campaign.finishedAt ?? job.completedAt
        if let at = APITime.date(completed) { members.append(("completed_at", .string(at.formatted(.iso8601)))) }
        return .object(members)
    }
}
