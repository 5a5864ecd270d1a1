import FerruleCore

/// How a ``KafkaConsumer`` connects and what it reads: brokers, topic, consumer group, extra
/// librdkafka properties, and the bounds of its in-memory queue.
///
/// Ferrule owns four librdkafka properties and refuses them in ``properties``: `bootstrap.servers`
/// (``brokers``), `group.id` (``groupID``), and `enable.auto.commit` / `enable.auto.offset.store`
/// (always `false`: an offset is committed only when the caller says a record's effects are
/// durable, ``KafkaConsumer/commit(_:)``). Its defaults (``defaultProperties``) can be overridden.
///
/// ```swift
/// let configuration = try KafkaConfiguration.parse(
///     brokers: "kafka-1:9092,kafka-2:9092", topic: nil, group: "ferrule-prod",
///     properties: ["security.protocol=SASL_SSL", "sasl.mechanism=SCRAM-SHA-512",
///                  "sasl.username=ferrule", "sasl.password=…"])
/// print(configuration)   // … sasl.password=*** — secrets never printed
/// ```
public struct KafkaConfiguration: Sendable, CustomStringConvertible {
    /// VOLTHA's event topic (voltha-go rw_core/config/config.go, `defaultEventTopic`).
    public static let defaultTopic = "voltha.events"
    /// The consumer group when none is given.
    public static let defaultGroup = "ferrule"

    /// Properties Ferrule sets; each can be overridden with `-X`.
    ///
    /// - `auto.offset.reset=earliest`: a new group starts at the oldest retained event, not at the
    ///   end, so nothing published before the first start is skipped.
    /// - `statistics.interval.ms=1000`: broker states for ``KafkaConnectionState`` every second.
    /// - `queued.max.messages.kbytes=16384`: librdkafka prefetches at most 16 MiB (its default is 64 MiB).
    /// - `client.id=ferrule`: how brokers and their logs name us.
    /// - `fetch.wait.max.ms=100` (librdkafka: 500): the longest a broker may hold a fetch with
    ///   nothing new. Apache Kafka answers as soon as a record arrives, so there it only sets how
    ///   often an idle consumer asks (10 fetches/s instead of 2); brokers that hold every fetch for
    ///   its whole wait (Tansu 0.6.0, `tansu-storage/src/service/fetch.rs:316-357`) add up to this
    ///   much to every event's latency (docs/kafka.md, "Latency").
    public static let defaultProperties: [KafkaProperty] = [
        KafkaProperty(key: "auto.offset.reset", value: "earliest"),
        KafkaProperty(key: "statistics.interval.ms", value: "1000"),
        KafkaProperty(key: "queued.max.messages.kbytes", value: "16384"),
        KafkaProperty(key: "client.id", value: "ferrule"),
        KafkaProperty(key: "fetch.wait.max.ms", value: "100"),
    ]

    /// Properties only Ferrule sets, with the flag or reason to give instead.
    public static let ownedProperties: [String: String] = [
        "bootstrap.servers": "use --brokers",
        "metadata.broker.list": "use --brokers",
        "group.id": "use --group",
        "enable.auto.commit":
            "Ferrule commits an offset only after what the event caused is recorded; auto commit would lose events in a crash",
        "enable.auto.offset.store": "Ferrule commits explicit offsets; the offset store is not used",
        "enable.partition.eof": "Ferrule reads the end of each partition to know when it has caught up",
    ]

    /// Bootstrap brokers (at least one).
    public var brokers: [KafkaBrokerAddress]
    /// The topic to read (``defaultTopic``).
    public var topic: String
    /// More topics to read with ``topic`` in the same group (`ferrule events run --onos`: ONOS's
    /// `onu.events`, `authentication.events`, `dhcp.events`); offsets are committed per topic and
    /// partition as for ``topic``.
    public var additionalTopics: [String] = []
    /// Topics whose partitions the group has no committed offset for start at their end, not at
    /// `auto.offset.reset`'s offset: what is retained there from before the first start is not
    /// read. For topics whose records report a moment that is over by then (ONOS's DHCP ACKs,
    /// authentications and UNI changes: a first `--onos` start must not act on days of retained
    /// backlog); once an offset is committed, a restart goes on after it as for any topic.
    public var startAtEndWhenUncommitted: Set<String> = []
    /// The consumer group id: consumers of one group share the topic's partitions and its offsets.
    public var groupID: String
    /// Extra librdkafka properties, applied after ``defaultProperties`` in this order.
    public var properties: [KafkaProperty]
    /// At most this many records wait in memory for ``KafkaConsumer/next()``; beyond it the poll
    /// thread stops taking records from librdkafka (whose own prefetch is bounded by
    /// `queued.max.messages.kbytes`).
    public var queueCapacity: Int
    /// At most this many bytes of keys and values wait in memory (one larger record is still
    /// taken when the queue is empty).
    public var queueByteLimit: Int
    /// Receives librdkafka's log lines (any thread); `nil` drops them (errors still reach
    /// ``KafkaConsumer/connection``).
    public var logHandler: (@Sendable (KafkaLogMessage) -> Void)?

    /// A configuration; call ``validate()`` (or create the consumer) to check it.
    public init(
        brokers: [KafkaBrokerAddress],
        topic: String = KafkaConfiguration.defaultTopic,
        groupID: String = KafkaConfiguration.defaultGroup,
        properties: [KafkaProperty] = [],
        queueCapacity: Int = 1000,
        queueByteLimit: Int = 16 << 20,
        logHandler: (@Sendable (KafkaLogMessage) -> Void)? = nil
    ) {
        self.brokers = brokers
        self.topic = topic
        self.groupID = groupID
        self.properties = properties
        self.queueCapacity = queueCapacity
        self.queueByteLimit = queueByteLimit
        self.logHandler = logHandler
    }

    /// Every topic read: ``topic``, then ``additionalTopics`` (each once).
    public var topics: [String] {
        var seen: Set<String> = [topic]
        return [topic] + additionalTopics.filter { seen.insert($0).inserted }
    }

    /// `brokers … topic … group …` (`topics a,b` when there are several): where errors happened.
    public var context: String {
        let read =
            topics.count == 1
            ? "topic \(DisplayText.value(topic))" : "topics \(DisplayText.value(topics.joined(separator: ",")))"
        return "\(brokers.map(\.description).joined(separator: ",")) \(read) group \(DisplayText.value(groupID))"
    }

    /// Brokers, topic, group and every property, secrets as `***`.
    public var description: String {
        ([context] + properties.map(\.description)).joined(separator: " ")
    }

    /// Every property handed to librdkafka, in order: defaults, then ``properties``, then the
    /// owned ones.
    public var librdkafkaProperties: [KafkaProperty] {
        Self.defaultProperties + properties + [
            KafkaProperty(key: "bootstrap.servers", value: brokers.map(\.description).joined(separator: ",")),
            KafkaProperty(key: "group.id", value: groupID),
            KafkaProperty(key: "enable.auto.commit", value: "false"),
            KafkaProperty(key: "enable.auto.offset.store", value: "false"),
            KafkaProperty(key: "enable.partition.eof", value: "true"),
        ]
    }
}
