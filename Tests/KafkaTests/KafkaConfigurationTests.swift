import Testing

@testable import Kafka

@Suite("Kafka configuration")
struct KafkaConfigurationTests {
    @Test("brokers, topic and group parse from the command line, with VOLTHA's topic by default")
    func parsesCommandLine() throws {
        let configuration = try KafkaConfiguration.parse(
            brokers: "kafka-1:9092, [fd00::1]:9093,SASL_SSL://kafka-3.example:9094",
            topic: nil,
            group: "ferrule-prod",
            properties: ["session.timeout.ms=6000", "socket.keepalive.enable=true"]
        )
        #expect(
            configuration.brokers.map(\.description) == [
                "kafka-1:9092", "[fd00::1]:9093", "SASL_SSL://kafka-3.example:9094",
            ]
        )
        #expect(configuration.topic == "voltha.events")
        #expect(configuration.groupID == "ferrule-prod")
        #expect(
            configuration.properties == [
                KafkaProperty(key: "session.timeout.ms", value: "6000"),
                KafkaProperty(key: "socket.keepalive.enable", value: "true"),
            ]
        )
        let native = Dictionary(configuration.librdkafkaProperties.map { ($0.key, $0.value) }) { _, last in last }
        #expect(native["bootstrap.servers"] == "kafka-1:9092,[fd00::1]:9093,SASL_SSL://kafka-3.example:9094")
        #expect(native["group.id"] == "ferrule-prod")
        #expect(native["enable.auto.commit"] == "false")
        #expect(native["enable.partition.eof"] == "true", "the consumer knows when it has caught up")
        #expect(native["auto.offset.reset"] == "earliest")
        #expect(native["session.timeout.ms"] == "6000")
        try configuration.validate()
    }

    @Test(
        "a broker address without a port, with a bad port or an empty entry is refused, naming it",
        arguments: [
            ("kafka-1", "no port"),
            ("kafka-1:0", "the port is not a number from 1 to 65535"),
            ("kafka-1:65536", "the port is not a number from 1 to 65535"),
            ("kafka-1:92a", "the port is not a number"),
            ("a:1,,b:2", "an empty broker address"),
            ("", "an empty broker address"),
            ("fd00::1:9092", "an IPv6 address must be in brackets"),
            ("http://kafka:9092", "unknown protocol \"http\""),
            ("kaf ka:9092", "a space, a control character"),
        ]
    )
    func refusesBadBrokers(text: String, reason: String) throws {
        let error = try #require(throws: KafkaError.self) {
            _ = try KafkaConfiguration.parse(brokers: text, topic: nil, group: nil, properties: [])
        }
        #expect(error.kind == .configuration)
        #expect(error.description.contains("--brokers"), "\(error)")
        #expect(error.description.contains(reason), "\(error)")
        #expect(error.description.contains("expected"), "\(error)")
    }

    @Test("a topic name Kafka would refuse is refused before anything is contacted")
    func refusesBadTopic() throws {
        for topic in ["", "voltha events", "..", String(repeating: "t", count: 250), "événements"] {
            let error = try #require(throws: KafkaError.self) {
                _ = try KafkaConfiguration.parse(brokers: "k:9092", topic: topic, group: nil, properties: [])
            }
            #expect(error.kind == .configuration)
            #expect(error.description.contains("a Kafka topic name is 1 to 249 characters"))
        }
    }

    @Test("the properties Ferrule owns cannot be overridden with -X, and the error says what to use")
    func refusesOwnedProperties() throws {
        let cases = [
            ("enable.auto.commit=true", "would lose events in a crash"),
            ("group.id=other", "use --group"),
            ("bootstrap.servers=x:1", "use --brokers"),
        ]
        for (argument, hint) in cases {
            let error = try #require(throws: KafkaError.self) {
                _ = try KafkaConfiguration.parse(brokers: "k:9092", topic: nil, group: nil, properties: [argument])
            }
            #expect(error.description.contains(hint), "\(error)")
        }
        let malformed = try #require(throws: KafkaError.self) {
            _ = try KafkaConfiguration.parse(
                brokers: "k:9092",
                topic: nil,
                group: nil,
                properties: ["session.timeout.ms"]
            )
        }
        #expect(malformed.description.contains("expected KEY=VALUE"))
    }

    @Test("secret property values never appear in descriptions or errors")
    func hidesSecrets() throws {
        let configuration = try KafkaConfiguration.parse(
            brokers: "k:9092",
            topic: nil,
            group: nil,
            properties: ["sasl.username=ferrule", "sasl.password=hunter2", "ssl.key.password=s3cr3t"]
        )
        let text = configuration.description
        #expect(text.contains("sasl.username=ferrule"))
        #expect(text.contains("sasl.password=***") && text.contains("ssl.key.password=***"))
        #expect(!text.contains("hunter2") && !text.contains("s3cr3t"))

        let refused = try #require(throws: KafkaError.self) {
            _ = try KafkaConfiguration.parse(brokers: "k:9092", topic: nil, group: nil, properties: ["sasl.password"])
        }
        #expect(!refused.description.contains("sasl.password\""))
        let quoted = KafkaNativeConfiguration.redacted(
            "Invalid value \"hunter2\" for configuration property \"sasl.password\"",
            hiding: KafkaProperty(key: "sasl.password", value: "hunter2")
        )
        #expect(quoted == "Invalid value \"***\" for configuration property \"sasl.password\"")

        // A secret under a misspelt key is refused by librdkafka, and its value is not printed.
        let misspelt = try #require(throws: KafkaError.self) {
            try KafkaConfiguration.parse(
                brokers: "k:9092",
                topic: nil,
                group: nil,
                properties: ["sasl.pasword=Hunter2Secret!"]
            ).validate()
        }
        #expect(misspelt.description.contains("-X sasl.pasword=***"), "\(misspelt)")
        #expect(!misspelt.description.contains("Hunter2"), "\(misspelt)")
    }

    @Test("librdkafka checks property names and values; its message names the property")
    func librdkafkaValidates() throws {
        let unknown = try #require(throws: KafkaError.self) {
            try KafkaConfiguration.parse(brokers: "k:9092", topic: nil, group: nil, properties: ["no.such.thing=1"])
                .validate()
        }
        #expect(unknown.kind == .configuration)
        #expect(unknown.description.contains("-X no.such.thing=***"))
        #expect(unknown.description.contains("No such configuration property"))

        let invalid = try #require(throws: KafkaError.self) {
            try KafkaConfiguration.parse(
                brokers: "k:9092",
                topic: nil,
                group: nil,
                properties: ["auto.offset.reset=sometimes"]
            ).validate()
        }
        #expect(invalid.description.contains("Invalid value \"***\" for configuration property \"auto.offset.reset\""))
        // The refused value is not repeated: the key may be a secret's misspelt name.
        #expect(!invalid.description.contains("sometimes"))
    }
}

@Suite("librdkafka's own texts are shown without configured values")
struct KafkaTextScrubberTests {
    @Test("a SASL mechanism librdkafka lacks is refused by validate (as the consumer would be), the value hidden")
    func unsupportedMechanismRefused() throws {
        // A secret put under the wrong key by mistake (`sasl.mechanism: ${secret:…}`).
        let configuration = try KafkaConfiguration.parse(
            brokers: "127.0.0.1:1",
            topic: nil,
            group: nil,
            properties: ["security.protocol=SASL_PLAINTEXT", "sasl.mechanism=TopSecretValue123"]
        )
        let refused = try #require(throws: KafkaError.self) { try configuration.validate() }
        #expect(refused.kind == .configuration, "\(refused)")
        #expect(refused.description.contains("***"), "\(refused)")
        #expect(!refused.description.contains("TopSecretValue123"), "\(refused)")
    }

    @Test("a secret's words and any long value are hidden; short ordinary values are kept")
    func scrubs() {
        let scrub = KafkaTextScrubber([
            KafkaProperty(key: "sasl.oauthbearer.config", value: "clientId=ferrule clientSecret=TopSecretValue123"),
            KafkaProperty(key: "sasl.mechanism", value: "MySecretMechanism"),
            KafkaProperty(key: "client.id", value: "abc"),
        ])
        #expect(
            scrub("Unrecognized sasl.oauthbearer.config beginning at: clientSecret=TopSecretValue123")
                == "Unrecognized sasl.oauthbearer.config beginning at: ***=***"
        )
        #expect(scrub("Unsupported SASL mechanism: MySecretMechanism") == "Unsupported SASL mechanism: ***")
        #expect(scrub("client abc connected") == "client abc connected")
    }
}
