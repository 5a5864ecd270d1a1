public import Campaigns
import Foundation

/// When the runner of `ferrule serve` works a campaign, and the idempotent "start now" the API's
/// `execute` and `start` routes use.
///
/// A campaign is **runnable** when it is `running` (started by an operator or a runner, or
/// resumed), or `created` with a `scheduled_at` that has come. A `created` campaign without
/// `scheduled_at` waits for `start` (as `ferrule campaign create` waits for `campaign run`):
/// DotMac's mass-configuration jobs run only when executed. The runner still pushes nothing
/// before `scheduled_at` nor outside the rollout's windows.
public enum CampaignStart {
    /// The campaign's definition, read back from the text stored with it (parsed once per text:
    /// ``CampaignSpecCache``).
    /// - Throws: ``APIFailure`` 500 when the stored text no longer reads (a newer reader refuses it).
    public static func spec(of campaign: CampaignRecord) throws -> CampaignSpec {
        try CampaignSpecCache.shared.spec(of: campaign, parse: parse)
    }

    private static func parse(_ campaign: CampaignRecord) throws -> CampaignSpec {
        do {
            return try CampaignText.parse(
                campaign.specText,
                file: campaign.specFile,
                positions: true,
                variables: campaign.variableSet
            )
        } catch let failure as APIFailure {
            throw APIFailure(
                status: 500,
                detail: "Campaign \(campaign.id): its stored definition no longer reads: \(failure.detail)"
            )
        }
    }

    /// Whether a runner should work `campaign` at `now` (milliseconds since the epoch).
    public static func isRunnable(_ campaign: CampaignRecord, spec: CampaignSpec, now: Double) -> Bool {
        switch campaign.status {
        case .running: return true
        case .created:
            guard let start = spec.rollout.startAt else { return false }
            return start <= now
        case .paused, .completed, .cancelled: return false
        }
    }

    /// Hands a created campaign to the runner (status `running`, `startedAt` now: the answer and
    /// every later view say when it was started, before a runner has worked it); a running one is
    /// left as it is.
    ///
    /// - Returns: The campaign as stored afterwards.
    /// - Throws: ``APIFailure`` 409 for a paused (resume it), completed or cancelled campaign.
    @discardableResult
    public static func start(_ id: String, in store: CampaignStore, now: Double, by who: String) async throws
        -> CampaignRecord
    {
        guard var campaign = try await store.campaign(id) else {
            throw APIFailure.notFound("Campaign \(id) not found")
        }
        switch campaign.status {
        case .running:
            return campaign
        case .created:
            campaign.status = .running
            campaign.statusReason = nil
            if campaign.startedAt == nil { campaign.startedAt = now }
            do {
                try await store.commit(
                    campaign: campaign,
                    ifStatus: [.created],
                    events: [CampaignEvent(campaignID: id, at: now, kind: "started", detail: "started by \(who)")]
                )
            } catch let error as CampaignStoreError where error.isStatusConflict {
                // Started (or cancelled) by someone else meanwhile: report what is stored now.
                return try await store.campaign(id) ?? campaign
            }
            return campaign
        case .paused:
            throw APIFailure.conflict(
                "Campaign \(id) is paused (\(campaign.statusReason ?? "by an operator")); resume it to continue"
            )
        case .completed, .cancelled:
            throw APIFailure.conflict("Campaign \(id) is \(campaign.status.rawValue); it cannot run again")
        }
    }
}
