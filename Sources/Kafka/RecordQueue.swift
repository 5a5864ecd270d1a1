/// The records waiting for ``KafkaConsumer/next()``: first in, first out, bounded by a count and a
/// byte total. A ring buffer, so taking from the front costs O(1).
struct RecordQueue {
    private var slots: [KafkaRecord?]
    private var head = 0
    private(set) var count = 0
    private(set) var bytes = 0
    let byteLimit: Int

    /// An empty queue for at most `capacity` records and `byteLimit` bytes.
    init(capacity: Int, byteLimit: Int) {
        slots = Array(repeating: nil, count: max(1, capacity))
        self.byteLimit = byteLimit
    }

    /// Whether another record may be taken from librdkafka: below both bounds (a record larger
    /// than the byte limit still fits into an empty queue, or it could never be read).
    var hasRoom: Bool { count < slots.count && (count == 0 || bytes < byteLimit) }

    /// Appends a record; the caller checked ``hasRoom``.
    mutating func append(_ record: KafkaRecord) {
        precondition(count < slots.count, "RecordQueue overflow")
        slots[(head + count) % slots.count] = record
        count += 1
        bytes += record.size
    }

    /// Takes the oldest record.
    mutating func popFirst() -> KafkaRecord? {
        guard count > 0, let record = slots[head] else { return nil }
        slots[head] = nil
        head = (head + 1) % slots.count
        count -= 1
        bytes -= record.size
        return record
    }

    /// Drops the records of `partitions` of `topic` (revoked from this consumer: their new owner
    /// reads them from the committed offset). Keeps the order of the rest.
    mutating func removeRecords(of topic: String, partitions: Set<Int32>) {
        var kept: [KafkaRecord] = []
        while let record = popFirst() {
            if !(record.topic == topic && partitions.contains(record.partition)) { kept.append(record) }
        }
        for record in kept { append(record) }
    }
}
