extension Rollout {
    /// Where each wave ends in the frozen target list: cumulative ordinals, canary first, the last
    /// equal to `total`. No waves means one wave of everything; the last size repeats until every
    /// target has a wave; a share is rounded up (at least one device).
    ///
    /// `waves: [{canary: 50}, "10%", 1000]` with 12,000 targets gives
    /// `[50, 1250, 2250, 3250, …, 11250, 12000]`.
    public func waveEnds(total: Int) -> [Int] {
        guard total > 0 else { return [] }
        guard !waves.isEmpty else { return [total] }
        var ends: [Int] = []
        var end = 0
        var index = 0
        while end < total {
            let size = Self.devices(in: waves[min(index, waves.count - 1)], total: total)
            end = min(total, end + size)
            ends.append(end)
            index += 1
        }
        return ends
    }

    /// The number of devices a wave holds out of `total` (at least one).
    static func devices(in wave: WaveSize, total: Int) -> Int {
        switch wave {
        case .devices(let n):
            return max(1, n)
        case .fraction(let f):
            // The small margin keeps 10% of 1000 at 100 despite binary floating point.
            let exact = (max(0, f) * Double(total) - 1e-9).rounded(.up)
            return max(1, Int(min(exact, Double(total))))
        }
    }
}
