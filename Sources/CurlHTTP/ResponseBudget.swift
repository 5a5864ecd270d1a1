/// The memory the response bodies in flight on one client hold together, against
/// ``HTTPClientConfiguration/maxBufferedResponseBytes``.
///
/// Lives on the loop thread only (``CurlMultiWorker`` owns it; its transfers' callbacks run
/// there), so it needs no lock. Bodies are counted by their allocated capacity, which is what
/// the host pays; a transfer gives its share back when it leaves the multi handle.
final class ResponseBudget {
    let limit: Int
    private(set) var held = 0

    init(limit: Int) {
        self.limit = limit
    }

    /// Records that a body's allocation changed by `delta` bytes; false when the bodies together
    /// now hold more than ``limit``.
    func adjust(by delta: Int) -> Bool {
        held += delta
        return held <= limit
    }
}
