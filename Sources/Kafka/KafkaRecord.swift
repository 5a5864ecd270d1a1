public import Foundation

/// One record read from a topic partition: where it sits (topic, partition, offset), its key and
/// value bytes as the producer wrote them, and its timestamp.
///
/// Pass it back to ``KafkaConsumer/commit(_:)`` once what it caused is durable: the group's offset
/// for its partition then moves to `offset + 1`.
public struct KafkaRecord: Sendable, Hashable {
    /// How the broker's timestamp was set.
    public enum TimestampKind: String, Sendable, Hashable {
        /// The producer's time (Kafka's `CreateTime`).
        case createTime
        /// The broker's time when it appended the record (`LogAppendTime`).
        case logAppendTime
    }

    /// The topic.
    public var topic: String
    /// The partition within the topic.
    public var partition: Int32
    /// The record's offset within its partition.
    public var offset: Int64
    /// The key, `nil` when the producer sent none (VOLTHA sends none for most events).
    public var key: [UInt8]?
    /// The value: for `voltha.events`, a binary `event.Event` protobuf.
    public var value: [UInt8]
    /// Milliseconds since 1970, `nil` when the broker gave none.
    public var timestampMilliseconds: Int64?
    /// What the timestamp means, `nil` with no timestamp.
    public var timestampKind: TimestampKind?

    /// A record.
    public init(
        topic: String,
        partition: Int32,
        offset: Int64,
        key: [UInt8]?,
        value: [UInt8],
        timestampMilliseconds: Int64? = nil,
        timestampKind: TimestampKind? = nil
    ) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.key = key
        self.value = value
        self.timestampMilliseconds = timestampMilliseconds
        self.timestampKind = timestampKind
    }

    /// The timestamp as a date.
    public var timestamp: Date? {
        timestampMilliseconds.map { Date(timeIntervalSince1970: Double($0) / 1000) }
    }

    /// Bytes this record takes in the consumer's queue (key and value).
    public var size: Int { (key?.count ?? 0) + value.count }
}
