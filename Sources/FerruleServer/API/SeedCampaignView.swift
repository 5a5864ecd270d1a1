import Campaigns
import FerruleJSON
import Foundation

/// A campaign seen through DotMac's firmware-schedule and mass-configuration vocabularies
/// (`pending → queued → running → completed | failed`, `cancelled`; results
/// `pending → in_progress → success | failed`), plus `paused` and `skipped`, which DotMac lacks.
struct SeedCampaignView: Sendable {
    var campaign: CampaignRecord
    var spec: CampaignSpec
    var counts: [TargetRecord.State: Int]

    /// Loads the campaign's state for the views.
    static func load(_ id: String, store: CampaignStore) async throws -> SeedCampaignView? {
        guard let campaign = try await store.campaign(id) else { return nil }
        return SeedCampaignView(
            campaign: campaign,
            spec: try CampaignStart.spec(of: campaign),
            counts: try await store.counts(id)
        )
    }

    func count(_ state: TargetRecord.State) -> Int { counts[state] ?? 0 }
    var total: Int { counts.values.reduce(0, +) }
    var succeeded: Int { count(.succeeded) }
    var failed: Int { count(.failed) }
    var skipped: Int { count(.skipped) }
    var pending: Int { count(.pending) + count(.pushing) + count(.pushed) + count(.verifying) }

    /// DotMac's schedule/job status.
    func status(now: Double) -> Components.Schemas.ScheduleStatus {
        switch campaign.status {
        case .created:
            if let start = spec.rollout.startAt, start <= now { return .queued }
            return .pending
        case .running:
            // Queued until the runner pushes its first device (it waits for `scheduled_at` and
            // windows), as DotMac's execute answers `queued` until its worker begins
            // (genieacs/service_db.py:330, tasks.py:138 at 65c3629a). Not judged by `startedAt`:
            // the start request records that (``CampaignStart/start(_:in:now:by:)``).
            let pushed = count(.pushing) + count(.pushed) + count(.verifying) + succeeded + failed
            return pushed > 0 ? .running : .queued
        case .paused: return .paused
        case .completed: return succeeded == 0 && failed > 0 ? .failed : .completed
        case .cancelled: return .cancelled
        }
    }

    /// DotMac's `started_at`: when the campaign was started, left out while ``status(now:)`` is
    /// `pending` or `queued` (DotMac's execute clears it and its worker sets it with `running`,
    /// genieacs/service_db.py:330-331, tasks.py:138-139 at 65c3629a). Ferrule's own routes show
    /// the start time from the start request on (`/ferrule/campaigns/{id}`).
    func startedAt(now: Double) -> Double? {
        switch status(now: now) {
        case .pending, .queued: nil
        default: campaign.startedAt
        }
    }

    /// The first time after `now` at which ``status(now:)`` or ``statusReason(now:)`` can change
    /// with no write to the store (the start time, while it is ahead); infinity when none can.
    func answerChanges(after now: Double) -> Double {
        if let start = spec.rollout.startAt, now < start { return start }
        return .infinity
    }

    /// Why it is paused, cancelled or waiting.
    func statusReason(now: Double) -> String? {
        if let reason = campaign.statusReason { return reason }
        if let start = spec.rollout.startAt, now < start, campaign.status == .running || campaign.status == .created {
            return "starts at \(APITime.date(start).formatted(.iso8601))"
        }
        return nil
    }

    /// DotMac's result status of one target.
    static func resultStatus(_ state: TargetRecord.State) -> Components.Schemas.ResultStatus {
        switch state {
        case .pending: .pending
        case .pushing, .pushed, .verifying: .inProgress
        case .succeeded: .success
        case .failed: .failed
        case .skipped: .skipped
        }
    }

    /// What a target's failure or skip says.
    static func message(_ target: TargetRecord) -> String? {
        message(code: target.errorCode, message: target.errorMessage)
    }

    /// The same, of a target read for a progress answer.
    static func message(_ target: TargetResult) -> String? {
        message(code: target.errorCode, message: target.errorMessage)
    }

    private static func message(code: String?, message: String?) -> String? {
        guard let message else { return code }
        return code.map { "\($0): \(message)" } ?? message
    }

    /// The changes sent to a device, secrets masked.
    static func parametersChanged(_ target: TargetRecord) -> JSONValue {
        .object(
            ConfigurationPlan.changes(fromJSON: target.changesJSON).map { change in
                (change.path, .string(change.isSecret ? "********" : change.value))
            }
        )
    }
}

extension SeedCampaignView {
    /// The view of a campaign read with its counts (``CampaignStore/snapshot(_:targetLimit:)``,
    /// ``CampaignStore/resultsSnapshot(_:targetLimit:)``).
    init<Target>(_ snapshot: CampaignSnapshot<Target>) throws {
        self.init(
            campaign: snapshot.campaign,
            spec: try CampaignStart.spec(of: snapshot.campaign),
            counts: snapshot.counts
        )
    }
}
