import ArgumentParser
import GenieACS

/// `ferrule plan`: what deploy would change in GenieACS.
struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show what `deploy` would create, update or delete in GenieACS.",
        discussion: """
            Compiles RULES in memory, reads the live presets, provisions and virtual parameters, \
            and compares. Only artifacts carrying Ferrule's marker are Ferrule's: others are listed \
            as unmanaged and never touched; one with a compiled name is a conflict. An owned \
            artifact edited in GenieACS since it was deployed is flagged as drift. Secret values are \
            never shown; with --secrets (or FERRULE_SECRET_* variables) a rotated secret shows as an \
            update.

            With data models (--model, $FERRULE_MODELS or ./Models) every value the rules set is \
            checked against its parameter's type, length, range, enumeration and pattern once \
            variables are substituted (secrets too, when given, their values never shown): a value \
            a CPE would refuse with fault 9007 is an error and GenieACS is not contacted.

            Exit status: 0 no changes, 2 changes (deletes count only with --prune), 1 errors \
            (unreadable input among them), 64 usage errors (an unknown flag or --env): only a real \
            plan exits 2, as Terraform's `plan -detailed-exitcode`.
            """
    )

    @OptionGroup var inputs: DeployInputs
    @OptionGroup var acs: ACSOptions

    @Option(help: "Output: text (a diff, coloured on a terminal) or json.")
    var format: PlanFormat = .text

    func run() async throws {
        let secrets = try inputs.secretStore(required: false)
        let desired = try await inputs.artifactSet(command: "plan", secrets: secrets)
        let client: NBIClient
        do {
            client = try acs.client()
        } catch let status as ExitCode where status == ExitStatus.unreadable {
            // An unreadable --acs-ca: for plan, 2 means changes.
            throw ExitStatus.failure
        }
        let plan = try await reportingACSErrors {
            Planner.plan(
                desired: desired,
                live: try await LiveArtifacts.read(from: client, secrets: secrets),
                secrets: secrets
            )
        }
        switch format {
        case .text:
            print(
                PlanRenderer.text(plan, acs: client.baseURL, colour: Terminal.isInteractive, prune: inputs.prune),
                terminator: ""
            )
        case .json:
            print(PlanRenderer.json(plan, acs: client.baseURL, prune: inputs.prune), terminator: "")
        }
        if plan.hasChanges(prune: inputs.prune) || !plan.conflicts.isEmpty { throw ExitStatus.changes }
    }
}

enum PlanFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}
