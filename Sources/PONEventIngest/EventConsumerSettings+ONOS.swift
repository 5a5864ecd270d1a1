public import Kafka
import PONEvents

extension EventConsumerSettings {
    /// kafka-onos's three event topics (``ONOSEventFamily/defaultTopic``), what `ferrule events run
    /// --onos` reads.
    public static let defaultONOSTopics = ONOSEventFamily.allCases.map(\.defaultTopic)

    /// The consumer's configuration: ``kafka`` with ``onosTopics`` added to its topics.
    public var consumerConfiguration: KafkaConfiguration {
        var configuration = kafka
        configuration.additionalTopics += onosTopics
        return configuration
    }
}
