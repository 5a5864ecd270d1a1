import ArgumentParser
import CWMP
import Campaigns
import FerruleCore
import GenieACS

/// `ferrule campaign create FILE`.
struct CampaignCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Resolve a campaign's devices, freeze the list and store it (nothing is pushed)."
    )

    @OptionGroup var file: CampaignFileOptions
    @OptionGroup var state: CampaignStateOptions
    @OptionGroup var acs: ACSOptions
    @OptionGroup(title: "PON-aware rollouts (canary_spread)") var pon: CampaignPONOptions
    @OptionGroup(title: "Data models (configuration values)") var models: CampaignModelOptions

    @Option(
        help: ArgumentHelp(
            "A secrets file of NAME=value lines; FERRULE_SECRET_<NAME> variables win.",
            discussion: "A device's current value that equals one of these secrets is stored as ${secret:NAME}."
        )
    )
    var secrets: String?

    func run() async throws {
        let (spec, text) = try file.load()
        // Usage errors first: a refused --acs leaves no state file behind.
        let client = try acs.client()
        let secretStore = try DeployInputs.secretStore(file: secrets)
        // Values the data models refuse: refused before GenieACS is contacted or any state is made.
        let modelSet = try await models.checkedModels(spec, secrets: secretStore, command: "create")
        let store = try state.store(creating: true)
        var creator = CampaignCreator(store: store, acs: client)
        creator.models = modelSet
        // The operator gave the address: a warning about the GenieACS may name it.
        creator.namesACSAddress = true
        // `ferrule serve` runs this store beside its tenants' (and a tenant store beside the others).
        let beside = CampaignNeighbour.around(storePath: store.path)
        creator.neighbours = beside.neighbours
        for problem in beside.problems {
            StandardError.write("warning: \(problem): its open campaigns could not be checked for these devices\n")
        }
        creator.secrets = secretStore
        if spec.rollout.pon.canarySpread {
            // Only the topology: the alarm plane is the runner's business.
            creator.ponTopology = try await pon.load(for: PONRollout(canarySpread: true), clock: SystemClock()).topology
            guard creator.ponTopology != nil else {
                StandardError.write(
                    "error: the rollout uses canary_spread but no PON topology was given; give one with --topology FILE "
                        + "or --voltha HOST:PORT. Nothing was created\n"
                )
                throw ExitStatus.failure
            }
        }
        // Stored with the campaign, so run, resume and the server read its text with them.
        var reread = DiagnosticCollector()
        let variables = VariableSet.load(file.vars, diagnostics: &reread)
        let created: CampaignCreation
        do {
            created = try await reportingCampaignErrors { [creator] in
                return try await creator.create(spec, specText: text, variables: variables)
            }
        } catch let error as ConfigurationValueError {
            try CampaignModelOptions.refuse(
                error.diagnostics,
                devices: error.devices,
                command: "create",
                outcome: "nothing was created"
            )
        }
        let record = created.record
        // Created all the same: a warning says the campaign will not run as it probably was meant to.
        for warning in created.warnings { StandardError.write(warning.diagnostic.description + "\n") }
        let counts = try await store.counts(record.id)
        print(
            "created campaign \(record.id) (\(record.kind) \"\(record.name)\"): \(counts.values.reduce(0, +)) device(s), "
                + "\(counts[.pending] ?? 0) to change, \(counts[.skipped] ?? 0) already done or not applicable"
        )
        print("run it with: ferrule campaign run \(record.id)")
        // Run reads the secrets again (they are never stored); a name missing now is worth saying before then.
        let missing = CampaignRunner.secretNames(spec).filter { creator.secrets.value($0) == nil }
        if !missing.isEmpty {
            StandardError.write(
                "warning: the campaign uses \(missing.map { "${secret:\($0)}" }.joined(separator: ", ")), which neither "
                    + "--secrets nor FERRULE_SECRET_<NAME> gives here; `campaign run` refuses to start without "
                    + (missing.count == 1 ? "it\n" : "them\n")
            )
        }
    }
}

/// `ferrule campaign plan FILE`: the dry run.
struct CampaignPlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Dry run: per device, the exact change the campaign would make, from its current values.",
        discussion: """
            Nothing is pushed and nothing is stored. Secret values show as ${secret:NAME}; so does a \
            device's current value that equals one of the secrets (--secrets, FERRULE_SECRET_*), as \
            `campaign create` stores it. A secret parameter's current value shows as ••••••.
            """
    )

    @OptionGroup var file: CampaignFileOptions
    @OptionGroup var acs: ACSOptions

    @Option(help: "table, json or csv.")
    var format: ListFormat = .table

    @Option(help: "A secrets file of NAME=value lines; FERRULE_SECRET_<NAME> variables win.")
    var secrets: String?

    @OptionGroup(title: "Data models (configuration values)") var models: CampaignModelOptions

    func run() async throws {
        let (spec, _) = try file.load()
        let secretStore = try DeployInputs.secretStore(file: secrets)
        let client = try acs.client()
        let modelSet = try await models.checkedModels(spec, secrets: secretStore, command: "plan")
        let targets = try await reportingACSErrors {
            try await CampaignResolver.resolve(spec, acs: client, now: SystemClock().now())
        }
        if let modelSet {
            // Each device's values, its own fields resolved: refused as `create` would refuse them.
            let refused = ConfigurationValueCheck.check(targets, spec: spec, models: modelSet)
            if refused.devices > 0 {
                try CampaignModelOptions.refuse(
                    refused.diagnostics,
                    devices: refused.devices,
                    command: "plan",
                    outcome: "`ferrule campaign create` would refuse it"
                )
            }
        }
        var rows: [CampaignPlanRow] = []
        for target in targets {
            if !target.isApplicable {
                // Shown before anything runs: a device lacking a parameter is never pushed.
                for path in target.missing {
                    rows.append(
                        CampaignPlanRow(
                            device: target.deviceID,
                            action: .notApplicable,
                            parameter: path,
                            reason: target.skipReason
                        )
                    )
                }
                rows.append(CampaignPlanRow(device: target.deviceID, action: .notApplicable, reason: target.skipReason))
                continue
            }
            if let reason = target.skipReason {
                rows.append(CampaignPlanRow(device: target.deviceID, action: .skip, reason: reason))
                continue
            }
            switch spec.change {
            case .firmware(let firmware):
                rows.append(
                    CampaignPlanRow(
                        device: target.deviceID,
                        action: .download,
                        parameter: "SoftwareVersion",
                        now: target.versionBefore,
                        after: "\(firmware.targetVersion) (\(firmware.file))",
                        absentText: "(unknown)"
                    )
                )
            case .configuration:
                for change in target.changes {
                    let mask = change.isSecret
                    let now: String?
                    if let previous = change.previous, let name = secretStore.name(holding: previous) {
                        now = SecretPlaceholder.text(name)
                    } else if mask {
                        now = change.previous.map { $0.isEmpty ? "" : "••••••" }
                    } else {
                        now = change.previous
                    }
                    rows.append(
                        CampaignPlanRow(
                            device: target.deviceID,
                            action: .set,
                            parameter: change.path,
                            now: now,
                            after: mask && !change.value.contains("${secret:") ? "••••••" : change.value,
                            absentText: mask ? "" : "(absent)"
                        )
                    )
                }
            }
        }
        print(CampaignPlanRow.render(rows, format: format), terminator: "")
        let skipped = targets.filter { $0.skipReason != nil }.count
        let notApplicable = targets.filter { !$0.isApplicable }.count
        var summary =
            "\(targets.count) device(s) match; \(targets.count - skipped) would change, \(skipped - notApplicable) already done"
            + (notApplicable > 0 ? ", \(notApplicable) not applicable (never pushed)" : "")
        if let expected = spec.expectedCount, !expected.accepts(targets.count) {
            summary += "; expected_count \(expected.count) does NOT hold: create would refuse"
        }
        StandardError.write(summary + "\n")
    }
}
