import Campaigns
import Synchronization

/// Time that advances when waited on (see ``CampaignRunClock``).
final class VirtualCampaignClock: CampaignClock {
    private let time: Mutex<Double>

    init(start: Double) { time = Mutex(start) }

    func now() -> Double { time.withLock { $0 } }

    func sleep(for duration: Duration) async throws {
        try Task.checkCancellation()
        let (seconds, attoseconds) = duration.components
        time.withLock { $0 += Double(seconds) * 1000 + Double(attoseconds) / 1e15 }
        // Let other tasks run, as a real wait would.
        await Task.yield()
    }
}
