/// A token-store operation that failed: which file, what was being done, and what to do next.
/// Never holds a token's secret.
public struct TokenStoreError: Error, Sendable, CustomStringConvertible {
    /// The database file.
    public let path: String
    /// What was being done (`open`, `revoke token 0123…`).
    public let operation: String
    /// SQLite's message, or ours.
    public let detail: String
    /// What to do about it.
    let hint: String

    init(path: String, operation: String, detail: String, hint: String = "") {
        self.path = path
        self.operation = operation
        self.detail = detail
        self.hint = hint
    }

    public var description: String {
        "the server state file \(path) could not be used (\(operation)): \(detail)" + (hint.isEmpty ? "" : "; \(hint)")
    }
}
