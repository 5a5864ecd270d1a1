public import ArgumentParser
public import Kafka

/// The options of every command that consumes a Kafka topic (`ferrule events run`, `kafka-probe`):
/// brokers, topic, consumer group and librdkafka properties.
public struct KafkaConsumerOptions: ParsableArguments {
    @Option(help: "Kafka bootstrap brokers, HOST:PORT[,HOST:PORT…].")
    public var brokers: String

    @Option(help: "The topic (default voltha.events).")
    public var topic: String?

    @Option(help: "The consumer group id (default ferrule).")
    public var group: String?

    @Option(
        name: .customShort("X"),
        help: "A librdkafka property KEY=VALUE (repeatable; secrets are never printed)."
    )
    public var properties: [String] = []

    public init() {}

    /// The consumer configuration these options give.
    ///
    /// - Throws: ``KafkaError`` (kind `configuration`) for a malformed broker list or property.
    public func configuration() throws(KafkaError) -> KafkaConfiguration {
        try KafkaConfiguration.parse(brokers: brokers, topic: topic, group: group, properties: properties)
    }
}
