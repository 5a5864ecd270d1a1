import FerruleCore

/// What went wrong talking to Kafka: the kind callers act on, librdkafka's code and text, and where.
///
/// The description is one line: where (brokers, topic, group), what failed, what to do next, and
/// librdkafka's own words with its error name:
///
/// ```text
/// kafka 127.0.0.1:9 topic voltha.events group ferrule: no broker is reachable; is Kafka running
/// and reachable from here? librdkafka reconnects by itself (1/1 brokers are down) [_ALL_BROKERS_DOWN]
/// ```
///
/// Secrets never appear: configuration values of secret properties (``KafkaProperty/isSecret``)
/// are replaced by `***` before an error is built.
public struct KafkaError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The closed set of failures callers act on.
    public enum Kind: String, Sendable, Hashable {
        /// A flag, a `-X key=value` property or the topic name is wrong: fix the command line.
        case configuration
        /// No broker is reachable (librdkafka's `_ALL_BROKERS_DOWN`); librdkafka keeps retrying.
        case brokerDown
        /// One connection failed (refused, reset, name resolution, TLS handshake); librdkafka retries.
        case transport
        /// The topic does not exist on the cluster (yet): VOLTHA's core creates `voltha.events` at start.
        case unknownTopic
        /// SASL or TLS authentication failed, or the principal may not read the topic or join the group.
        case authentication
        /// The broker did not confirm a commit: the record will be delivered again.
        case commitFailed
        /// librdkafka raised a fatal error: the consumer is unusable and must be recreated.
        case fatal
        /// The consumer was closed.
        case closed
        /// The waiting task was cancelled.
        case cancelled
        /// Anything else librdkafka reports.
        case other
    }

    /// What kind of failure this is.
    public var kind: Kind
    /// librdkafka's `rd_kafka_resp_err_t`, 0 when the failure did not come from librdkafka.
    public var code: Int32
    /// librdkafka's name for `code` (`_ALL_BROKERS_DOWN`, `UNKNOWN_TOPIC_OR_PART`), empty when `code` is 0.
    public var codeName: String
    /// Where: `brokers … topic … group …`, or the flag or property concerned.
    public var context: String
    /// librdkafka's text, or ours, control characters escaped and shortened.
    public var detail: String
    /// The property concerned (`sasl.mechanism`) when one was refused, so a configuration file's
    /// diagnostic can point at its line; nil otherwise.
    public var property: String?

    /// An error of `kind` at `context` with `detail`, about `property` when one was refused.
    public init(
        kind: Kind,
        code: Int32 = 0,
        codeName: String = "",
        context: String,
        detail: String,
        property: String? = nil
    ) {
        self.kind = kind
        self.code = code
        self.codeName = codeName
        self.context = context
        self.detail = DisplayText.line(detail)
        self.property = property
    }

    public var description: String {
        let what: String
        switch kind {
        case .configuration: what = "invalid configuration"
        case .brokerDown:
            what = "no broker is reachable; is Kafka running and reachable from here? librdkafka reconnects by itself"
        case .transport: what = "a broker connection failed; librdkafka retries"
        case .unknownTopic:
            what = "the topic does not exist; check --topic (VOLTHA's core creates voltha.events when it starts)"
        case .authentication:
            what = "authentication or authorization failed; check the sasl.* / ssl.* properties and the broker's ACLs"
        case .commitFailed: what = "the broker did not confirm the commit; the record will be delivered again"
        case .fatal: what = "librdkafka raised a fatal error; the consumer must be restarted"
        case .closed: what = "the consumer is closed"
        case .cancelled: what = "cancelled"
        case .other: what = "librdkafka reported an error"
        }
        var text = "kafka \(context): \(what)"
        if !detail.isEmpty { text += " (\(detail))" }
        if !codeName.isEmpty { text += " [\(codeName)]" }
        return text
    }
}
