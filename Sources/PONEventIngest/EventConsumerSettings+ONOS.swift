public import Kafka
import PONEvents

extension EventConsumerSettings {
    /// kafka-onos's three event topics (``ONOSEventFamily/defaultTopic``), what `ferrule events run
    /// --onos` reads.
    public static let defaultONOSTopics = ONOSEventFamily.allCases.map(\.defaultTopic)

    /// The consumer's configuration: ``kafka`` with ``onosTopics`` added to its topics, each starting
    /// at its end while the group has no committed offset for it
    /// (``KafkaConfiguration/startAtEndWhenUncommitted``).
    public var consumerConfiguration: KafkaConfiguration {
        var configuration = kafka
        configuration.additionalTopics += onosTopics
        // ONOS's events report a moment (a DHCP ACK, an authentication): a first start does not
        // act on the retained backlog.
        configuration.startAtEndWhenUncommitted.formUnion(onosTopics)
        return configuration
    }
}
