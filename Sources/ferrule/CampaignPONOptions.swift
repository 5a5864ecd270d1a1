import ArgumentParser
import Campaigns
import Foundation
import PONCampaigns
import PONEvents

/// Where `ferrule campaign run` / `resume` / `create` find the PON topology and the alarm plane
/// for the rollout keys max_per_olt, max_per_pon, canary_spread, pon_health and storm_hold
/// (docs/campaigns.md, "PON-aware rollouts").
struct CampaignPONOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "A topology file placing devices behind OLTs and PON ports (CSV: device,olt,pon,serial,model); "
                + "wins over VOLTHA's inventory.",
            valueName: "file"
        )
    )
    var topology: String?

    /// VOLTHA's NBI: the PON topology from its ONU inventory, read once per run.
    @OptionGroup var voltha: VolthaAddressOptions

    @Option(
        name: .customLong("voltha-events"),
        help: ArgumentHelp(
            "The event store `ferrule events run` records (its --state-dir, or the events.sqlite file): "
                + "signal-lost raises for pon_health, storms for storm_hold.",
            valueName: "dir"
        )
    )
    var volthaEvents: String?

    @Option(
        name: .customLong("storm-settings"),
        help: ArgumentHelp(
            "A YAML file with a storm: section (the thresholds `ferrule events run` uses).",
            valueName: "file"
        )
    )
    var stormSettings: String?

    /// The sources the options name.
    func sources() throws -> PONPlaneSources {
        var sources = PONPlaneSources()
        sources.topologyFile = topology
        sources.voltha = try voltha.configuration()
        if let events = volthaEvents {
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: events, isDirectory: &isDirectory)
            sources.eventStore = exists && !isDirectory.boolValue ? events : EventStore.path(inStateDirectory: events)
        }
        if let stormSettings { sources.storms = try EventsReplayCommand.readSettings(stormSettings) }
        return sources
    }

    /// The topology and alarm plane for `rollout`, or exit 1 with what could not be read.
    func load(for rollout: PONRollout, clock: any CampaignClock) async throws -> (
        topology: (any PONTopology)?, health: (any PlaneHealth)?
    ) {
        try await Self.reportingPlaneErrors { try await sources().load(for: rollout, clock: clock) }
    }

    /// Runs `body`, printing a PON source that cannot be read as one line and exiting 1.
    static func reportingPlaneErrors<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as PONPlaneError {
            // A file's problems are already diagnostics (`file:line:col: error[code]: …`).
            StandardError.write(error.diagnostics.isEmpty ? "error: \(error)\n" : "\(error)\n")
            throw ExitStatus.failure
        }
    }
}
