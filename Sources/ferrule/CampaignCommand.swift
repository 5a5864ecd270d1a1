import ArgumentParser
import Campaigns
import FerruleCore
import Foundation

/// `ferrule campaign`: firmware and mass-configuration campaigns.
struct CampaignCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "campaign",
        abstract: "Firmware and mass-configuration campaigns: create, dry run, run, pause, cancel, roll back.",
        discussion: """
            Campaign files are YAML (docs/campaigns.md). State lives in SQLite: --state FILE, or \
            $FERRULE_STATE_DIR/campaigns.sqlite, or ~/.local/state/ferrule/campaigns.sqlite. \
            Commands that talk to GenieACS take --acs URL or FERRULE_ACS_URL; `run` uses the URL \
            the campaign was created against unless --acs is given.

            Exit status: 0 success, 1 errors (or a run that ended paused, cancelled or with failed \
            devices), 2 unreadable input, 3 another runner holds the campaign (run, resume: it is named \
            with the time of its last heartbeat), 64 usage errors.
            """,
        subcommands: [
            CampaignCreateCommand.self, CampaignPlanCommand.self, CampaignListCommand.self, CampaignShowCommand.self,
            CampaignRunCommand.self, CampaignPauseCommand.self, CampaignResumeCommand.self, CampaignCancelCommand.self,
            CampaignRollbackCommand.self, CampaignReportCommand.self,
        ]
    )
}

/// Where campaign state is kept.
struct CampaignStateOptions: ParsableArguments {
    @Option(name: .customLong("state"), help: "The campaign state database (SQLite).")
    var statePath: String?

    var resolvedPath: String { statePath ?? CommandEnvironment.current.defaultStatePath }

    /// The store; with `creating` (`campaign create`) it is made when missing, else a missing one
    /// is an error: a mistyped `--state` must not leave an empty database behind and answer "no
    /// campaigns".
    func store(creating: Bool = false) throws -> CampaignStore {
        if !creating, !FileManager.default.fileExists(atPath: resolvedPath) {
            StandardError.write(
                "\(DisplayText.escaped(resolvedPath)): error[campaign-state]: there is no campaign state here; "
                    + "check --state (or FERRULE_STATE_DIR), or create a campaign with `ferrule campaign create`\n"
            )
            throw ExitStatus.failure
        }
        do {
            return try CampaignStore(path: resolvedPath)
        } catch let error as FirmwareModelError {
            StandardError.write("error: \(error)\n")
            throw ExitStatus.failure
        } catch let error as CampaignOverlapError {
            StandardError.write("error: \(error)\n")
            throw ExitStatus.failure
        } catch let error as CampaignStoreError {
            StandardError.write(StoreFailureText.render(error) + "\n")
            throw ExitStatus.failure
        } catch {
            StandardError.write("\(resolvedPath): error[campaign-state]: cannot open the campaign state: \(error)\n")
            throw ExitStatus.failure
        }
    }

    /// The full id for an id or a unique prefix of one.
    func resolve(_ id: String, in store: CampaignStore) async throws -> String {
        guard let full = try await store.resolveID(id) else {
            StandardError.write("error: no campaign \"\(id)\" in \(resolvedPath); `ferrule campaign list` shows them\n")
            throw ExitCode(1)
        }
        return full
    }
}

/// The campaign a command acts on: its id (or a unique prefix) and the state database.
struct CampaignTargetOptions: ParsableArguments {
    @Argument(help: "The campaign id (or a unique prefix).")
    var id: String

    @OptionGroup var state: CampaignStateOptions

    /// The store, and the campaign's full id; a clear error when either cannot be had.
    func open() async throws -> (CampaignStore, String) {
        let store = try state.store()
        return (store, try await state.resolve(id, in: store))
    }
}

/// The campaign file and its variables.
struct CampaignFileOptions: ParsableArguments {
    @Argument(help: "The campaign file (YAML).")
    var file: String

    @Option(help: "A variables file for ${var} (YAML name: value); may be repeated, later files win.")
    var vars: [String] = []

    func load() throws -> (CampaignSpec, String) {
        var diagnostics = DiagnosticCollector()
        let loaded: (spec: CampaignSpec?, text: String)
        do {
            loaded = try CampaignFile.read(path: file, variableFiles: vars, diagnostics: &diagnostics)
        } catch {
            StandardError.write("\(error)\n")
            throw ExitStatus.unreadable
        }
        for diagnostic in diagnostics.sorted { StandardError.write("\(diagnostic)\n") }
        guard let spec = loaded.spec else {
            StandardError.write("ferrule campaign: \(file) has errors; nothing was done\n")
            throw ExitCode(1)
        }
        return (spec, loaded.text)
    }

    /// Parses a stored campaign's text again (the definition is frozen at create).
    static func reparse(_ campaign: CampaignRecord, vars: [String]) throws -> CampaignSpec {
        var diagnostics = DiagnosticCollector()
        guard let spec = CampaignFile.reparse(campaign, variableFiles: vars, diagnostics: &diagnostics) else {
            for diagnostic in diagnostics.sorted { StandardError.write("\(diagnostic)\n") }
            StandardError.write(
                "error: campaign \(campaign.id)'s file, as stored at create, no longer reads with the variables stored at create\n"
            )
            throw ExitCode(1)
        }
        return spec
    }
}

/// Runs `body`, printing a campaign, GenieACS or transport error as one clear line and exiting 1.
func reportingCampaignErrors<T>(_ body: () async throws -> T) async throws -> T {
    try await reportingACSErrors {
        do {
            return try await body()
        } catch let error as CampaignError {
            StandardError.write("error: \(error)\n")
            throw ExitStatus.failure
        } catch let error as CampaignStoreError {
            StandardError.write(StoreFailureText.render(error) + "\n")
            throw ExitStatus.failure
        } catch let error as CampaignLeaseError {
            StandardError.write("error: \(error)\n")
            throw ExitStatus.leaseHeld
        }
    }
}

/// Epoch milliseconds as ISO 8601, for tables.
func isoTime(_ milliseconds: Double?) -> String {
    guard let milliseconds else { return "" }
    return Date(timeIntervalSince1970: milliseconds / 1000).formatted(.iso8601)
}
