import CRdKafka
import FerruleJSON

// librdkafka's callbacks. They capture nothing (`@convention(c)`): the ConsumerState comes through
// the configuration's opaque pointer (rd_kafka_conf_set_opaque), unretained, which KafkaHandle keeps
// alive for as long as the handle. Error, statistics and rebalance callbacks run on the poll thread
// (served by rd_kafka_poll / rd_kafka_consumer_poll); the log and queue event callbacks run on
// librdkafka's own threads.

private func consumerState(_ opaque: UnsafeMutableRawPointer?) -> ConsumerState? {
    opaque.map { Unmanaged<ConsumerState>.fromOpaque($0).takeUnretainedValue() }
}

/// `error_cb`: a fatal error fails the consumer; the rest are states librdkafka recovers from.
let kafkaErrorCallback:
    @convention(c) (OpaquePointer?, Int32, UnsafePointer<CChar>?, UnsafeMutableRawPointer?) -> Void =
        { handle, code, reason, opaque in
            guard let state = consumerState(opaque) else { return }
            var error = rd_kafka_resp_err_t(rawValue: code)
            var text = state.scrub(reason.map { String(cString: $0) } ?? "")
            if error == RD_KAFKA_RESP_ERR__FATAL, let handle {
                var message = [CChar](repeating: 0, count: 512)
                error = rd_kafka_fatal_error(handle, &message, message.count)
                text = state.scrub(
                    message.withUnsafeBufferPointer { $0.baseAddress.map { String(cString: $0) } ?? text }
                )
                state.noteFatal(
                    KafkaError(
                        kind: .fatal,
                        code: error.rawValue,
                        codeName: KafkaError.name(of: error),
                        context: state.context,
                        detail: text
                    )
                )
                return
            }
            state.note(KafkaError(code: error, context: state.context, detail: text))
        }

/// `stats_cb`: broker connection states from librdkafka's statistics JSON (STATISTICS.md).
let kafkaStatisticsCallback:
    @convention(c) (OpaquePointer?, UnsafeMutablePointer<CChar>?, Int, UnsafeMutableRawPointer?) -> Int32 = {
        _,
        json,
        length,
        opaque in
        guard let state = consumerState(opaque), let json else { return 0 }
        let bytes = UnsafeRawBufferPointer(start: json, count: length)
        if let brokers = KafkaStatistics.brokerStates(Array(bytes)) {
            state.noteBrokers(up: brokers.up, total: brokers.total)
        }
        return 0  // librdkafka frees the JSON
    }

/// `rebalance_cb`: takes or gives up partitions (eager or cooperative, as the group's protocol says).
let kafkaRebalanceCallback:
    @convention(c) (
        OpaquePointer?, rd_kafka_resp_err_t, UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?,
        UnsafeMutableRawPointer?
    ) -> Void = { handle, code, partitions, opaque in
        guard let handle, let state = consumerState(opaque) else { return }
        let keys = partitionKeys(partitions)
        let cooperative = rd_kafka_rebalance_protocol(handle).map { String(cString: $0) } == "COOPERATIVE"
        switch code {
        case RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS:
            if let partitions, !state.startAtEnd.isEmpty {
                _ = startingAtEnd(handle, partitions, topics: state.startAtEnd)
            }
            if cooperative {
                if let failure = rd_kafka_incremental_assign(handle, partitions) { rd_kafka_error_destroy(failure) }
            } else {
                _ = rd_kafka_assign(handle, partitions)
            }
            state.noteAssigned(keys)
        default:
            // RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS, or an error: give everything up.
            if cooperative {
                if let failure = rd_kafka_incremental_unassign(handle, partitions) { rd_kafka_error_destroy(failure) }
            } else {
                _ = rd_kafka_assign(handle, nil)
            }
            state.noteRevoked(keys)
        }
    }

/// Sets the partitions of `topics` in `list` that the group has no committed offset for to start
/// at their end (``KafkaConfiguration/startAtEndWhenUncommitted``); returns them. When the
/// committed offsets cannot be read (10 s), nothing changes: librdkafka goes on from the committed
/// offset, or `auto.offset.reset`'s where there is none.
func startingAtEnd(
    _ handle: OpaquePointer,
    _ list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>,
    topics: Set<String>
) -> [PartitionKey] {
    guard let elements = list.pointee.elems,
        (0..<Int(list.pointee.cnt)).contains(where: { topics.contains(String(cString: elements[$0].topic)) }),
        let copy = rd_kafka_topic_partition_list_copy(list)
    else { return [] }
    defer { rd_kafka_topic_partition_list_destroy(copy) }
    guard rd_kafka_committed(handle, copy, 10_000) == RD_KAFKA_RESP_ERR_NO_ERROR, let committed = copy.pointee.elems,
        copy.pointee.cnt == list.pointee.cnt
    else { return [] }
    var moved: [PartitionKey] = []
    for index in 0..<Int(list.pointee.cnt) {
        let topic = String(cString: elements[index].topic)
        guard topics.contains(topic), committed[index].err == RD_KAFKA_RESP_ERR_NO_ERROR,
            committed[index].offset == Int64(RD_KAFKA_OFFSET_INVALID)
        else { continue }
        elements[index].offset = Int64(RD_KAFKA_OFFSET_END)
        moved.append(PartitionKey(topic: topic, partition: elements[index].partition))
    }
    return moved
}

/// `log_cb`: librdkafka's log lines to the configuration's handler, if any.
let kafkaLogCallback: @convention(c) (OpaquePointer?, Int32, UnsafePointer<CChar>?, UnsafePointer<CChar>?) -> Void = {
    handle,
    level,
    facility,
    text in
    guard let handle, let state = consumerState(rd_kafka_opaque(handle)), let logHandler = state.logHandler else {
        return
    }
    logHandler(
        KafkaLogMessage(
            level: Int(level),
            facility: facility.map { String(cString: $0) } ?? "",
            text: state.scrub(text.map { String(cString: $0) } ?? "")
        )
    )
}

/// Queue event callback (main and commit queues): an error, statistics or a commit result is
/// waiting, so wake the poll thread out of `rd_kafka_consumer_poll`. The opaque is the consumer
/// queue; librdkafka stops calling before the handle is destroyed (KafkaHandle.destroy).
let kafkaQueueEventCallback: @convention(c) (OpaquePointer?, UnsafeMutableRawPointer?) -> Void = { handle, opaque in
    guard let opaque else { return }
    rd_kafka_queue_yield(OpaquePointer(opaque))
    if let handle, let state = consumerState(rd_kafka_opaque(handle)) { state.signal() }
}

/// `rd_kafka_commit_queue`'s result callback: resolves the batch's requests (poll thread).
let kafkaCommitCallback:
    @convention(c) (
        OpaquePointer?, rd_kafka_resp_err_t, UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?,
        UnsafeMutableRawPointer?
    ) -> Void = { handle, code, partitions, opaque in
        guard let opaque else { return }
        let batch = Unmanaged<CommitBatch>.fromOpaque(opaque).takeRetainedValue()
        guard let handle, let state = consumerState(rd_kafka_opaque(handle)) else { return }
        var failure: rd_kafka_resp_err_t? =
            (code == RD_KAFKA_RESP_ERR_NO_ERROR || code == RD_KAFKA_RESP_ERR__NO_OFFSET) ? nil : code
        var where_ = ""
        if failure == nil, let partitions, let elements = partitions.pointee.elems {
            for index in 0..<Int(partitions.pointee.cnt) {
                let element = elements[index]
                if element.err != RD_KAFKA_RESP_ERR_NO_ERROR {
                    failure = element.err
                    where_ = "\(String(cString: element.topic))[\(element.partition)]: "
                    break
                }
            }
        }
        let error = failure.map { code in
            KafkaError(
                kind: .commitFailed,
                code: code.rawValue,
                codeName: KafkaError.name(of: code),
                context: state.context,
                detail: where_ + KafkaError.text(of: code)
            )
        }
        state.complete(batch, error: error)
    }

/// The topic partitions of a librdkafka list.
func partitionKeys(_ list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?) -> [PartitionKey] {
    guard let list, let elements = list.pointee.elems else { return [] }
    return (0..<Int(list.pointee.cnt)).map { index in
        PartitionKey(topic: String(cString: elements[index].topic), partition: elements[index].partition)
    }
}
