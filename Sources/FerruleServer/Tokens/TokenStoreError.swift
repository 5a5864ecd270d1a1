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
    /// Whether the file itself failed (SQLite, permissions, a full disk); false for a request the
    /// store refused (an id prefix that matches several tokens), which says nothing about the file.
    public let isStorageFailure: Bool

    init(path: String, operation: String, detail: String, hint: String = "", isStorageFailure: Bool = true) {
        self.path = path
        self.operation = operation
        self.detail = detail
        self.hint = hint
        self.isStorageFailure = isStorageFailure
    }

    public var description: String {
        let hint = hint.isEmpty ? "" : "; \(hint)"
        guard isStorageFailure else { return "\(operation): \(detail)\(hint)" }
        return "the server state file \(path) could not be used (\(operation)): \(detail)\(hint)"
    }
}
