public import Foundation

/// Something a trigger decided to do about an event, queued in the store's outbox in the same
/// transaction as the event (``EventStore/record(_:source:actions:)``).
///
/// The store keeps the payload opaque: the trigger engine defines and decodes it. The key names
/// the action for the executor and for people (`tag:HWTC1A2B3C4D:onu-up`); it is not unique, and
/// the executor may use it as an idempotency key towards the system it calls (a GenieACS task's
/// `uniqueKey`), because an action performed just before a crash is offered again.
public struct PendingAction: Sendable, Hashable {
    /// The largest key accepted, in UTF-8 bytes.
    public static let maxKeyBytes = 1024
    /// The largest payload accepted, in bytes.
    public static let maxPayloadBytes = 1 << 20

    /// What the action is, for the executor and for people.
    public var key: String
    /// The trigger engine's description of the action (JSON, typically).
    public var payload: Data

    /// An action with an opaque payload.
    public init(key: String, payload: Data) {
        self.key = key
        self.payload = payload
    }

    /// An action whose payload is `value` encoded as JSON (keys sorted).
    public init(key: String, encoding value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        self.init(key: key, payload: try encoder.encode(value))
    }
}

/// An action in the outbox, with the id ``EventStore/markDone(_:outcome:)`` takes.
public struct StoredAction: Sendable, Hashable, Identifiable {
    /// The outbox row; increases in the order actions were queued.
    public var id: Int64
    /// The event that caused it.
    public var eventID: Int64
    /// ``PendingAction/key``.
    public var key: String
    /// ``PendingAction/payload``.
    public var payload: Data
    /// When it was queued.
    public var createdAt: Date
    /// How it ended; nil while pending.
    public var outcome: ActionOutcome?
    /// When ``outcome`` was recorded.
    public var doneAt: Date?
    /// The retryable failures it has had (``EventStore/recordFailedAttempt(_:reason:)``).
    public var attempts: Int = 0
    /// The reason of the last of them, while it is pending; nil before the first.
    public var lastFailure: String?
    /// The action `ferrule events actions retry` queued in this finished one's place, if any.
    public var retriedAs: Int64?

    /// The payload decoded from JSON as `type`.
    public func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(type, from: payload)
    }
}

/// How the executor finished an action.
public struct ActionOutcome: Sendable, Hashable {
    /// Succeeded, failed for good, or skipped (no longer relevant).
    public enum Status: String, Sendable, Hashable, CaseIterable {
        case succeeded, failed, skipped
    }

    /// How it ended.
    public var status: Status
    /// A short account (the GenieACS task id, the HTTP status, why it was skipped).
    public var detail: String

    /// An outcome with an optional detail.
    public init(_ status: Status, detail: String = "") {
        self.status = status
        self.detail = detail
    }
}
