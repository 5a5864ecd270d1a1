/// When a server's runner takes a campaign's runner slot back (``CampaignRunner/yieldWhileWaiting``).
///
/// A campaign holds a slot for as long as its run lasts, and a run whose pushed devices are all
/// offline lasts until their `device_deadline` (up to 30 days). So a run that has found nothing to
/// push for ``after`` — every device it pushed waiting on its CPE (a task queued, a download or a
/// reboot, the verification), and nothing due: the wave full, the next wave behind the devices in
/// flight, or the window closed on them — ends as soon as ``wanted`` says another campaign waits for
/// a slot. It ends at a cycle's end, with no push in flight: the campaign stays `running` with its
/// devices as they are, its `status_reason` says it yielded, and the next run goes on from there
/// without waking its devices again; their deadlines are wall-clock times, enforced by the first
/// cycle of that run.
public struct SlotYield: Sendable {
    /// How long the run must only have waited.
    public var after: Duration
    /// Whether another campaign waits for a runner slot (asked once per cycle once ``after`` has passed).
    public var wanted: @Sendable () -> Bool

    /// A rule from its parts.
    public init(after: Duration, wanted: @escaping @Sendable () -> Bool) {
        self.after = after
        self.wanted = wanted
    }
}
