import ArgumentParser
import Campaigns
import CurlHTTP
import FerruleCore
import FerruleJSON
import Foundation
import GenieACS
import Synchronization

/// `ferrule campaign run ID`: run in the foreground until done, paused or cancelled.
struct CampaignRunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a campaign in the foreground with live progress; safe to kill and run again.",
        discussion: """
            Pushes tasks in waves and windows at the configured pace, verifies every device, \
            retries, and pauses itself when the failure rate passes max_failure_rate. Killed at any \
            moment (even kill -9), `run` again resumes: no device gets a second task and none is \
            skipped. On a terminal a progress bar shows counts per state and the push rate; \
            otherwise plain lines.

            After a pause or cancel, and on a cancelled campaign, `run` first deletes the tasks and \
            faults the campaign still owes GenieACS, waiting for Downloads in progress to end (a \
            failed transfer's fault would be retried by GenieACS on its own), then exits.

            SIGINT (Ctrl-C), SIGTERM or SIGHUP (an ssh session that dropped): no new pushes start; the step in flight finishes and is \
            saved, the campaign's lease is given back (any runner, on any host, can take the \
            campaign at once), one line says how to resume, and the exit status is 130 for SIGINT, \
            143 for SIGTERM, 129 for SIGHUP. A second signal while stopping exits at once with the same status; \
            the lease is then left to lapse (at once for a run on the same host).

            Exit status: 0 completed with no failed device, 1 failed devices, a pause, a \
            cancellation or errors, 3 another runner holds the campaign (it is named), 64 usage \
            errors, 130/143/129 stopped by SIGINT/SIGTERM/SIGHUP.
            """
    )

    @OptionGroup var options: CampaignRunOptions

    func run() async throws { try await options.execute(resuming: false) }
}

/// `ferrule campaign resume ID`: clear a pause and run.
struct CampaignResumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "Resume a paused campaign and run it in the foreground.",
        discussion: """
            A campaign that is not paused has nothing to resume: a note says so and it is run as `run` runs it, \
            with the same exit statuses (3 while another runner holds it, as a second `resume` of a running \
            campaign finds).
            """
    )

    @OptionGroup var options: CampaignRunOptions

    func run() async throws { try await options.execute(resuming: true) }
}

struct CampaignRunOptions: ParsableArguments {
    @OptionGroup var target: CampaignTargetOptions
    @OptionGroup var acs: ACSOptions
    @OptionGroup(title: "PON-aware rollouts") var pon: CampaignPONOptions

    @Option(help: "Variables files used at create (for ${var} in the stored campaign file).")
    var vars: [String] = []

    @Option(help: "A secrets file of NAME=value lines for ${secret:NAME}; FERRULE_SECRET_<NAME> variables win.")
    var secrets: String?

    @Option(help: "Seconds between polls of GenieACS, 0.05-3600.")
    var pollInterval: Double = 2

    func validate() throws {
        // Bounded (and finite): milliseconds of 1e300 or nan do not fit an Int (a trap).
        guard pollInterval.isFinite, (0.05...3600).contains(pollInterval) else {
            throw ValidationError("--poll-interval \(pollInterval) is out of range: 0.05-3600 seconds")
        }
    }

    /// An `--acs` naming another GenieACS than the campaign's (a typo, the lab instead of
    /// production) would find none of its devices and skip them all, using the campaign up: when
    /// the URL differs, at least one of its first 100 devices must be known there. The same
    /// GenieACS under another name passes.
    static func checkSameGenieACS(_ client: NBIClient, campaign: CampaignRecord, store: CampaignStore) async throws {
        guard CampaignNeighbour.acsIdentity(client.baseURL) != CampaignNeighbour.acsIdentity(campaign.acsURL) else {
            return
        }
        let sample = try await store.targets(campaign.id, limit: 100).map(\.deviceID)
        guard !sample.isEmpty else { return }
        let known = try await reportingACSErrors {
            try await client.count(
                .devices,
                query: .object([("_id", .object([("$in", .array(sample.map { .string($0) }))]))])
            )
        }
        guard known == 0 else { return }
        StandardError.write(
            "error: \(HTTPClientError.redacted(client.baseURL)) knows none of campaign \(campaign.id)'s devices "
                + "(checked \(sample.count)); it was created against \(HTTPClientError.redacted(campaign.acsURL)): "
                + "run it without --acs (or with that GenieACS's URL); nothing was changed\n"
        )
        throw ExitStatus.failure
    }

    func execute(resuming: Bool) async throws {
        let (store, id) = try await target.open()
        guard let campaign = try await store.campaign(id) else { throw ExitCode(1) }
        let spec = try CampaignFileOptions.reparse(campaign, vars: vars)
        var client = try acs.clientOrNil() ?? (try ACSOptions.client(url: campaign.acsURL, from: acs))
        client.timeout = .seconds(acs.timeout)
        if resuming, campaign.status != .paused {
            // Not an error: the run below says what the campaign's state allows (3 while another runner holds it).
            StandardError.write(
                "note: campaign \(id) is \(campaign.status.rawValue), not paused: nothing to resume; it is run as "
                    + "`ferrule campaign run \(id)` runs it\n"
            )
        }
        try await Self.checkSameGenieACS(client, campaign: campaign, store: store)
        var execution = CampaignExecution(
            store: store,
            acs: client,
            secrets: try DeployInputs.secretStore(file: secrets),
            clock: CampaignRunClock.current(),
            pollInterval: .milliseconds(Int(pollInterval * 1000)),
            ponPlane: try pon.sources()
        )
        let display = ProgressDisplay(interactive: Terminal.isInteractive)
        let stop = StopRequest()
        let signals = stop.listen()
        defer { signals.cancel() }
        execution.stopping = stop.event
        let result: CampaignRunResult
        do {
            result = try await reportingCampaignErrors {
                try await CampaignPONOptions.reportingPlaneErrors {
                    try await execution.run(id, spec: spec, resuming: resuming) { display.show($0) }
                }
            }
        } catch let error as CancellationError {
            guard let number = stop.signal else { throw error }
            display.finish()
            print(
                "campaign \(id) stopped by \(ShutdownSignals.name(number)) after its step in flight; "
                    + "its lease is released; `ferrule campaign run \(id)` (with the same --state) resumes it"
            )
            throw ExitStatus.signalled(number)
        }
        display.finish()
        print(result.summary)
        if !result.isClean { throw ExitCode(1) }
    }
}
