import Synchronization

/// What a progress handler tells ``ProgressCacheMiddleware`` about the answer it made: until when
/// the same stored state gives the same answer. Set for the request by the middleware; a handler
/// that leaves it empty makes an answer that is not kept.
final class ProgressAnswerNote: Sendable {
    /// The note of the request being answered, if the middleware asked for one.
    @TaskLocal static var current: ProgressAnswerNote?

    private let until = Mutex<Double?>(nil)

    /// Milliseconds since the epoch from which the answer may differ with no write; nil: not told.
    var validUntil: Double? { until.withLock { $0 } }

    /// Records that the answer holds until `time` (infinity: until a write).
    func holds(until time: Double) {
        until.withLock { $0 = time }
    }
}
