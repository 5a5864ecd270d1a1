/// Where an expression will be evaluated by GenieACS; it decides the wording of some errors.
///
/// Both contexts allow the same functions: `NOW()`, `UPPER(x)`, `LOWER(x)`, `ROUND(x[, digits])` and
/// `COALESCE(a, …)`. The config-only functions (`REMOTE_ADDRESS()`, `USERNAME()`, `PASSWORD()`,
/// `AUTH(user, pass)`) and the UI-only ones are rejected in both.
public enum ExpressionContext: Sendable, Hashable, CaseIterable {
    /// A preset precondition (`precondition` of a preset document).
    case precondition
    /// A provision argument (an entry of a preset configuration's `args`).
    case argument
}
