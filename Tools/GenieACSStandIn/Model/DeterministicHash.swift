/// A seeded 64-bit hash (FNV-1a folded through SplitMix64) that gives the same number on every run and machine,
/// unlike Swift's `Hasher`: the scenario's "deterministic by seed" choices (online, credentials, faults) use it.
struct DeterministicHash {
    private var state: UInt64

    init(seed: UInt64) { state = 0xcbf2_9ce4_8422_2325 ^ Self.mix(seed) }

    mutating func combine(_ text: String) {
        for byte in text.utf8 {
            state ^= UInt64(byte)
            state = state &* 0x100_0000_01b3
        }
        state ^= 0xff
        state = state &* 0x100_0000_01b3
    }

    mutating func combine(_ value: Int) {
        state = Self.mix(state ^ UInt64(bitPattern: Int64(value)))
    }

    /// The hash as a number in `0..<1`.
    var unit: Double { Double(Self.mix(state) >> 11) / Double(UInt64(1) << 53) }

    var value: UInt64 { Self.mix(state) }

    /// A number in `0..<1` from a seed and some labels: `DeterministicHash.unit(seed, "online", deviceId)`.
    static func unit(_ seed: UInt64, _ labels: String...) -> Double {
        var h = DeterministicHash(seed: seed)
        for label in labels { h.combine(label) }
        return h.unit
    }

    private static func mix(_ x0: UInt64) -> UInt64 {
        var x = x0 &+ 0x9e37_79b9_7f4a_7c15
        x = (x ^ (x >> 30)) &* 0xbf58_476d_1ce4_e5b9
        x = (x ^ (x >> 27)) &* 0x94d0_49bb_1331_11eb
        return x ^ (x >> 31)
    }
}
