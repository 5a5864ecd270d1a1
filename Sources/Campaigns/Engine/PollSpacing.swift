/// The interval between polls of GenieACS for tasks in flight: the runner's poll interval after a push
/// or a poll that saw something change, doubled after each poll that saw nothing change, up to a bound.
///
/// A fleet of devices rebooting into new firmware for minutes costs a few polls instead of one per
/// interval; a device that finishes is still seen within the bound.
struct PollSpacing: Sendable, Equatable {
    let base: Double
    let bound: Double
    /// Milliseconds from one poll to the next.
    private(set) var current: Double

    /// - Parameters: milliseconds; `bound` is raised to `base` when smaller.
    init(base: Double, bound: Double) {
        self.base = base
        self.bound = max(base, bound)
        current = base
    }

    /// After a poll: back to the base when something changed, else twice as long (at most the bound).
    mutating func polled(changed: Bool) {
        current = changed ? base : min(bound, current * 2)
    }

    /// New tasks are in flight: poll them at the base interval.
    mutating func pushed() { current = base }
}
