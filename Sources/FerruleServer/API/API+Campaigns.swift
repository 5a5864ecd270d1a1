import Campaigns
import FerruleCore
import Foundation
import GenieACS

/// `/ferrule/campaigns…`: the lifecycle of `ferrule campaign` (create, list, show, progress,
/// report, start, pause, resume, cancel, rollback) on the tenant's campaign store. Ids may be
/// shortened as in the CLI (a unique prefix).
extension APIHandler {
    /// The most campaign-file bytes a request may carry.
    static let specLimit = 1 << 20

    func createCampaign(_ input: Operations.CreateCampaign.Input) async throws -> Operations.CreateCampaign.Output {
        await handle(.cpeWrite, "Failed to create campaign", Operations.CreateCampaign.Output.default) { caller in
            guard case .json(let body) = input.body else { throw APIFailure.notJSON }
            guard body.spec.utf8.count <= Self.specLimit else {
                throw APIFailure(status: 413, detail: "The campaign file is over 1 MiB (\(body.spec.utf8.count) bytes)")
            }
            var variables = VariableSet()
            for (name, value) in body.variables?.additionalProperties ?? [:] { variables.set(name, value) }
            let file = body.file ?? "campaign.yaml"
            let (spec, readWarnings) = try CampaignText.read(
                body.spec,
                file: file,
                positions: true,
                variables: variables
            )
            try refuseUnservedPON(spec, tenant: caller.tenant, failure: "Failed to create campaign")
            let store = try stores.campaigns(for: caller.tenant)
            let created = try await Self.create(
                spec,
                text: body.spec,
                store: store,
                acs: try caller.acs(),
                action: "campaign",
                clock: options.clock,
                neighbours: options.campaignNeighbours(caller.tenant),
                secrets: options.secrets(caller.tenant),
                variables: variables,
                models: try await configurationModels(spec)
            )
            // Created all the same: the warnings go back with it, as `campaign create` prints them.
            let warnings = (readWarnings + created.warnings.map(\.diagnostic)).map { Self.diagnostic($0) }
            return .created(
                .init(body: .json(.init(value1: Self.campaign(created.record), value2: .init(warnings: warnings))))
            )
        }
    }

    /// The create warnings of a campaign built from a request body (a firmware schedule, a
    /// mass-config job), as `POST /ferrule/campaigns` returns a file's: the campaign's text is JSON
    /// made from the body, whose positions mean nothing to the client, so each names its wave in
    /// the request (`rollout.waves[0]`), or `target_version`, instead of a line and column.
    static func requestWarnings(_ warnings: [CampaignWarning]) -> [Components.Schemas.Diagnostic] {
        warnings.map { warning in
            diagnostic(
                Diagnostic(
                    .warning,
                    warning.code,
                    warning.message,
                    at: SourceLocation(
                        file: warning.wave.map { "rollout.waves[\($0)]" } ?? requestField(warning.code)
                    ),
                    hint: warning.hint
                )
            )
        }
    }

    /// The request field a warning about no wave is about (openapi/ferrule.yaml, `warnings`).
    static func requestField(_ code: Diagnostic.Code) -> String {
        switch code {
        case .noTargets: "device_filter"
        case .missingFirmwareFile: "firmware_file"
        default: "target_version"
        }
    }

    /// The campaign reader's warnings about a campaign built from a request body, each naming the
    /// request field it is about (`scheduled_at`, `timezone`) instead of a position in JSON the
    /// client never saw.
    static func requestWarnings(read warnings: [Diagnostic]) -> [Components.Schemas.Diagnostic] {
        warnings.map { warning in
            let field: String
            switch warning.code {
            case .ambiguousTime: field = "scheduled_at"
            case .invertedZone: field = "timezone"
            default: field = "request"
            }
            return diagnostic(
                Diagnostic(.warning, warning.code, warning.message, at: SourceLocation(file: field), hint: warning.hint)
            )
        }
    }

    /// A diagnostic as the API shows it; `scrub` is applied to every text (rule uploads hide
    /// their secrets and temporary paths with it).
    static func diagnostic(
        _ d: Diagnostic,
        scrub: (String) -> String = { $0 }
    ) -> Components.Schemas.Diagnostic {
        let severity: Components.Schemas.Diagnostic.SeverityPayload
        switch d.severity {
        case .error: severity = .error
        case .warning: severity = .warning
        case .note: severity = .note
        }
        return .init(
            severity: severity,
            code: d.code.rawValue,
            message: scrub(d.message),
            file: d.location.file,
            line: d.location.line > 0 ? d.location.line : nil,
            column: d.location.column > 0 ? d.location.column : nil,
            hint: d.hint.map(scrub),
            text: scrub(d.description)
        )
    }

    func listCampaigns(_ input: Operations.ListCampaigns.Input) async throws -> Operations.ListCampaigns.Output {
        await handle(.cpeRead, "List campaigns", Operations.ListCampaigns.Output.default) { caller in
            let (skip, limit) = try Self.page(skip: input.query.skip, limit: input.query.limit, maximum: 1000)
            let page = try await stores.campaigns(for: caller.tenant).campaigns(limit: limit, offset: skip)
            return .ok(
                .init(
                    body: .json(
                        .init(campaigns: page.campaigns.map(Self.campaign), total: page.total, skip: skip, limit: limit)
                    )
                )
            )
        }
    }

    func getCampaign(_ input: Operations.GetCampaign.Input) async throws -> Operations.GetCampaign.Output {
        await handle(.cpeRead, "Get campaign", Operations.GetCampaign.Output.default) { caller in
            let (_, record) = try await campaign(input.path.campaignId, caller)
            return .ok(.init(body: .json(Self.campaign(record))))
        }
    }

    func getCampaignProgress(_ input: Operations.GetCampaignProgress.Input) async throws
        -> Operations.GetCampaignProgress.Output
    {
        await handle(.cpeRead, "Get campaign progress", Operations.GetCampaignProgress.Output.default) { caller in
            let (store, record) = try await campaign(input.path.campaignId, caller)
            return .ok(.init(body: .json(try await Self.progress(record, store: store))))
        }
    }

    func getCampaignReport(_ input: Operations.GetCampaignReport.Input) async throws
        -> Operations.GetCampaignReport.Output
    {
        await handle(.cpeRead, "Get campaign report", Operations.GetCampaignReport.Output.default) { caller in
            let (skip, limit) = try Self.page(skip: input.query.skip, limit: input.query.limit ?? 1000, maximum: 10_000)
            let cursor = try Self.reportCursor(input.query.cursor)
            let (store, record) = try await campaign(input.path.campaignId, caller)
            let states = input.query.state.flatMap { TargetRecord.State(rawValue: $0.rawValue) }.map { Set([$0]) }
            // One more than the page tells whether there is a next one. Ordinals are dense from 0,
            // so without a state filter `skip` is an ordinal bound; with one it is an offset into
            // the devices in that state, a set that changes while the campaign runs: the cursor is
            // an ordinal bound, which does not move (keyset paging on the targets_by_state index).
            var targets: [TargetRecord]
            if states == nil {
                targets = try await store.targets(record.id, ordinalFrom: cursor + skip, limit: limit + 1)
            } else {
                targets = try await store.targets(
                    record.id,
                    states: states,
                    ordinalFrom: cursor,
                    limit: limit + 1,
                    offset: skip
                )
            }
            var next: String?
            if targets.count > limit {
                targets.removeLast()
                next = targets.last.map { String($0.ordinal + 1) }
            }
            let (events, total) = try await Self.eventPage(
                record.id,
                store: store,
                skip: input.query.eventsSkip,
                limit: input.query.eventsLimit ?? 1000
            )
            func schema(_ event: CampaignEvent) -> Components.Schemas.CampaignEvent {
                .init(at: APITime.date(event.at), kind: event.kind, deviceId: event.deviceID, detail: event.detail)
            }
            return .ok(
                .init(
                    body: .json(
                        .init(
                            campaign: Self.campaign(record),
                            progress: try await Self.progress(record, store: store),
                            targets: targets.map(Self.target),
                            nextCursor: next,
                            events: events.map(schema),
                            eventsTotal: total,
                            eventsTruncated: events.count < total,
                            campaignEvents: try await store.campaignLevelEvents(record.id, limit: 1000).map(schema)
                        )
                    )
                )
            )
        }
    }

    func startCampaign(_ input: Operations.StartCampaign.Input) async throws -> Operations.StartCampaign.Output {
        await handle(.cpeWrite, "Failed to start campaign", Operations.StartCampaign.Output.default) { caller in
            let (store, record) = try await campaign(input.path.campaignId, caller)
            if record.status == .created {
                try refuseUnservedPON(
                    try CampaignStart.spec(of: record),
                    tenant: caller.tenant,
                    failure: "Failed to start campaign \(record.id)"
                )
            }
            let started = try await CampaignStart.start(
                record.id,
                in: store,
                now: options.clock.now(),
                by: caller.principal.subject
            )
            options.campaignStarted()
            return .ok(.init(body: .json(Self.campaign(started))))
        }
    }

    func pauseCampaign(_ input: Operations.PauseCampaign.Input) async throws -> Operations.PauseCampaign.Output {
        await handle(.cpeWrite, "Failed to pause campaign", Operations.PauseCampaign.Output.default) { caller in
            let (store, record) = try await campaign(input.path.campaignId, caller)
            let paused = try await CampaignControl(store: store, clock: options.clock).pause(
                record.id,
                reason: "paused by \(caller.principal.subject)"
            )
            return .ok(.init(body: .json(Self.campaign(paused))))
        }
    }

    func resumeCampaign(_ input: Operations.ResumeCampaign.Input) async throws -> Operations.ResumeCampaign.Output {
        await handle(.cpeWrite, "Failed to resume campaign", Operations.ResumeCampaign.Output.default) { caller in
            let (store, record) = try await campaign(input.path.campaignId, caller)
            let resumed = try await CampaignControl(store: store, clock: options.clock).resume(record.id)
            options.campaignStarted()
            return .ok(.init(body: .json(Self.campaign(resumed))))
        }
    }

    func cancelCampaign(_ input: Operations.CancelCampaign.Input) async throws -> Operations.CancelCampaign.Output {
        await handle(.cpeWrite, "Failed to cancel campaign", Operations.CancelCampaign.Output.default) { caller in
            let (store, record) = try await campaign(input.path.campaignId, caller)
            let spec = try CampaignStart.spec(of: record)
            let (cancelled, _) = try await CampaignControl(store: store, clock: options.clock).cancel(
                record.id,
                acs: try caller.acs(),
                rollout: spec.rollout,
                by: caller.principal.subject
            )
            return .ok(.init(body: .json(Self.campaign(cancelled))))
        }
    }

    func rollbackCampaign(_ input: Operations.RollbackCampaign.Input) async throws -> Operations.RollbackCampaign.Output
    {
        await handle(.cpeWrite, "Failed to roll back campaign", Operations.RollbackCampaign.Output.default) { caller in
            let (store, record) = try await campaign(input.path.campaignId, caller)
            let rollback = try await CampaignControl(store: store, clock: options.clock).rollback(record.id)
            return .created(.init(body: .json(Self.campaign(rollback))))
        }
    }

    // MARK: Helpers

    /// The ordinal a report page starts from: a `cursor` the previous page gave (`next_cursor`),
    /// 0 without one; 422 for anything else (the document's pattern, checked here).
    static func reportCursor(_ cursor: String?) throws -> Int {
        guard let cursor else { return 0 }
        let digits = cursor.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
        guard digits, (1...10).contains(cursor.utf8.count), cursor == "0" || !cursor.hasPrefix("0"),
            let ordinal = Int(cursor)
        else {
            throw APIFailure.invalid(
                "Request validation failed: query.cursor must be the next_cursor of a report page, digits only (got "
                    + "\(DisplayText.value(cursor)))"
            )
        }
        return ordinal
    }

    /// The caller's tenant's store and the campaign whose id is or starts with `id`; 404 otherwise
    /// (another tenant's campaigns are in another store), 409 when the prefix is ambiguous.
    func campaign(_ id: String, _ caller: Caller) async throws -> (CampaignStore, CampaignRecord) {
        let store = try stores.campaigns(for: caller.tenant)
        let notFound = APIFailure.notFound("Campaign \(DisplayText.value(id)) not found")
        let resolved: String?
        do {
            resolved = try await store.resolveID(id)
        } catch let error as CampaignStoreError where error.isAmbiguousID {
            throw APIFailure.ambiguousCampaignID(id, matches: error.ambiguousMatches ?? [])
        }
        guard let resolved, let record = try await store.campaign(resolved) else { throw notFound }
        return (store, record)
    }

    static func campaign(_ record: CampaignRecord) -> Components.Schemas.Campaign {
        .init(
            id: record.id,
            name: record.name,
            kind: record.kind == "firmware" ? .firmware : .configuration,
            status: Components.Schemas.CampaignStatus(rawValue: record.status.rawValue) ?? .created,
            statusReason: record.statusReason,
            rollbackOf: record.rollbackOf,
            createdAt: APITime.date(record.createdAt),
            scheduledAt: APITime.date(scheduledAt(record)),
            startedAt: APITime.date(record.startedAt),
            finishedAt: APITime.date(record.finishedAt)
        )
    }

    /// The campaign file's `rollout.scheduled_at` (milliseconds since the epoch); nil without one,
    /// and for a stored text that no longer reads (the view is answered without it).
    static func scheduledAt(_ record: CampaignRecord) -> Double? {
        (try? CampaignStart.spec(of: record))?.rollout.startAt
    }

    static func progress(_ record: CampaignRecord, store: CampaignStore) async throws
        -> Components.Schemas.CampaignProgress
    {
        let counts = try await store.counts(record.id)
        var byState: [String: Int] = [:]
        for state in TargetRecord.State.allCases { byState[state.rawValue] = counts[state] ?? 0 }
        let succeeded = counts[.succeeded] ?? 0
        let failed = counts[.failed] ?? 0
        return .init(
            campaignId: record.id,
            status: Components.Schemas.CampaignStatus(rawValue: record.status.rawValue) ?? .created,
            statusReason: record.statusReason,
            createdAt: APITime.date(record.createdAt),
            scheduledAt: APITime.date(scheduledAt(record)),
            startedAt: APITime.date(record.startedAt),
            finishedAt: APITime.date(record.finishedAt),
            total: counts.values.reduce(0, +),
            finished: succeeded + failed + (counts[.skipped] ?? 0),
            // The share the failure-rate rule watches: failed / (succeeded + failed).
            failureRate: succeeded + failed == 0 ? 0 : Double(failed) / Double(succeeded + failed),
            counts: .init(additionalProperties: byState)
        )
    }

    static func target(_ target: TargetRecord) -> Components.Schemas.CampaignTarget {
        .init(
            deviceId: target.deviceID,
            state: Components.Schemas.TargetState(rawValue: target.state.rawValue) ?? .pending,
            attempts: target.attempts,
            taskId: target.taskID,
            errorCode: target.errorCode,
            errorMessage: target.errorMessage,
            versionBefore: target.versionBefore,
            firstPushedAt: APITime.date(target.firstPushedAt),
            finishedAt: APITime.date(target.finishedAt)
        )
    }
}
