extension Duration {
    /// Whole milliseconds for libcurl's `*_MS` options: at least 1, because 0 means "no limit"
    /// there, and at most `Int32.max` (about 24 days).
    var curlMilliseconds: Int {
        let (seconds, attoseconds) = components
        guard seconds >= 0, attoseconds >= 0 else { return 1 }
        let limit = Int64(Int32.max)
        guard seconds < limit / 1000 else { return Int(limit) }
        let milliseconds = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        return Int(max(1, milliseconds))
    }
}
