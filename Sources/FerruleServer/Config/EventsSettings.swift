public import FerruleCore
public import Kafka

/// The PON event consumer `ferrule serve` hosts (`events:` in the configuration): what
/// `ferrule events run` does on the command line, run beside the API.
///
/// ```yaml
/// events:
///   tenant: acme                      # whose event store, GenieACS and VOLTHA (default: the first tenant)
///   brokers: kafka-1:9092,kafka-2:9092
///   topic: voltha.events              # default voltha.events
///   group: ferrule                    # default ferrule
///   properties:                       # librdkafka properties (TLS, SASL), as `events run -X`
///     security.protocol: SASL_SSL
///     sasl.mechanism: SCRAM-SHA-512
///     sasl.username: ferrule
///     sasl.password: ${secret:KAFKA_PASSWORD}
///   rules: [/etc/ferrule/Provisions]  # `on: voltha.*` trigger rules; without them events are only recorded
///   env: prod                         # adds vars/prod.yaml from each rules directory
///   vars: [/etc/ferrule/site.yaml]
///   reconcile: {voltha: voltha:55555, interval_seconds: 600}   # default: the tenant's VOLTHA
///                                     # with voltha: also tls, ca_file, timeout_seconds (1-600, 30)
///   onos: true                        # also ONOS's kafka-onos topics; {topics: [onu.events, …]} names them
/// ```
///
/// The store is the tenant's `tenants/<tenant>/events.sqlite` under the state directory, the one
/// its alarms and events routes read; the storm thresholds are `pon.storm`, the ones the runner's
/// storm holds use.
public struct EventsSettings: Sendable, Hashable {
    /// The tenant whose store is filled and whose GenieACS receives the actions; nil: the first
    /// configured tenant.
    public var tenant: String?
    /// Bootstrap brokers, `HOST:PORT[,HOST:PORT…]`.
    public var brokers: String
    /// The topic; nil: `voltha.events`.
    public var topic: String?
    /// The consumer group id; nil: `ferrule`.
    public var group: String?
    /// librdkafka properties (secret values resolved from `${secret:NAME}`).
    public var properties: [KafkaProperty] = []
    /// Rule directories or files with trigger rules; empty records events only.
    public var rules: [String] = []
    /// The rules' environment (`vars/<env>.yaml`).
    public var environment: String?
    /// Extra variables files, later ones winning.
    public var variableFiles: [String] = []
    /// Whether to reconcile with VOLTHA's inventory (when a VOLTHA is known).
    public var reconcile = true
    /// VOLTHA's address for reconciliation (`host:port`); nil: the tenant's VOLTHA.
    public var reconcileVoltha: String?
    /// Whether ``reconcileVoltha`` is reached over TLS.
    public var reconcileTLS = false
    /// A PEM CA bundle to verify ``reconcileVoltha``'s certificate (implies TLS); nil: the system roots.
    public var reconcileCAFile: String?
    /// The deadline of each call to ``reconcileVoltha``, in seconds.
    public var reconcileTimeoutSeconds = 30
    /// Seconds between reconciliations while all is well (0: only at start and after outages).
    public var reconcileIntervalSeconds = 600
    /// Seconds one reconciliation may spend reading ONU software versions (`GetOnuImages`); the
    /// ONUs not read by then wait for the next pass (``VolthaReconciliation/softwareBudget``).
    public var reconcileSoftwareBudgetSeconds = 60
    /// Seconds between a standby's attempts to take the store's lease.
    public var standbySeconds = 10.0
    /// ONOS's kafka-onos topics read too, in the same group (`onos: true` gives
    /// `onu.events`, `authentication.events`, `dhcp.events`); empty: none, as `ferrule events run`
    /// without `--onos`.
    public var onosTopics: [String] = []
    /// Where the section was written (`events:` in the file, or the environment), for checks that
    /// need the whole configuration.
    public var location = SourceLocation(file: "environment")
    /// Where each of ``properties`` was written (its key), for a property librdkafka refuses.
    public var propertyLocations: [String: SourceLocation] = [:]

    /// A consumer of `brokers` with every default.
    public init(brokers: String) {
        self.brokers = brokers
    }

    /// The consumer configuration of VOLTHA's topic (``onosTopics`` are added by
    /// `EventConsumerSettings.consumerConfiguration`, which also decodes their records as ONOS's).
    ///
    /// - Throws: ``KafkaError`` (kind `configuration`) for a malformed broker list, topic, group,
    ///   ONOS topic (or one that is VOLTHA's topic) or a property Ferrule sets itself.
    public func kafkaConfiguration() throws(KafkaError) -> KafkaConfiguration {
        var configuration = try KafkaConfiguration.parse(brokers: brokers, topic: topic, group: group, properties: [])
        configuration.properties = properties
        try configuration.check()
        for name in onosTopics {
            if let problem = KafkaConfiguration.topicNameProblem(name) {
                throw KafkaError(
                    kind: .configuration,
                    context: "events.onos.topics \"\(DisplayText.value(name))\"",
                    detail: problem
                )
            }
            guard name != configuration.topic else {
                throw KafkaError(
                    kind: .configuration,
                    context: "events.onos.topics \"\(DisplayText.value(name))\"",
                    detail: "this is VOLTHA's topic (events.topic), whose records are binary event.Event: "
                        + "name ONOS's topics only"
                )
            }
        }
        return configuration
    }

    /// Where the consumer reads, as its start line says it: `BROKERS topic T group G`, or `topics
    /// T,A,B` with ONOS's topics.
    public func consumerContext() throws(KafkaError) -> String {
        var configuration = try kafkaConfiguration()
        configuration.additionalTopics = onosTopics
        return configuration.context
    }

    /// The tenant the consumer works for in `configuration`: ``tenant``, else the first one.
    public func tenantName(in configuration: ServerConfiguration) -> String? {
        tenant ?? configuration.tenants.first?.name
    }
}
