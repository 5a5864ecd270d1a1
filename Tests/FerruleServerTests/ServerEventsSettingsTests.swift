import FerruleCore
import FerruleServer
import FerruleTestSupport
import Foundation
import Kafka
import Testing

/// The `events:` section of the server configuration: the PON event consumer `ferrule serve`
/// hosts, with what `ferrule events run` takes as flags.
@Suite struct ServerEventsSettingsTests {
    static let base = ServerConfiguration(stateDirectory: "/tmp")

    /// Reads `text` over the defaults (and `environment`).
    static func read(_ text: String, environment: [String: String] = [:]) -> (ServerConfiguration, [String]) {
        var reader = ServerConfigurationReader(file: "serve.yaml")
        let configuration = reader.read(text, over: ServerEnvironment.base(environment), environment: environment)
        return (configuration, reader.diagnostics.sorted.map(\.description))
    }

    @Test("every key of events: is read, a ${secret:NAME} property resolved from the environment")
    func readsEverything() throws {
        let (configuration, problems) = Self.read(
            """
            events:
              tenant: acme
              brokers: kafka-1:9092,kafka-2:9093
              topic: voltha.events.lab
              group: ferrule-lab
              properties:
                security.protocol: SASL_SSL
                sasl.password: ${secret:KAFKA_PASSWORD}
              rules: /etc/ferrule/Provisions
              env: prod
              vars: [/etc/ferrule/a.yaml, /etc/ferrule/b.yaml]
              reconcile: {voltha: "voltha-lab:55555", tls: true, interval_seconds: 0}
              standby_seconds: 2.5
            """,
            environment: ["FERRULE_SECRET_KAFKA_PASSWORD": "s3cret"]
        )
        #expect(problems.isEmpty, "\(problems)")
        let events = try #require(configuration.events)
        #expect(events.tenant == "acme" && events.brokers == "kafka-1:9092,kafka-2:9093")
        #expect(events.topic == "voltha.events.lab" && events.group == "ferrule-lab")
        #expect(
            events.properties == [
                KafkaProperty(key: "security.protocol", value: "SASL_SSL"),
                KafkaProperty(key: "sasl.password", value: "s3cret"),
            ]
        )
        #expect(events.rules == ["/etc/ferrule/Provisions"] && events.environment == "prod")
        #expect(events.variableFiles == ["/etc/ferrule/a.yaml", "/etc/ferrule/b.yaml"])
        #expect(events.reconcile && events.reconcileVoltha == "voltha-lab:55555" && events.reconcileTLS)
        #expect(events.reconcileIntervalSeconds == 0 && events.standbySeconds == 2.5)
        let kafka = try events.kafkaConfiguration()
        #expect(kafka.context == "kafka-1:9092,kafka-2:9093 topic voltha.events.lab group ferrule-lab")
        #expect(!kafka.description.contains("s3cret"), "\(kafka.description)")
        #expect(events.location.description == "serve.yaml:1:1")
    }

    @Test(
        "misspelt keys, a missing broker list, a Ferrule-owned property and a missing secret are errors at file:line:col"
    )
    func rejects() {
        let (configuration, problems) = Self.read(
            """
            events:
              brokres: kafka:9092
              properties: {group.id: mine, sasl.password: "${secret:NOPE}"}
              reconcile: {intervall_seconds: 5}
            """
        )
        #expect(configuration.events == nil)
        #expect(
            problems.contains {
                $0.hasPrefix("serve.yaml:2:3: error[unknown-key]") && $0.contains("did you mean \"brokers\"")
            },
            "\(problems)"
        )
        #expect(problems.contains { $0.hasPrefix("serve.yaml:1:1: error[missing-field]: events needs brokers") })
        #expect(problems.contains { $0.hasPrefix("serve.yaml:3:16: error") && $0.contains("use events.group") })
        #expect(problems.contains { $0.hasPrefix("serve.yaml:4:15: error[unknown-key]") })
        #expect(problems.contains { $0.contains("secret \"NOPE\" has no value") })
    }

    @Test("events.reconcile takes a tenant voltha's connection keys: ca_file (read now) and timeout_seconds (1-600)")
    func reconcileConnection() throws {
        let (configuration, problems) = Self.read(
            """
            events:
              brokers: kafka:9092
              reconcile: {voltha: "voltha-lab:55555", timeout_seconds: 90}
            """
        )
        #expect(problems.isEmpty, "\(problems)")
        #expect(configuration.events?.reconcileTimeoutSeconds == 90 && configuration.events?.reconcileCAFile == nil)
        let (_, refused) = Self.read(
            """
            events:
              brokers: kafka:9092
              reconcile: {voltha: "voltha-lab:55555", timeout_seconds: 0, ca_file: /nonexistent/ca.pem}
            """
        )
        #expect(
            refused.contains { $0.hasPrefix("serve.yaml:3:") && $0.contains("events.reconcile.timeout_seconds") },
            "\(refused)"
        )
        #expect(refused.contains { $0.contains("events.reconcile.ca_file") }, "\(refused)")
    }

    @Test("FERRULE_KAFKA_BROKERS alone hosts a consumer; the file's events: keys win over the environment's")
    func environment() throws {
        let environment = [
            "FERRULE_KAFKA_BROKERS": "env-kafka:9092", "FERRULE_KAFKA_GROUP": "env-group",
            "FERRULE_EVENTS_RULES": "/a:/b",
        ]
        let fromEnvironment = try #require(ServerEnvironment.base(environment).events)
        #expect(fromEnvironment.brokers == "env-kafka:9092" && fromEnvironment.group == "env-group")
        #expect(fromEnvironment.rules == ["/a", "/b"])
        let (configuration, problems) = Self.read("events: {group: file-group}\n", environment: environment)
        #expect(problems.isEmpty, "\(problems)")
        #expect(configuration.events?.brokers == "env-kafka:9092" && configuration.events?.group == "file-group")
        #expect(ServerEnvironment.base([:]).events == nil)
    }

    @Test(
        "--check-config: an unknown tenant, a property librdkafka refuses, rules without a GenieACS and their own errors"
    )
    func checks() throws {
        let directory = try Scratch.directory([
            "rules/bad.yaml":
                "rules:\n  - name: on-up\n    on: voltha.onu_activatd\n    actions:\n      - tag: {add: [x]}\n",
            "serve.yaml": """
            tenants:
              acme: {}
            events:
              tenant: globex
              brokers: 127.0.0.1:9092
            """,
            "serve2.yaml": """
            tenants:
              acme: {}
            events:
              brokers: 127.0.0.1:9092
              properties: {no.such.property: "1"}
              rules: RULES
            """,
        ])
        let (_, unknownTenant) = ServerConfiguration.load(file: directory + "/serve.yaml", environment: [:]) {
            $0.stateDirectory = directory
        }
        #expect(
            unknownTenant.sorted.map(\.description).contains {
                $0.hasPrefix(
                    directory + "/serve.yaml:3:1: error[bad-value]: events.tenant \"globex\" is not a configured tenant"
                )
            },
            "\(unknownTenant.sorted)"
        )
        let second = directory + "/serve2.yaml"
        let text = try String(contentsOfFile: second, encoding: .utf8)
        try text.replacingOccurrences(of: "RULES", with: directory + "/rules").write(
            toFile: second,
            atomically: true,
            encoding: .utf8
        )
        let (_, diagnostics) = ServerConfiguration.load(file: second, environment: [:]) {
            $0.stateDirectory = directory
        }
        let lines = diagnostics.sorted.map(\.description)
        #expect(
            lines.contains {
                $0.hasPrefix(second + ":5:16: error[bad-value]: events: ") && $0.contains("no.such.property")
            },
            "librdkafka's refusal points at the property's own key: \(lines)"
        )
        #expect(lines.contains { $0.contains("events.rules: trigger actions go to tenant acme's GenieACS") })
        #expect(lines.contains { $0.hasPrefix(directory + "/rules/bad.yaml:3:") }, "the rule's own location: \(lines)")
    }
}
