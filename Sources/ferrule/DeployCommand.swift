import ArgumentParser
import FerruleCore
import Foundation
import GenieACS

/// `ferrule deploy`: make GenieACS hold the compiled rules.
struct DeployCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deploy",
        abstract: "Apply the compiled rules to GenieACS (provisions, virtual parameters, presets).",
        discussion: """
            Checks the values the rules set against the data models and plans as `ferrule plan` \
            does, asks for confirmation (or takes --yes), then writes \
            provisions and virtual parameters before the presets that use them, and with --prune \
            deletes presets before their provisions. ${secret:NAME} placeholders are filled in from \
            FERRULE_SECRET_<NAME> variables or the --secrets file; a missing secret stops the deploy \
            before anything is written. Everything is read back and planned again to verify; a second \
            deploy changes nothing. One deploy at a time: a deploy holds a lease kept in GenieACS \
            (objects/ferrule-deploy-lease) and a second one refuses while it is live.

            SIGINT (Ctrl-C), SIGTERM or SIGHUP (an ssh session that dropped) while writing: no new write starts, the writes in flight \
            finish, the lease is given back and one line says what was written; `ferrule deploy` \
            again finishes the change. A second signal exits at once (the next deploy on this \
            machine takes the lease over; elsewhere it lives until it expires, 10 minutes).

            Exit status: 0 deployed (or nothing to do), 1 errors (including a failed verification or \
            an unreadable input), 3 another deploy holds GenieACS (it is named; nothing was changed), \
            64 usage errors (an unknown --env among them), 130/143/129 stopped by SIGINT/SIGTERM/SIGHUP.
            """
    )

    @OptionGroup var inputs: DeployInputs
    @OptionGroup var acs: ACSOptions

    @Flag(help: "Do not ask for confirmation.")
    var yes = false

    @Flag(help: "Let Ferrule take over live artifacts that have a compiled name but no Ferrule marker.")
    var adopt = false

    func run() async throws {
        guard let secrets = try inputs.secretStore(required: true) else { throw ExitStatus.failure }
        let desired = try await inputs.artifactSet(command: "deploy", secrets: secrets)
        let missing = desired.secretNames.filter { secrets.value($0) == nil }
        if !missing.isEmpty {
            for name in missing { StandardError.write("error: \(MissingSecretError(name: name))\n") }
            StandardError.write("ferrule deploy: nothing was changed\n")
            throw ExitCode(1)
        }
        let client = try acs.client()
        let plan = try await reportingACSErrors {
            Planner.plan(
                desired: desired,
                live: try await LiveArtifacts.read(from: client, secrets: secrets),
                secrets: secrets
            )
        }
        print(
            PlanRenderer.text(plan, acs: client.baseURL, colour: Terminal.isInteractive, prune: inputs.prune),
            terminator: ""
        )
        guard plan.hasChanges(prune: inputs.prune) || (adopt && !plan.conflicts.isEmpty) else {
            if !plan.conflicts.isEmpty {
                StandardError.write("error: \(plan.conflicts.count) conflict(s); pass --adopt to take them over\n")
                throw ExitCode(1)
            }
            print("Nothing to deploy.")
            return
        }
        if !yes {
            guard Terminal.stdinIsInteractive else {
                StandardError.write("ferrule deploy: not a terminal; pass --yes to apply without confirmation\n")
                throw ExitCode(1)
            }
            print("Apply these changes to \(client.baseURL)? Type yes: ", terminator: "")
            guard readLine()?.lowercased() == "yes" else {
                print("Cancelled; nothing was changed.")
                throw ExitCode(1)
            }
        }
        // From here on a signal stops between writes and gives the lease back.
        let stop = StopRequest()
        let signals = stop.listen()
        defer { signals.cancel() }
        var deployer = Deployer(acs: client)
        deployer.stopping = stop.event
        let report = try await reportingACSErrors {
            do {
                return try await deployer.deploy(
                    plan,
                    desired: desired,
                    secrets: secrets,
                    prune: inputs.prune,
                    adopt: adopt
                )
            } catch let error as DeployError {
                // Names in it may come from GenieACS: control characters escaped.
                StandardError.write("error: \(DisplayText.line(error.description))\n")
                throw ExitCode(1)
            } catch let error as DeployLeaseError {
                StandardError.write("error: \(error)\n")
                throw ExitStatus.leaseHeld
            } catch let stopped as DeployStopped {
                let number = stop.signal ?? SIGTERM
                print(
                    "deploy stopped by \(ShutdownSignals.name(number)) after \(stopped.written) write(s); the lease is "
                        + "released; `ferrule plan` shows what is left and `ferrule deploy` finishes it"
                )
                throw ExitStatus.signalled(number)
            }
        }
        for step in report.steps {
            print("  \(step.action.rawValue)d \(step.kind.label) \(DisplayText.escaped(step.name))")
        }
        print(
            "Deployed \(report.steps.count) change(s) to \(client.baseURL); verified: GenieACS holds the compiled artifacts."
        )
    }
}
