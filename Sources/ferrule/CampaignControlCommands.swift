import ArgumentParser
import Campaigns
import GenieACS

/// `ferrule campaign pause ID`.
struct CampaignPauseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pause",
        abstract: "Stop new pushes (a running runner stops at its next cycle); `resume` continues."
    )

    @OptionGroup var target: CampaignTargetOptions

    func run() async throws {
        let (store, id) = try await target.open()
        try await reportingCampaignErrors {
            _ = try await CampaignControl(store: store).pause(id)
        }
        print("paused campaign \(id)")
    }
}

/// `ferrule campaign cancel ID`.
struct CampaignCancelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cancel",
        abstract: "Cancel: no more pushes, and the campaign's queued tasks that have not run are deleted."
    )

    @OptionGroup var target: CampaignTargetOptions
    @OptionGroup var acs: ACSOptions

    @Option(help: "Variables files used at create.")
    var vars: [String] = []

    func run() async throws {
        let (store, id) = try await target.open()
        guard let campaign = try await store.campaign(id) else { throw ExitCode(1) }
        let spec = try CampaignFileOptions.reparse(campaign, vars: vars)
        let client = try acs.clientOrNil() ?? (try ACSOptions.client(url: campaign.acsURL, from: acs))
        let (record, deleted) = try await reportingCampaignErrors {
            return try await CampaignControl(store: store).cancel(id, acs: client, rollout: spec.rollout)
        }
        print("cancelled campaign \(id); deleted \(deleted) queued task(s) in GenieACS")
        // A deletion GenieACS refused (a CPE in session, GenieACS unreachable): say so, and how to retry.
        if let reason = record.statusReason, reason.contains(CampaignControl.deletionPendingMarker) {
            print(reason.firstRange(of: "; ").map { String(reason[$0.upperBound...]) } ?? reason)
            print("retry with: ferrule campaign cancel \(id)")
        }
    }
}

/// `ferrule campaign rollback ID`.
struct CampaignRollbackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollback",
        abstract: "Create a campaign that puts back the values a configuration campaign changed (run it with `run`)."
    )

    @OptionGroup var target: CampaignTargetOptions

    func run() async throws {
        let (store, id) = try await target.open()
        try await reportingCampaignErrors {
            let record = try await CampaignControl(store: store).rollback(id)
            let count = try await store.counts(record.id).values.reduce(0, +)
            print("created rollback campaign \(record.id) for \(id): \(count) device(s)")
            print("run it with: ferrule campaign run \(record.id)")
        }
    }
}
