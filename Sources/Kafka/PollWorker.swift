import CRdKafka
import Foundation

/// The consumer's dedicated thread: the only code that calls librdkafka's blocking functions, so
/// no task of the cooperative pool ever waits on the network.
///
/// Each turn it sends the queued commits (`rd_kafka_commit_queue`, results on the commit queue),
/// serves the commit and main queues (commit results, errors, statistics), then either polls one
/// record (`rd_kafka_consumer_poll`, woken early by `rd_kafka_queue_yield`) or, when the record
/// queue is full, waits to be woken. On close it waits for the commits in flight, leaves the group
/// (`rd_kafka_consumer_close_queue`, bounded) and destroys the handle.
final class PollWorker {
    /// Upper bound on one blocking wait; every event of interest wakes the thread sooner.
    static let pollMilliseconds: Int32 = 500
    /// How long close waits for the broker to answer commits in flight.
    static let closeCommitTimeout: Duration = .seconds(10)
    /// How long leaving the group may take. With no broker answering, librdkafka's own
    /// `rd_kafka_consumer_close` can block far longer (it retries the LeaveGroup); past this bound
    /// the handle is destroyed without it and the group's coordinator moves the partitions once
    /// the session times out. Nothing is lost: what was not committed is delivered again.
    static let leaveGroupTimeout: Duration = .seconds(10)

    private let kafka: KafkaHandle
    private let state: ConsumerState
    private var inFlight = 0

    init(kafka: KafkaHandle, state: ConsumerState) {
        self.kafka = kafka
        self.state = state
    }

    /// Starts the thread; it keeps the worker until the handle is destroyed.
    static func start(kafka: KafkaHandle, state: ConsumerState) {
        let thread = Thread { PollWorker(kafka: kafka, state: state).run() }
        thread.name = "kafka-consumer"
        thread.start()
    }

    private func run() {
        state.attach(kafka)
        var closeDeadline: ContinuousClock.Instant?
        while true {
            let mail = state.takeMail()
            if !mail.commits.isEmpty { send(mail.commits) }
            inFlight -= Int(rd_kafka_queue_poll_callback(kafka.commitQueue, 0))
            _ = rd_kafka_poll(kafka.handle, 0)
            if mail.closing {
                let deadline = closeDeadline ?? ContinuousClock.now + Self.closeCommitTimeout
                closeDeadline = deadline
                if inFlight <= 0 || ContinuousClock.now >= deadline { break }
                state.waitForWork(milliseconds: 100)
            } else if mail.hasRoom {
                if let message = rd_kafka_consumer_poll(kafka.handle, Self.pollMilliseconds) {
                    receive(message)
                    rd_kafka_message_destroy(message)
                }
            } else {
                state.waitForWork(milliseconds: Int(Self.pollMilliseconds))
            }
        }
        state.attach(nil)
        // Commits still unanswered are failed by finishClose and their records come again.
        leaveGroup()
        inFlight -= Int(rd_kafka_queue_poll_callback(kafka.commitQueue, 0))
        kafka.destroy()
        state.finishClose()
    }

    /// Leaves the group (its partitions go to the other members at once), serving the revocation,
    /// for at most ``leaveGroupTimeout``.
    private func leaveGroup() {
        guard let queue = rd_kafka_queue_new(kafka.handle) else { return }
        defer { rd_kafka_queue_destroy(queue) }
        if let error = rd_kafka_consumer_close_queue(kafka.handle, queue) {
            rd_kafka_error_destroy(error)
            return
        }
        let deadline = ContinuousClock.now + Self.leaveGroupTimeout
        while rd_kafka_consumer_closed(kafka.handle) == 0 && ContinuousClock.now < deadline {
            _ = rd_kafka_queue_poll_callback(queue, 100)
        }
    }

    /// Sends one commit for the highest offset per partition among `requests`.
    private func send(_ requests: [CommitRequest]) {
        let batch = CommitBatch(requests: requests)
        guard let list = rd_kafka_topic_partition_list_new(Int32(batch.offsets.count)) else {
            state.fail(requests, with: KafkaError(kind: .commitFailed, context: state.context, detail: "out of memory"))
            return
        }
        defer { rd_kafka_topic_partition_list_destroy(list) }
        for (key, next) in batch.offsets {
            rd_kafka_topic_partition_list_add(list, key.topic, key.partition)?.pointee.offset = next
        }
        let opaque = Unmanaged.passRetained(batch).toOpaque()
        let code = rd_kafka_commit_queue(kafka.handle, list, kafka.commitQueue, kafkaCommitCallback, opaque)
        guard code == RD_KAFKA_RESP_ERR_NO_ERROR else {
            Unmanaged<CommitBatch>.fromOpaque(opaque).release()
            state.fail(
                requests,
                with: KafkaError(
                    kind: .commitFailed,
                    code: code.rawValue,
                    codeName: KafkaError.name(of: code),
                    context: state.context,
                    detail: KafkaError.text(of: code)
                )
            )
            return
        }
        inFlight += 1
    }

    /// A record, or an error librdkafka reports in a message (unknown topic, fetch failure).
    private func receive(_ message: UnsafeMutablePointer<rd_kafka_message_t>) {
        let m = message.pointee
        guard m.err == RD_KAFKA_RESP_ERR_NO_ERROR else {
            guard m.err != RD_KAFKA_RESP_ERR__PARTITION_EOF else {
                let topic = m.rkt.flatMap { rd_kafka_topic_name($0) }.map { String(cString: $0) } ?? state.topic
                state.noteEnd(topic: topic, partition: m.partition)
                return
            }
            let text = rd_kafka_message_errstr(message).map { String(cString: $0) } ?? KafkaError.text(of: m.err)
            state.note(KafkaError(code: m.err, context: state.context, detail: text))
            return
        }
        var kind = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
        let timestamp = rd_kafka_message_timestamp(message, &kind)
        let available = kind != RD_KAFKA_TIMESTAMP_NOT_AVAILABLE && timestamp >= 0
        state.deliver(
            KafkaRecord(
                topic: m.rkt.flatMap { rd_kafka_topic_name($0) }.map { String(cString: $0) } ?? state.topic,
                partition: m.partition,
                offset: m.offset,
                key: m.key.map { Array(UnsafeRawBufferPointer(start: $0, count: m.key_len)) },
                value: m.payload.map { Array(UnsafeRawBufferPointer(start: $0, count: m.len)) } ?? [],
                timestampMilliseconds: available ? timestamp : nil,
                timestampKind: available
                    ? (kind == RD_KAFKA_TIMESTAMP_LOG_APPEND_TIME ? .logAppendTime : .createTime) : nil
            )
        )
    }
}
