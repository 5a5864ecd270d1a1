import CRdKafka

extension KafkaError {
    /// An error for librdkafka's `code` with its text `detail`, its kind chosen from the code.
    init(code: rd_kafka_resp_err_t, context: String, detail: String) {
        self.init(
            kind: Kind(code: code),
            code: code.rawValue,
            codeName: rd_kafka_err2name(code).map { String(cString: $0) } ?? "",
            context: context,
            detail: detail
        )
    }

    /// librdkafka's own text for `code` (`rd_kafka_err2str`).
    static func text(of code: rd_kafka_resp_err_t) -> String {
        rd_kafka_err2str(code).map { String(cString: $0) } ?? "error \(code.rawValue)"
    }
}

extension KafkaError.Kind {
    /// The kind of librdkafka's error `code` (rdkafka.h, `rd_kafka_resp_err_t`).
    init(code: rd_kafka_resp_err_t) {
        switch code {
        case RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN:
            self = .brokerDown
        case RD_KAFKA_RESP_ERR__TRANSPORT, RD_KAFKA_RESP_ERR__RESOLVE, RD_KAFKA_RESP_ERR__SSL,
            RD_KAFKA_RESP_ERR__TIMED_OUT:
            self = .transport
        case RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART, RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC,
            RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION:
            self = .unknownTopic
        case RD_KAFKA_RESP_ERR__AUTHENTICATION, RD_KAFKA_RESP_ERR_SASL_AUTHENTICATION_FAILED,
            RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED, RD_KAFKA_RESP_ERR_GROUP_AUTHORIZATION_FAILED,
            RD_KAFKA_RESP_ERR_CLUSTER_AUTHORIZATION_FAILED:
            self = .authentication
        case RD_KAFKA_RESP_ERR__FATAL:
            self = .fatal
        case RD_KAFKA_RESP_ERR__DESTROY:
            self = .closed
        default:
            self = .other
        }
    }
}

extension KafkaError {
    /// librdkafka's name for `code` (`rd_kafka_err2name`).
    static func name(of code: rd_kafka_resp_err_t) -> String {
        rd_kafka_err2name(code).map { String(cString: $0) } ?? ""
    }
}
