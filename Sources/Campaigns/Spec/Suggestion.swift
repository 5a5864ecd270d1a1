import Rules

/// "Did you mean" suggestions for campaign files: the rule reader's edit distance, plus shortened
/// names (`target` for `target_version`).
enum Suggestion {
    /// The candidate closest to `word` (case-insensitively), if it is close enough to be a typo.
    static func closest(to word: String, among candidates: [String]) -> String? {
        if let near = DidYouMean.suggestion(for: word, among: candidates) { return near }
        guard word.count >= 3 else { return nil }
        return candidates.first { $0.lowercased().hasPrefix(word.lowercased()) }
    }
}
