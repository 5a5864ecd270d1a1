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
              reconcile: {voltha: "voltha-lab:55555", tls: true, interval_seconds: 0, software_budget_seconds: 15}
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
        #expect(events.reconcileSoftwareBudgetSeconds == 15)
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

    @Test("events.reconcile.software_budget_seconds is 60 by default and 1-3600")
    func softwareBudget() {
        let (defaults, _) = Self.read("events: {brokers: \"kafka:9092\"}\n")
        #expect(defaults.events?.reconcileSoftwareBudgetSeconds == 60)
        let (_, refused) = Self.read(
            """
            events:
              brokers: kafka:9092
              reconcile: {software_budget_seconds: 0}
            """
        )
        #expect(
            refused.contains {
                $0.hasPrefix("serve.yaml:3:") && $0.contains("events.reconcile.software_budget_seconds")
            },
            "\(refused)"
        )
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

/// `events.onos`: the hosted consumer reads ONOS's kafka-onos topics too, as `ferrule events run
/// --onos [--onos-topics LIST]`; a rule only on `onos.*` triggers without it is refused.
@Suite struct ServerEventsONOSSettingsTests {
    @Test("onos: true reads kafka-onos's three topics; {topics: […]} names them; the summary lists every topic")
    func readsONOS() throws {
        let (on, problems) = ServerEventsSettingsTests.read("events: {brokers: k:9092, onos: true}\n")
        #expect(problems.isEmpty, "\(problems)")
        let events = try #require(on.events)
        #expect(events.onosTopics == ["onu.events", "authentication.events", "dhcp.events"])
        #expect(try events.kafkaConfiguration().topics == ["voltha.events"])
        #expect(
            events.summary(in: on).hasPrefix(
                "consuming k:9092 topics voltha.events,onu.events,authentication.events,dhcp.events group ferrule"
            ),
            "\(events.summary(in: on))"
        )
        let (named, _) = ServerEventsSettingsTests.read("events: {brokers: k:9092, onos: {topics: [a.b, c]}}\n")
        #expect(named.events?.onosTopics == ["a.b", "c"])
        let (off, _) = ServerEventsSettingsTests.read("events: {brokers: k:9092, onos: false}\n")
        #expect(off.events?.onosTopics == [])
        let (none, _) = ServerEventsSettingsTests.read("events: {brokers: k:9092}\n")
        #expect(
            none.events?.onosTopics == [] && none.events?.summary(in: none).contains("topic voltha.events ") == true
        )
        let environment = ["FERRULE_KAFKA_BROKERS": "k:9092", "FERRULE_KAFKA_ONOS_TOPICS": "onu.events, dhcp.events"]
        #expect(ServerEnvironment.base(environment).events?.onosTopics == ["onu.events", "dhcp.events"])
    }

    @Test("a bad topic name, an unknown key, no topics and VOLTHA's own topic are errors at file:line:col")
    func rejectsONOS() throws {
        let (_, problems) = ServerEventsSettingsTests.read(
            """
            events:
              brokers: k:9092
              onos: {topics: ["bad topic"], topic: x}
            """
        )
        #expect(
            problems.contains { $0.hasPrefix("serve.yaml:3:18: error[bad-value]: events.onos.topics \"bad topic\"") },
            "\(problems)"
        )
        #expect(problems.contains { $0.hasPrefix("serve.yaml:3:33: error[unknown-key]") }, "\(problems)")
        let (_, empty) = ServerEventsSettingsTests.read("events:\n  brokers: k:9092\n  onos: {topics: []}\n")
        #expect(empty.contains { $0.contains("events.onos.topics names no topic") }, "\(empty)")
        let (_, notBool) = ServerEventsSettingsTests.read("events:\n  brokers: k:9092\n  onos: sometimes\n")
        #expect(notBool.contains { $0.hasPrefix("serve.yaml:3:9: error") }, "\(notBool)")

        let directory = try Scratch.directory([
            "serve.yaml": "events: {brokers: k:9092, onos: {topics: [voltha.events]}}\n"
        ])
        let (_, clash) = ServerConfiguration.load(file: directory + "/serve.yaml", environment: [:]) {
            $0.stateDirectory = directory
        }
        #expect(
            clash.sorted.map(\.description).contains {
                $0.contains("events.onos.topics \"voltha.events\"") && $0.contains("VOLTHA's topic")
            },
            "\(clash.sorted)"
        )
    }

    @Test(
        "a rule only on onos.* triggers without events.onos: error[no-event-source] at its on:; with onos.* and more, a warning"
    )
    func noEventSource() throws {
        let rules = """
            rules:
              - name: got-ip
                on: onos.dhcp_acked
                actions: [{tag: {add: [x]}}]
              - name: both
                on: [voltha.onu_activated, onos.uni_added]
                actions: [{tag: {add: [y]}}]
            """
        let directory = try Scratch.directory([
            "rules/onos.yaml": rules,
            "off.yaml":
                "tenants:\n  acme: {genieacs: {url: \"http://acs:7557\"}}\nevents: {brokers: k:9092, rules: RULES}\n",
            "on.yaml":
                "tenants:\n  acme: {genieacs: {url: \"http://acs:7557\"}}\nevents: {brokers: k:9092, rules: RULES, onos: true}\n",
        ])
        for name in ["off.yaml", "on.yaml"] {
            let path = directory + "/" + name
            let text = try String(contentsOfFile: path, encoding: .utf8)
            try text.replacingOccurrences(of: "RULES", with: directory + "/rules").write(
                toFile: path,
                atomically: true,
                encoding: .utf8
            )
        }
        let (_, off) = ServerConfiguration.load(file: directory + "/off.yaml", environment: [:]) {
            $0.stateDirectory = directory
        }
        let lines = off.sorted.map(\.description)
        let rulesFile = directory + "/rules/onos.yaml"
        #expect(
            lines.contains {
                $0.hasPrefix(rulesFile + ":3:9: error[no-event-source]: rule got-ip: onos.dhcp_acked")
                    && $0.contains("set events.onos: true")
            },
            "\(lines)"
        )
        #expect(lines.contains { $0.hasPrefix(rulesFile + ":6:9: warning[no-event-source]: rule both") }, "\(lines)")
        let (_, on) = ServerConfiguration.load(file: directory + "/on.yaml", environment: [:]) {
            $0.stateDirectory = directory
        }
        #expect(!on.sorted.contains { $0.code.rawValue == "no-event-source" }, "\(on.sorted)")
    }

    @Test(
        "--check-config: a trigger rule's secret the tenant's secrets_file does not give is an error at the rule (missing-secret); given, none"
    )
    func missingSecret() throws {
        let rules = """
            rules:
              - name: notify
                on: voltha.onu_activated
                actions:
                  - webhook: {url: "https://hooks.example/x?token=${secret:HOOK_TOKEN}"}
            """
        let directory = try Scratch.directory([
            "rules/notify.yaml": rules,
            "acme.env": "HOOK_TOKEN=s3cret-value\n",
            "none.yaml":
                "tenants:\n  acme: {genieacs: {url: \"http://acs:7557\"}}\nevents: {brokers: k:9092, rules: RULES}\n",
            "given.yaml":
                "tenants:\n  acme: {genieacs: {url: \"http://acs:7557\"}, secrets_file: ENV}\n"
                + "events: {brokers: k:9092, rules: RULES}\n",
        ])
        for name in ["none.yaml", "given.yaml"] {
            let path = directory + "/" + name
            let text = try String(contentsOfFile: path, encoding: .utf8)
            try text.replacingOccurrences(of: "RULES", with: directory + "/rules")
                .replacingOccurrences(of: "ENV", with: directory + "/acme.env")
                .write(toFile: path, atomically: true, encoding: .utf8)
        }
        let (_, none) = ServerConfiguration.load(file: directory + "/none.yaml", environment: [:]) {
            $0.stateDirectory = directory
        }
        let lines = none.sorted.map(\.description)
        #expect(
            lines.contains {
                $0.hasPrefix(directory + "/rules/notify.yaml:5:")
                    && $0.contains("error[missing-secret]: rule notify uses ${secret:HOOK_TOKEN}")
                    && $0.contains("tenants.acme.secrets_file")
            },
            "\(lines)"
        )
        let (_, given) = ServerConfiguration.load(file: directory + "/given.yaml", environment: [:]) {
            $0.stateDirectory = directory
        }
        #expect(!given.sorted.contains { $0.code.rawValue == "missing-secret" }, "\(given.sorted)")
        #expect(!given.sorted.map(\.description).joined().contains("s3cret-value"))
    }
}
