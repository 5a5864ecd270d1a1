import Campaigns
import DataModel
import FerruleCore
import FerruleJSON
import Foundation
import GenieACS

/// `/genieacs/firmware-upgrades/…`: DotMac's firmware schedules, each one a Ferrule firmware
/// campaign (docs/campaigns.md) — targets frozen at creation, waves, windows, `max_concurrent`
/// devices in flight, verification of the new SoftwareVersion after a fresh Inform, retries of
/// the failed devices only, auto-pause on the failure rate, crash-safe state.
extension APIHandler {
    /// The most per-device results a schedule or job response lists (the rest:
    /// `/ferrule/campaigns/{id}/report`, which pages).
    static let resultLimit = 10_000

    func createFirmwareSchedule(
        _ input: Operations.CreateFirmwareSchedule.Input
    ) async throws -> Operations.CreateFirmwareSchedule.Output {
        await handle(
            .cpeWrite,
            "Failed to create firmware upgrade schedule",
            Operations.CreateFirmwareSchedule.Output.default
        ) {
            caller in
            guard case .json(let body) = input.body else { throw APIFailure.notJSON }
            let request = try JSONBridge.encode(body)
            let filter = JSONBridge.json(body.deviceFilter.additionalProperties)
            try Self.requireFilter(filter, field: "device_filter")
            let acs = try caller.acs()
            let targetVersion = try await Self.targetVersion(body.targetVersion, file: body.firmwareFile, acs: acs)
            let id = UUID().uuidString.lowercased()
            var rollout: [(String, JSONValue)] = [
                ("scheduled_at", .string(body.scheduledAt)),
                ("timezone", .string(body.timezone ?? "UTC")),
                ("max_concurrent", .int(body.maxConcurrent ?? 10)),
            ]
            rollout += try Self.rolloutOptions(request["rollout"])
            let document = JSONValue.object(
                [
                    ("name", .string(Self.campaignName(body.name))),
                    (
                        "firmware",
                        .object([
                            ("file", SeedConfiguration.literal(body.firmwareFile)),
                            ("file_type", SeedConfiguration.literal(body.fileType ?? "1 Firmware Upgrade Image")),
                            ("target_version", SeedConfiguration.literal(targetVersion)),
                        ])
                    ),
                    ("devices", .object([("query", filter)])),
                    ("rollout", .object(rollout)),
                    // Free text, taken literally: `${…}` in it is not a variable.
                ] + (body.description.map { [("description", SeedConfiguration.literal($0))] } ?? [])
            )
            let text = document.compactText
            let (spec, readWarnings) = try CampaignText.read(text, file: "firmware-schedule-\(id)", positions: false)
            try refuseUnservedPON(spec, tenant: caller.tenant, failure: "Failed to create firmware upgrade schedule")
            let stores = try self.stores.campaigns(for: caller.tenant)
            let created = try await Self.create(
                spec,
                text: text,
                store: stores,
                acs: acs,
                action: "firmware upgrade schedule",
                clock: options.clock,
                neighbours: options.campaignNeighbours(caller.tenant)
            )
            let record = created.record
            let job = SeedJobStore.Job(
                id: id,
                kind: "firmware",
                campaignID: record.id,
                request: request.compactText,
                dryRun: false,
                totalDevices: 0,
                createdAt: record.createdAt
            )
            try await self.stores.seedJobs(for: caller.tenant).insert(job)
            var answer = try await scheduleResponse(job, store: stores)
            // Created all the same: the warnings go back with it, as `POST /ferrule/campaigns` returns them.
            answer.warnings = Self.requestWarnings(read: readWarnings) + Self.requestWarnings(created.warnings)
            return .created(.init(body: .json(answer)))
        }
    }

    func listFirmwareSchedules(
        _ input: Operations.ListFirmwareSchedules.Input
    ) async throws -> Operations.ListFirmwareSchedules.Output {
        await handle(.cpeRead, "List firmware upgrade schedules", Operations.ListFirmwareSchedules.Output.default) {
            caller in
            let (skip, limit) = try Self.page(skip: input.query.skip, limit: input.query.limit, maximum: 1000)
            let store = try stores.campaigns(for: caller.tenant)
            let page = try await stores.seedJobs(for: caller.tenant).jobs(kind: "firmware", limit: limit, offset: skip)
            var schedules: [Components.Schemas.FirmwareUpgradeSchedule] = []
            for job in page.jobs {
                schedules.append(try schedule(job, view: try await Self.view(job, store: store)))
            }
            return .ok(.init(body: .json(.init(schedules: schedules, total: page.total, skip: skip, limit: limit))))
        }
    }

    func getFirmwareSchedule(_ input: Operations.GetFirmwareSchedule.Input) async throws
        -> Operations.GetFirmwareSchedule.Output
    {
        let id = input.path.scheduleId
        return await handle(.cpeRead, "Get firmware upgrade schedule", Operations.GetFirmwareSchedule.Output.default) {
            caller in
            .ok(.init(body: .json(try await scheduleAnswer(id, caller: caller))))
        }
    }

    /// The progress answer of the caller's firmware schedule `id`; 404 when it has none.
    func scheduleAnswer(_ id: String, caller: Caller) async throws
        -> Components.Schemas.FirmwareUpgradeScheduleResponse
    {
        let job = try await Self.requireJob(id, kind: "firmware", tenant: caller.tenant, stores: stores)
        return try await scheduleResponse(job, store: try stores.campaigns(for: caller.tenant))
    }

    func cancelFirmwareSchedule(
        _ input: Operations.CancelFirmwareSchedule.Input
    ) async throws -> Operations.CancelFirmwareSchedule.Output {
        let id = input.path.scheduleId
        return await handle(
            .cpeWrite,
            "Failed to cancel firmware upgrade schedule",
            Operations.CancelFirmwareSchedule.Output.default
        ) {
            caller in
            let job = try await Self.requireJob(id, kind: "firmware", tenant: caller.tenant, stores: stores)
            try await cancel(job, caller: caller, noun: "schedule")
            return .ok(.init(body: .json(.init(success: true, message: "Schedule \(id) cancelled"))))
        }
    }

    func executeFirmwareSchedule(
        _ input: Operations.ExecuteFirmwareSchedule.Input
    ) async throws -> Operations.ExecuteFirmwareSchedule.Output {
        let id = input.path.scheduleId
        return await handle(
            .cpeWrite,
            "Failed to execute firmware upgrade schedule",
            Operations.ExecuteFirmwareSchedule.Output.default
        ) {
            caller in
            let job = try await Self.requireJob(id, kind: "firmware", tenant: caller.tenant, stores: stores)
            let store = try stores.campaigns(for: caller.tenant)
            if let campaignID = job.campaignID {
                // Now, not at scheduled_at (the document's "instead of at `scheduled_at`").
                try await CampaignStart.startNow(
                    campaignID,
                    in: store,
                    now: options.clock.now(),
                    by: caller.principal.subject
                )
                options.campaignStarted()
            }
            return .ok(.init(body: .json(try await scheduleResponse(job, store: store))))
        }
    }

    // MARK: Shared with mass configuration

    /// The schedule or job with this id in the caller's tenant, or 404 (another tenant's is unknown here).
    static func requireJob(
        _ id: String,
        kind: String,
        tenant: String,
        stores: TenantCampaignStores
    ) async throws -> SeedJobStore.Job {
        guard let job = try await stores.seedJobs(for: tenant).job(id, kind: kind) else {
            throw APIFailure.notFound(
                kind == "firmware"
                    ? "Firmware upgrade schedule \(DisplayText.value(id)) not found"
                    : "Mass configuration job \(DisplayText.value(id)) not found"
            )
        }
        return job
    }

    /// The campaign view of a job, nil for a dry run.
    static func view(_ job: SeedJobStore.Job, store: CampaignStore) async throws -> SeedCampaignView? {
        guard let campaignID = job.campaignID else { return nil }
        guard let view = try await SeedCampaignView.load(campaignID, store: store) else {
            throw missing(campaignID, of: job)
        }
        return view
    }

    /// The campaign view of a job and its first ``resultLimit`` targets, read in one snapshot of
    /// the store; nil view and no targets for a dry run.
    static func viewAndTargets(
        _ job: SeedJobStore.Job,
        store: CampaignStore
    ) async throws -> (view: SeedCampaignView?, targets: [TargetRecord]) {
        try await snapshotView(job) { try await store.snapshot($0, targetLimit: resultLimit) }
    }

    /// The same with only what a schedule's results show of each target
    /// (``CampaignStore/resultsSnapshot(_:targetLimit:)``: 6 of the 16 columns decoded).
    static func viewAndResults(
        _ job: SeedJobStore.Job,
        store: CampaignStore
    ) async throws -> (view: SeedCampaignView?, targets: [TargetResult]) {
        try await snapshotView(job) { try await store.resultsSnapshot($0, targetLimit: resultLimit) }
    }

    /// The view and targets of the snapshot `read` gives of the job's campaign.
    private static func snapshotView<Target>(
        _ job: SeedJobStore.Job,
        read: (String) async throws -> CampaignSnapshot<Target>?
    ) async throws -> (view: SeedCampaignView?, targets: [Target]) {
        guard let campaignID = job.campaignID else { return (nil, []) }
        guard let progress = try await read(campaignID) else { throw missing(campaignID, of: job) }
        return (try SeedCampaignView(progress), progress.targets)
    }

    /// The 500 of a job whose campaign is not in the store.
    static func missing(_ campaignID: String, of job: SeedJobStore.Job) -> APIFailure {
        APIFailure(status: 500, detail: "Campaign \(campaignID) of \(job.kind) job \(job.id) is missing from the store")
    }

    /// Cancels the job's campaign (no push afterwards; queued tasks deleted), or a dry run.
    /// 409 when it already ended.
    func cancel(_ job: SeedJobStore.Job, caller: Caller, noun: String) async throws {
        let jobs = try stores.seedJobs(for: caller.tenant)
        guard let campaignID = job.campaignID else {
            guard job.status != "cancelled" else {
                throw APIFailure.conflict("Cannot cancel \(noun) with status: cancelled")
            }
            var cancelled = job
            cancelled.status = "cancelled"
            cancelled.completedAt = options.clock.now()
            try await jobs.update(cancelled)
            return
        }
        let store = try stores.campaigns(for: caller.tenant)
        guard let view = try await SeedCampaignView.load(campaignID, store: store) else {
            throw APIFailure.notFound("Campaign \(campaignID) not found")
        }
        let control = CampaignControl(store: store, clock: options.clock)
        // A cancel whose task deletions GenieACS refused is retried by a second one.
        var retry = false
        if view.campaign.status == .cancelled { retry = try await !control.pendingDeletions(campaignID).isEmpty }
        if !retry, view.campaign.status == .completed || view.campaign.status == .cancelled {
            throw APIFailure.conflict(
                "Cannot cancel \(noun) with status: \(view.status(now: options.clock.now()).rawValue)"
            )
        }
        _ = try await control.cancel(
            campaignID,
            acs: try caller.acs(),
            rollout: view.spec.rollout,
            by: caller.principal.subject
        )
    }

    /// Creates the campaign; a count that does not match `expected_count` is 400 (DotMac's status).
    static func create(
        _ spec: CampaignSpec,
        text: String,
        store: CampaignStore,
        acs: any GenieACSNBI,
        action: String,
        clock: any CampaignClock,
        neighbours: [CampaignNeighbour],
        secrets: SecretStore = SecretStore(),
        variables: VariableSet = VariableSet(),
        models: ModelSet? = nil
    ) async throws -> CampaignCreation {
        // The runner would refuse it at every scan: the tenant's secrets are known now.
        let missing = CampaignRunner.secretNames(spec).filter { secrets.value($0) == nil }
        if !missing.isEmpty {
            let named = missing.map { "${secret:\(DisplayText.value($0))}" }.joined(separator: ", ")
            throw APIFailure.invalid(
                "Failed to create \(action): the campaign uses \(named), which this tenant's secrets_file does not "
                    + "hold; add \(missing.map { DisplayText.value($0) + "=…" }.joined(separator: ", ")) to it first"
            )
        }
        do {
            var creator = CampaignCreator(store: store, acs: acs, clock: clock)
            creator.secrets = secrets
            creator.neighbours = neighbours
            creator.models = models
            return try await creator.create(spec, specText: text, variables: variables)
        } catch let error as ConfigurationValueError {
            // As `campaign create --model` refuses them: each refused value, at most 20.
            let refused = error.diagnostics.sorted.prefix(5).map { DisplayText.line($0.message) }
            let more = error.diagnostics.sorted.count > 5 ? "; …" : ""
            throw APIFailure.invalid(
                "Failed to create \(action): \(error.description): \(refused.joined(separator: "; "))\(more)"
            )
        } catch let error as CampaignError {
            throw APIFailure(status: 400, detail: "Failed to create \(action): \(DisplayText.line(error.description))")
        } catch let error as FirmwareModelError {
            throw APIFailure.invalid("Failed to create \(action): \(DisplayText.line(error.description))")
        } catch let error as CampaignOverlapError {
            // A retried request lands here too: the first one's campaign is named so the client can use it.
            throw APIFailure.conflict("Failed to create \(action): \(DisplayText.line(overlapDetail(error)))")
        }
    }

    /// An overlap as a tenant's client may read it: how to cancel a campaign of its own over the
    /// API; another tenant's campaign neither named nor placed; no server file paths.
    static func overlapDetail(_ error: CampaignOverlapError) -> String {
        let shared = error.sharedDevices
        switch error.neighbour?.owner {
        case nil:
            return "\(shared) are already targets of open campaign \(error.campaignID) (\(error.status)); nothing was "
                + "created. Let it finish, or cancel it (POST /api/v1/ferrule/campaigns/\(error.campaignID)/cancel), "
                + "or narrow the filter"
        case .operatorStore?:
            return "\(shared) are already targets of open campaign \(error.campaignID) (\(error.status)) that the "
                + "server's operator created with `ferrule campaign` on the same GenieACS; nothing was created. Narrow "
                + "the filter, or ask the operator"
        case .tenant?:
            return "\(shared) are already targets of another tenant's open campaign on the same GenieACS; nothing was "
                + "created. Narrow the filter, or ask the server's operator"
        }
    }

    /// An empty filter would target every device: refused (write `{"_id": {"$exists": true}}`).
    static func requireFilter(_ filter: JSONValue, field: String) throws {
        guard let members = filter.objectMembers, !members.isEmpty else {
            throw APIFailure.invalid(
                "Request validation failed: \(field) is empty and would target every device; "
                    + "to mean the whole fleet send {\"_id\": {\"$exists\": true}}"
            )
        }
        // What would stop GenieACS's NBI worker, at any depth: refused before anything is sent
        // (the same check as `ferrule acs devices --query` and a campaign's `query:`).
        let problems = DeviceQueryCheck.problems(filter)
        guard problems.isEmpty else {
            let described = problems.prefix(3).map { "\(field) at \($0.location): \($0.message)" }
            throw APIFailure.invalid(
                "Request validation failed: " + described.joined(separator: "; ")
                    + "; not sent: " + DeviceQueryCheck.notSentReason(problems)
            )
        }
    }

    /// `target_version`, or the firmware file's `metadata.version` in GenieACS. The file must be on
    /// GenieACS's file server either way (400 otherwise, as DotMac answers): a schedule naming a
    /// file devices cannot download would fail every device at its first push.
    static func targetVersion(_ given: String?, file: String, acs: any GenieACSNBI) async throws -> String {
        guard let document = try await document(.files, file, acs) else {
            throw APIFailure(
                status: 400,
                detail: "Failed to create firmware upgrade schedule: file \(DisplayText.value(file)) is not on the "
                    + "GenieACS file server; upload it first (ferrule acs files)"
            )
        }
        if let given, !given.isEmpty { return given }
        guard let version = document["metadata"]?["version"]?.stringValue, !version.isEmpty else {
            throw APIFailure.invalid(
                "Request validation failed: file \(DisplayText.value(file)) has no metadata.version in GenieACS; "
                    + "send target_version, the SoftwareVersion an upgraded device reports"
            )
        }
        return version
    }

    /// The `rollout` extras of a request (waves, windows, failure rate …), null fields left out.
    static func rolloutOptions(_ rollout: JSONValue?) throws -> [(String, JSONValue)] {
        (rollout?.objectMembers ?? []).filter { $0.1 != .null }
    }

    /// A campaign name from a DotMac name: characters other than `A-Z a-z 0-9 _ . -` become `-`,
    /// at most 100 (the name shown to DotMac clients is kept as sent).
    static func campaignName(_ name: String) -> String {
        let mapped = String(
            name.unicodeScalars.prefix(100).map { s -> Character in
                s.isASCII && (CharacterSet.alphanumerics.contains(s) || s == "_" || s == "." || s == "-")
                    ? Character(s) : "-"
            }
        )
        return mapped.isEmpty ? "schedule" : mapped
    }

    // MARK: Views

    func scheduleResponse(_ job: SeedJobStore.Job, store: CampaignStore) async throws
        -> Components.Schemas.FirmwareUpgradeScheduleResponse
    {
        try await scheduleResponse(job, request: try JSONValue.parse(job.request), store: store)
    }

    /// The progress answer of `job`, whose stored request is `request` (parsed).
    func scheduleResponse(_ job: SeedJobStore.Job, request: JSONValue, store: CampaignStore) async throws
        -> Components.Schemas.FirmwareUpgradeScheduleResponse
    {
        var (answer, targets) = try await scheduleProgress(job, request: request, store: store)
        // Built as the generated types directly: a JSONValue round trip per device (print, then
        // JSONDecoder) was a fifth of the route's CPU at 700 requests/s (perf, Tools/bench-serve.sh).
        answer.results = targets.map(Self.result)
        return answer
    }

    /// The progress answer of `job` without its results (`results` empty), and the targets the
    /// results are made of (``result(_:)``, in order): ``ScheduleAnswerJSON`` writes them without
    /// making the generated type of each.
    func scheduleProgress(_ job: SeedJobStore.Job, request: JSONValue, store: CampaignStore) async throws
        -> (answer: Components.Schemas.FirmwareUpgradeScheduleResponse, targets: [TargetResult])
    {
        let (view, targets) = try await Self.viewAndResults(job, store: store)
        // The same `now` for the status and for how long the answer holds (a progress GET's answer
        // is kept until a write or that time: ProgressCacheMiddleware).
        let now = options.clock.now()
        ProgressAnswerNote.current?.holds(until: view?.answerChanges(after: now) ?? .infinity)
        let answer = Components.Schemas.FirmwareUpgradeScheduleResponse(
            schedule: schedule(job, request: request, view: view, now: now),
            totalDevices: view?.total ?? 0,
            completedDevices: view?.succeeded ?? 0,
            failedDevices: view?.failed ?? 0,
            pendingDevices: view?.pending ?? 0,
            skippedDevices: view?.skipped ?? 0,
            results: []
        )
        return (answer, targets)
    }

    /// DotMac's `FirmwareUpgradeResult` of one target.
    static func result(_ target: TargetResult) -> Components.Schemas.FirmwareUpgradeResult {
        Components.Schemas.FirmwareUpgradeResult(
            deviceId: target.deviceID,
            status: SeedCampaignView.resultStatus(target.state),
            errorMessage: SeedCampaignView.message(target),
            startedAt: APITime.wholeSeconds(target.firstPushedAt),
            completedAt: APITime.wholeSeconds(target.finishedAt)
        )
    }

    /// DotMac's `FirmwareUpgradeSchedule` object, from the request as stored and the campaign.
    /// Built as the generated type directly (a JSONValue printed and decoded again with
    /// `JSONDecoder`, its times printed and parsed, cost more than the rest of the route).
    /// `now`: the time the status is judged at (the clock's when nil).
    func schedule(
        _ job: SeedJobStore.Job,
        view: SeedCampaignView?,
        now: Double? = nil
    ) throws -> Components.Schemas.FirmwareUpgradeSchedule {
        schedule(job, request: try JSONValue.parse(job.request), view: view, now: now)
    }

    /// The same, from `job`'s stored request already parsed.
    func schedule(
        _ job: SeedJobStore.Job,
        request: JSONValue,
        view: SeedCampaignView?,
        now: Double? = nil
    ) -> Components.Schemas.FirmwareUpgradeSchedule {
        let now = now ?? options.clock.now()
        let scheduled = view?.spec.rollout.startAt ?? job.createdAt
        func text(_ key: String, _ fallback: String) -> String { request[key]?.stringValue ?? fallback }
        return Components.Schemas.FirmwareUpgradeSchedule(
            scheduleId: job.id,
            campaignId: job.campaignID,
            name: text("name", ""),
            description: request["description"]?.stringValue,
            firmwareFile: text("firmware_file", ""),
            fileType: text("file_type", "1 Firmware Upgrade Image"),
            deviceFilter: .init(additionalProperties: JSONBridge.object(request["device_filter"])),
            scheduledAt: APITime.wholeSeconds(scheduled),
            timezone: text("timezone", "UTC"),
            maxConcurrent: view?.spec.rollout.maxConcurrent ?? request["max_concurrent"]?.intValue ?? 10,
            status: view?.status(now: now) ?? .pending,
            statusReason: view?.statusReason(now: now),
            createdAt: APITime.wholeSeconds(job.createdAt),
            startedAt: APITime.wholeSeconds(view?.startedAt(now: now)),
            completedAt: APITime.wholeSeconds(view?.campaign.finishedAt)
        )
    }
}
