import Campaigns
import FerruleCore

/// The wall clock, whose waits end early with `CancellationError` once the server is shutting
/// down: the campaign engine waits only between steps, so a campaign stops after its step in
/// flight and gives its lease back, without its task being cancelled mid-step.
struct StoppableClock: CampaignClock {
    let stopping: AsyncEvent

    func now() -> Double { SystemClock().now() }

    func sleep(for duration: Duration) async throws {
        if await stopping.wait(timeout: duration) { throw CancellationError() }
        try Task.checkCancellation()
    }
}
