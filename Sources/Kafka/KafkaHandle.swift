import CRdKafka

/// A librdkafka consumer handle (`rd_kafka_t`) subscribed to its topics, with the queues the poll
/// thread serves: the consumer queue (records, rebalances), the main queue (errors, statistics)
/// and a queue of our own for commit results.
///
/// `@unchecked Sendable`: the handle and its queues are used only by the poll thread, except
/// ``yieldConsumerQueue()`` (`rd_kafka_queue_yield` is thread-safe), which ``ConsumerState`` calls
/// only while the handle is attached, i.e. before the poll thread destroys it.
final class KafkaHandle: @unchecked Sendable {
    let handle: OpaquePointer
    let consumerQueue: OpaquePointer
    let mainQueue: OpaquePointer
    let commitQueue: OpaquePointer
    /// The state the callbacks report to (their opaque pointer): kept alive as long as the handle.
    let state: ConsumerState

    /// Creates the consumer and subscribes to `configuration.topics`.
    init(configuration: KafkaConfiguration, state: ConsumerState) throws(KafkaError) {
        let native = try KafkaNativeConfiguration(configuration)
        let opaque = Unmanaged.passUnretained(state).toOpaque()
        rd_kafka_conf_set_opaque(native.conf, opaque)
        rd_kafka_conf_set_error_cb(native.conf, kafkaErrorCallback)
        rd_kafka_conf_set_stats_cb(native.conf, kafkaStatisticsCallback)
        rd_kafka_conf_set_rebalance_cb(native.conf, kafkaRebalanceCallback)
        rd_kafka_conf_set_log_cb(native.conf, kafkaLogCallback)

        var message = [CChar](repeating: 0, count: 512)
        guard let handle = rd_kafka_new(RD_KAFKA_CONSUMER, native.conf, &message, message.count) else {
            native.destroy()
            let text = message.withUnsafeBufferPointer { $0.baseAddress.map { String(cString: $0) } ?? "" }
            throw KafkaError(kind: .configuration, context: configuration.context, detail: state.scrub(text))
        }
        guard let consumerQueue = rd_kafka_queue_get_consumer(handle),
            let mainQueue = rd_kafka_queue_get_main(handle),
            let commitQueue = rd_kafka_queue_new(handle)
        else {
            rd_kafka_destroy(handle)
            throw KafkaError(kind: .other, context: configuration.context, detail: "cannot create librdkafka's queues")
        }
        self.handle = handle
        self.consumerQueue = consumerQueue
        self.mainQueue = mainQueue
        self.commitQueue = commitQueue
        self.state = state
        // Errors, statistics and commit results arrive on queues the consumer poll does not
        // serve: their arrival wakes the poll thread.
        rd_kafka_queue_cb_event_enable(mainQueue, kafkaQueueEventCallback, UnsafeMutableRawPointer(consumerQueue))
        rd_kafka_queue_cb_event_enable(commitQueue, kafkaQueueEventCallback, UnsafeMutableRawPointer(consumerQueue))

        guard let topics = rd_kafka_topic_partition_list_new(Int32(configuration.topics.count)) else {
            destroy()
            throw KafkaError(kind: .other, context: configuration.context, detail: "librdkafka is out of memory")
        }
        defer { rd_kafka_topic_partition_list_destroy(topics) }
        for topic in configuration.topics { _ = rd_kafka_topic_partition_list_add(topics, topic, -1) }
        let subscribed = rd_kafka_subscribe(handle, topics)
        guard subscribed == RD_KAFKA_RESP_ERR_NO_ERROR else {
            destroy()
            throw KafkaError(
                code: subscribed,
                context: configuration.context,
                detail: "cannot subscribe: \(KafkaError.text(of: subscribed))"
            )
        }
    }

    /// Wakes a blocked `rd_kafka_consumer_poll` (thread-safe).
    func yieldConsumerQueue() { rd_kafka_queue_yield(consumerQueue) }

    /// Stops the wakeups and frees the queues and the handle (poll thread, after leaving the
    /// group; a close that ran out of time is not attempted again here).
    func destroy() {
        rd_kafka_queue_cb_event_enable(mainQueue, nil, nil)
        rd_kafka_queue_cb_event_enable(commitQueue, nil, nil)
        rd_kafka_queue_destroy(commitQueue)
        rd_kafka_queue_destroy(mainQueue)
        rd_kafka_queue_destroy(consumerQueue)
        rd_kafka_destroy_flags(handle, RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE)
    }
}
