/// A caller waiting for the broker to confirm that `partition`'s committed offset is at least `next`.
struct CommitRequest {
    let topic: String
    let partition: Int32
    /// The offset to commit: the record's offset + 1, the next one to read.
    let next: Int64
    let continuation: CheckedContinuation<Result<Void, KafkaError>, Never>
}

/// A topic partition.
struct PartitionKey: Hashable {
    let topic: String
    let partition: Int32
}

/// The commits sent to the broker in one `rd_kafka_commit_queue` call: the highest offset per
/// partition, and every request that offset satisfies. Passed through librdkafka as the commit
/// opaque (retained until the result callback).
final class CommitBatch {
    let requests: [CommitRequest]
    let offsets: [PartitionKey: Int64]

    init(requests: [CommitRequest]) {
        self.requests = requests
        var offsets: [PartitionKey: Int64] = [:]
        for request in requests {
            let key = PartitionKey(topic: request.topic, partition: request.partition)
            offsets[key] = max(offsets[key] ?? request.next, request.next)
        }
        self.offsets = offsets
    }
}
