/// The bytes the response bodies in flight on one client hold together, against
/// ``HTTPClientConfiguration/maxBufferedResponseBytes``.
///
/// Lives on the loop thread only (``CurlMultiWorker`` owns it; its transfers' callbacks run
/// there), so it needs no lock. A transfer takes its share as its body's bytes arrive and gives
/// it back when it leaves the multi handle.
final class ResponseBudget {
    let limit: Int
    private(set) var held = 0

    init(limit: Int) {
        self.limit = limit
    }

    /// Takes `count` bytes; false (nothing taken) when the bodies together would pass ``limit``.
    func take(_ count: Int) -> Bool {
        guard count <= limit - held else { return false }
        held += count
        return true
    }

    /// Gives back `count` bytes taken before.
    func give(_ count: Int) {
        held -= count
    }
}
