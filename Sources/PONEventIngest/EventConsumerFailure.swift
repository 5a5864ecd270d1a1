/// Why an ``EventConsumerService`` could not run or had to stop: the stage that failed and the
/// error it met (its description says what and where).
public struct EventConsumerFailure: Error, Sendable, CustomStringConvertible {
    /// Where the failure happened.
    public enum Stage: String, Sendable, Hashable {
        /// Taking the store's lease (the store cannot be written).
        case lease
        /// Creating the Kafka consumer (a `KafkaError`; kind `configuration` for bad settings).
        case consumer
        /// Recording events (the store cannot record, or a fatal Kafka error); nothing was
        /// committed that is not recorded.
        case ingest
        /// Performing queued actions (the store cannot record their outcomes); they stay pending.
        case outbox
    }

    /// The stage.
    public var stage: Stage
    /// The error met.
    public var underlying: any Error

    /// A failure of `stage`.
    public init(_ stage: Stage, _ underlying: any Error) {
        self.stage = stage
        self.underlying = underlying
    }

    public var description: String { "\(underlying)" }
}
