/// What executing one planned action came to.
public enum ActionOutcome: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Done (what was done).
    case done(String)
    /// Not done and never will be for this event: no CPE, several CPEs, not applicable (why).
    case skipped(String)
    /// Failed; `retryable` when trying again later may succeed (GenieACS or the webhook unreachable).
    case failed(String, retryable: Bool)

    public var description: String {
        switch self {
        case .done(let text): "done: \(text)"
        case .skipped(let text): "skipped: \(text)"
        case .failed(let text, let retryable): "failed\(retryable ? " (will retry)" : ""): \(text)"
        }
    }
}
