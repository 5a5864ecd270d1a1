import CRdKafka
import FerruleCore

extension KafkaConfiguration {
    /// The configuration a command line gives: `--brokers` (comma-separated), `--topic`, `--group`
    /// and each `-X key=value`. Checks everything but librdkafka's own property names and values
    /// (``validate()`` does).
    public static func parse(
        brokers: String,
        topic: String?,
        group: String?,
        properties: [String]
    ) throws(KafkaError) -> KafkaConfiguration {
        var parsed: [KafkaProperty] = []
        for argument in properties { parsed.append(try KafkaProperty.parse(argument)) }
        let configuration = KafkaConfiguration(
            brokers: try KafkaBrokerAddress.parseList(brokers),
            topic: topic ?? defaultTopic,
            groupID: group ?? defaultGroup,
            properties: parsed
        )
        try configuration.check()
        return configuration
    }

    /// Why `topic` cannot be a Kafka topic name (Kafka's rule: 1–249 of `a-z A-Z 0-9 . _ -`, not
    /// `.` or `..`), or nil.
    public static func topicNameProblem(_ topic: String) -> String? {
        let legal = topic.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
                || $0 == "." || $0 == "_" || $0 == "-"
        }
        guard !topic.isEmpty, topic.unicodeScalars.count <= 249, legal, topic != ".", topic != ".." else {
            return "a Kafka topic name is 1 to 249 characters of a-z, A-Z, 0-9, '.', '_' and '-'"
        }
        return nil
    }

    /// Checks the topic name (Kafka's rule: 1–249 of `a-z A-Z 0-9 . _ -`), the group id, the
    /// queue bounds and that no owned property is overridden.
    public func check() throws(KafkaError) {
        for (index, topic) in topics.enumerated() {
            if let problem = Self.topicNameProblem(topic) {
                throw KafkaError(
                    kind: .configuration,
                    context: "\(index == 0 ? "--topic" : "topic") \"\(DisplayText.value(topic))\"",
                    detail: problem
                )
            }
        }
        guard !groupID.isEmpty, groupID.utf8.count <= 255,
            !groupID.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F })
        else {
            throw KafkaError(
                kind: .configuration,
                context: "--group \"\(DisplayText.value(groupID))\"",
                detail: "a consumer group id is 1 to 255 bytes without control characters"
            )
        }
        guard queueCapacity >= 1, queueByteLimit >= 1 else {
            throw KafkaError(
                kind: .configuration,
                context: "queue",
                detail: "the queue must hold at least one record and one byte"
            )
        }
        for property in properties {
            if let instead = Self.ownedProperties[property.key] {
                throw KafkaError(
                    kind: .configuration,
                    context: "-X \(property)",
                    detail: "\(property.key) is set by Ferrule: \(instead)",
                    property: property.key
                )
            }
        }
    }

    /// Checks every property with librdkafka itself (unknown names, invalid values), as the
    /// consumer will when it starts.
    public func validate() throws(KafkaError) {
        try check()
        let conf = try KafkaNativeConfiguration(self)
        // A handle too: some settings are only judged when librdkafka builds one (an OAUTHBEARER
        // configuration, a SASL mechanism it lacks). Nothing is contacted: this handle knows no
        // broker (bootstrap.servers emptied) and subscribes to nothing.
        var message = [CChar](repeating: 0, count: 512)
        _ = rd_kafka_conf_set(conf.conf, "bootstrap.servers", "", &message, message.count)
        guard let handle = rd_kafka_new(RD_KAFKA_CONSUMER, conf.conf, &message, message.count) else {
            conf.destroy()
            let text = message.withUnsafeBufferPointer { $0.baseAddress.map { String(cString: $0) } ?? "" }
            throw KafkaError(kind: .configuration, context: context, detail: KafkaTextScrubber(properties)(text))
        }
        rd_kafka_destroy(handle)
    }
}
