public import Campaigns
import FerruleJSON
import Foundation

extension CampaignStart {
    /// DotMac's `execute` of a firmware schedule: starts the schedule's campaign **now**, instead
    /// of at its `scheduled_at` (DotMac's execute queues the upgrade task at once, whatever the
    /// schedule's time). A campaign whose `scheduled_at` is still ahead has it brought forward to
    /// `now` (whole seconds, UTC) in its stored definition, so the runner — this server's, another
    /// one's on the same state directory, or `ferrule campaign run` — pushes from now on; the
    /// rollout's windows, waves and limits still apply. Otherwise the same as
    /// ``start(_:in:now:by:)``: a running campaign already past its `scheduled_at` is left as it is.
    ///
    /// The definition is the JSON the schedule route built from DotMac's request (never a
    /// client's file), so only `rollout.scheduled_at` changes; the campaign's `started` event says
    /// what it was.
    ///
    /// - Returns: The campaign as stored afterwards.
    /// - Throws: ``APIFailure`` 409 for a paused, completed or cancelled campaign (as a start), or
    ///   for a definition that is not such JSON; 500 when the rewritten definition does not read.
    @discardableResult
    public static func startNow(_ id: String, in store: CampaignStore, now: Double, by who: String) async throws
        -> CampaignRecord
    {
        try await startNow(id, in: store, now: now, by: who, attempts: 3)
    }

    private static func startNow(_ id: String, in store: CampaignStore, now: Double, by who: String, attempts: Int)
        async throws -> CampaignRecord
    {
        guard let campaign = try await store.campaign(id) else {
            throw APIFailure.notFound("Campaign \(id) not found")
        }
        guard campaign.status == .created || campaign.status == .running,
            let scheduled = try spec(of: campaign).rollout.startAt, scheduled > now
        else {
            return try await start(id, in: store, now: now, by: who)
        }
        let startAt = (now / 1000).rounded(.down) * 1000
        guard let text = broughtForward(campaign.specText, to: startAt) else {
            throw APIFailure.conflict(
                "Campaign \(id) was not made by a firmware schedule: its scheduled_at cannot be brought forward; "
                    + "it starts at \(APITime.date(scheduled).formatted(.iso8601))"
            )
        }
        var started = campaign
        started.specText = text
        started.status = .running
        started.statusReason = nil
        if started.startedAt == nil { started.startedAt = now }
        // Read back before it is stored: a definition the runner could not read must not replace one it can.
        guard let moved = try spec(of: started).rollout.startAt, moved <= now else {
            throw APIFailure(
                status: 500,
                detail: "Campaign \(id): its definition with scheduled_at brought forward does not start now"
            )
        }
        let event = CampaignEvent(
            campaignID: id,
            at: now,
            kind: "started",
            detail:
                "started by \(who) now (execute), not at scheduled_at \(APITime.date(scheduled).formatted(.iso8601))"
        )
        do {
            try await store.commit(campaign: started, ifStatus: [campaign.status], events: [event])
        } catch let error as CampaignStoreError where error.isStatusConflict && attempts > 1 {
            // Started, paused or cancelled by someone else meanwhile: decide again on what is stored now.
            return try await startNow(id, in: store, now: now, by: who, attempts: attempts - 1)
        }
        return started
    }

    /// `text` (a definition the schedule route wrote: a JSON object with a `rollout` object) with
    /// `rollout.scheduled_at` set to `instant` (milliseconds since the epoch) in UTC; nil when
    /// `text` is not such an object.
    static func broughtForward(_ text: String, to instant: Double) -> String? {
        guard let document = try? JSONValue.parse(text), let rollout = document["rollout"],
            rollout.objectMembers != nil
        else {
            return nil
        }
        let stamp = APITime.date(instant).formatted(.iso8601)  // 2026-12-07T18:30:00Z
        return document.setting("rollout", to: rollout.setting("scheduled_at", to: .string(stamp))).compactText
    }
}
