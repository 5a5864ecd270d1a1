import Campaigns

/// The campaign clock of `ferrule campaign run`: the wall clock, or, for end-to-end tests only,
/// a virtual clock starting at `FERRULE_TEST_CAMPAIGN_CLOCK` (milliseconds since the epoch) whose
/// time moves only when the runner waits, so hours of rollout (storms clearing, health windows)
/// run in a moment and every run gives the same times. Not for production use.
enum CampaignRunClock {
    /// The variable that turns the virtual clock on.
    static let variable = "FERRULE_TEST_CAMPAIGN_CLOCK"

    /// The clock this process uses.
    static func current() -> any CampaignClock {
        guard let text = CommandEnvironment.current[variable], let start = Double(text), start.isFinite else {
            return SystemClock()
        }
        return VirtualCampaignClock(start: start)
    }
}
