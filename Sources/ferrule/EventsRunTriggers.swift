import ArgumentParser
import Campaigns
import CurlHTTP
import FerruleCore
import Foundation
import PONEventIngest
import PONEvents
import PONTriggers
import Rules

/// The trigger options of `ferrule events run`: the rules, the settings and how actions reach
/// GenieACS, campaigns and webhooks.
struct EventsRunTriggerOptions: ParsableArguments {
    @Option(
        help:
            "A rules directory or file with `on: voltha.*` trigger rules (repeatable); without it events are only recorded."
    )
    var rules: [String] = []

    @Option(help: "Environment name: adds vars/<env>.yaml from each rules directory.")
    var env: String?

    @Option(help: "A variables file (YAML name: value); may be repeated, later files win.")
    var vars: [String] = []

    @Option(help: "A YAML file with a storm: section (storm protection and debounce thresholds).")
    var stormSettings: String?

    @Option(help: "A secrets file of NAME=value lines for ${secret:NAME}; FERRULE_SECRET_<NAME> variables win over it.")
    var secrets: String?

    @Option(help: "The campaign state database, for enroll and hold actions.")
    var campaignState: String?

    @OptionGroup var acs: ACSOptions

    func validate() throws {
        if rules.isEmpty {
            let given =
                [("--env", env != nil), ("--vars", !vars.isEmpty), ("--storm-settings", stormSettings != nil)]
                + [
                    ("--secrets", secrets != nil), ("--campaign-state", campaignState != nil),
                    ("--acs", acs.url != nil),
                ]
            if let flag = given.first(where: \.1)?.0 {
                throw ValidationError("\(flag) applies to --rules; add --rules DIR")
            }
        } else {
            _ = try acs.resolvedURL()
            _ = try project()
        }
    }

    private func project() throws -> RuleProject {
        do {
            return try RuleProject(roots: rules, environment: env, variableFiles: vars)
        } catch {
            throw ValidationError(error.description)
        }
    }

    /// The planning stage and the executor; nil without `--rules`. Exits 1 (2 for unreadable
    /// files) with the diagnostics when the rules or settings are wrong, when a rule reacts only to
    /// events that only a reconciliation derives and there is none (``TriggerSources``), or when a
    /// rule uses a secret nothing gives a value (``TriggerSecrets``).
    func load(reconciliation: VolthaReconciliation?, onos: Bool = false) throws -> EventTriggers? {
        guard !rules.isEmpty else { return nil }
        var diagnostics = DiagnosticCollector()
        let ruleSet = try project().resolve(diagnostics: &diagnostics)
        TriggerSources.check(
            ruleSet.triggerRules,
            reconciling: reconciliation != nil,
            periodic: reconciliation?.interval != nil,
            diagnostics: &diagnostics
        )
        ONOSTriggerSources.check(ruleSet.triggerRules, consumingONOS: onos, diagnostics: &diagnostics)
        let secretStore =
            secrets != nil || SecretStore.hasSecrets(in: CommandEnvironment.current.variables)
            ? try DeployInputs.secretStore(file: secrets) : SecretStore()
        // An action whose secret has no value would be settled failed for good: refuse to start.
        TriggerSecrets.check(ruleSet.triggerRules, secretStore, diagnostics: &diagnostics)
        DiagnosticOutput.print(diagnostics)
        if diagnostics.contains(.unreadable) { throw ExitStatus.unreadable }
        guard !diagnostics.hasErrors else {
            StandardError.write("ferrule events run: the rules have errors; nothing was consumed\n")
            throw ExitStatus.failure
        }
        let storm = try stormSettings.map { try EventsReplayCommand.readSettings($0) } ?? PONStormSettings()
        let client = try acs.client()
        var campaigns: CampaignEnrollment?
        if let campaignState {
            do {
                var enrollment = CampaignEnrollment(store: try CampaignStore(path: campaignState), acs: client)
                enrollment.secrets = secretStore
                campaigns = enrollment
            } catch {
                StandardError.write(
                    "\(campaignState): error[campaign-state]: cannot open the campaign state: \(error)\n"
                )
                throw ExitStatus.failure
            }
        }
        let webhooks: HTTPClient
        do {
            webhooks = try HTTPClient()
        } catch {
            StandardError.write("error: cannot set up the webhook HTTP client: \(error)\n")
            throw ExitStatus.failure
        }
        let executor = ActionExecutor(
            acs: client,
            correlation: ruleSet.correlation,
            webhooks: webhooks,
            campaigns: campaigns,
            secrets: secretStore,
            now: { Date().timeIntervalSince1970 * 1000 }
        )
        return EventTriggers(
            stage: EventTriggerStage(rules: ruleSet.triggerRules, storm: storm),
            ruleCount: ruleSet.triggerRules.count,
            executor: executor
        )
    }
}
