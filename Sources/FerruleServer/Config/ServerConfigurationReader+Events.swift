import FerruleCore
import Kafka
import PONEventIngest
import Yams

extension ServerConfigurationReader {
    static let eventsKeys = [
        "tenant", "brokers", "topic", "group", "properties", "rules", "env", "vars", "reconcile", "standby_seconds",
        "onos",
    ]

    /// `events:` (``EventsSettings``) over what the environment gave (`FERRULE_KAFKA_BROKERS` …).
    mutating func readEvents(_ key: YAMLNode, _ node: YAMLNode, into configuration: inout ServerConfiguration) {
        var brokers = configuration.events?.brokers
        var settings = configuration.events ?? EventsSettings(brokers: "")
        settings.location = location(key)
        for (name, value) in fields(node, what: "events", known: Self.eventsKeys) {
            let what = "events.\(name)"
            switch name {
            case "tenant": settings.tenant = nonEmptyText(value, what: what)
            case "brokers": brokers = nonEmptyText(value, what: what) ?? brokers
            case "topic": settings.topic = nonEmptyText(value, what: what)
            case "group": settings.group = nonEmptyText(value, what: what)
            case "properties":
                settings.properties = readKafkaProperties(value, locations: &settings.propertyLocations)
            case "rules": settings.rules = textList(value, what: what)
            case "env": settings.environment = nonEmptyText(value, what: what)
            case "vars": settings.variableFiles = textList(value, what: what)
            case "reconcile": readReconcile(value, into: &settings)
            case "onos": readONOS(value, into: &settings)
            default: settings.standbySeconds = number(value, what: what, range: 1...3600) ?? settings.standbySeconds
            }
        }
        guard let brokers else {
            error(
                key,
                .missingField,
                "events needs brokers (HOST:PORT[,HOST:PORT…]), or FERRULE_KAFKA_BROKERS in the environment"
            )
            return
        }
        settings.brokers = brokers
        configuration.events = settings
    }

    /// `properties: {key: value, …}`: each value as text, `${secret:NAME}` resolved later.
    private mutating func readKafkaProperties(
        _ node: YAMLNode,
        locations propertyLocations: inout [String: SourceLocation]
    ) -> [KafkaProperty] {
        guard let pairs = mapping(node, what: "events.properties (librdkafka property: value)") else { return [] }
        var properties: [KafkaProperty] = []
        for (keyNode, value) in pairs {
            guard let key = scalarText(keyNode, what: "a librdkafka property name") else { continue }
            if let instead = KafkaConfiguration.ownedProperties[key] {
                let hint = instead.hasPrefix("use --") ? "use events.\(instead.dropFirst(6))" : instead
                error(keyNode, .badValue, "events.properties.\(DisplayText.value(key)) is set by Ferrule", hint: hint)
                continue
            }
            guard let text = scalarText(value, what: "events.properties.\(key)") else { continue }
            let index = properties.count
            properties.append(KafkaProperty(key: key, value: text))
            propertyLocations[key] = location(keyNode)
            if !SecretPlaceholder.names(in: text).isEmpty {
                pendingSecrets.append(
                    (
                        value, text,
                        { configuration, resolved in configuration.events?.properties[index].value = resolved }
                    )
                )
            }
        }
        return properties
    }

    /// `reconcile: false`, or `reconcile: {voltha: host:port, tls: false, ca_file: FILE,
    /// timeout_seconds: 30, interval_seconds: 600, software_budget_seconds: 60}` (the connection
    /// keys as a tenant's `voltha`).
    private mutating func readReconcile(_ node: YAMLNode, into settings: inout EventsSettings) {
        if node.scalar != nil {
            settings.reconcile = bool(node, what: "events.reconcile") ?? settings.reconcile
            return
        }
        let known = ["voltha", "tls", "ca_file", "timeout_seconds", "interval_seconds", "software_budget_seconds"]
        for (key, value) in fields(node, what: "events.reconcile", known: known) {
            let what = "events.reconcile.\(key)"
            switch key {
            case "voltha": settings.reconcileVoltha = nonEmptyText(value, what: what)
            case "tls": settings.reconcileTLS = bool(value, what: what) ?? settings.reconcileTLS
            case "ca_file": settings.reconcileCAFile = caFile(value, what: what)
            case "timeout_seconds":
                settings.reconcileTimeoutSeconds =
                    int(value, what: what, range: 1...600) ?? settings.reconcileTimeoutSeconds
            case "software_budget_seconds":
                settings.reconcileSoftwareBudgetSeconds =
                    int(value, what: what, range: 1...3600) ?? settings.reconcileSoftwareBudgetSeconds
            default:
                settings.reconcileIntervalSeconds =
                    int(value, what: what, range: 0...86_400) ?? settings.reconcileIntervalSeconds
            }
        }
    }

    /// `onos: true` (kafka-onos's three topics), `onos: false`, or `onos: {topics: [a, b]}` (one
    /// name or a list, at most 16): what `ferrule events run --onos [--onos-topics LIST]` reads.
    private mutating func readONOS(_ node: YAMLNode, into settings: inout EventsSettings) {
        if node.scalar != nil {
            guard let on = bool(node, what: "events.onos") else { return }
            settings.onosTopics = on ? EventConsumerSettings.defaultONOSTopics : []
            return
        }
        for (_, value) in fields(node, what: "events.onos", known: ["topics"]) {
            let names = textList(value, what: "events.onos.topics")
            guard !names.isEmpty else {
                error(value, .badValue, "events.onos.topics names no topic", hint: "e.g. [onu.events, dhcp.events]")
                continue
            }
            guard names.count <= 16 else {
                error(value, .outOfRange, "events.onos.topics names \(names.count) topics; at most 16")
                continue
            }
            for name in names {
                guard let problem = KafkaConfiguration.topicNameProblem(name) else { continue }
                error(
                    value,
                    .badValue,
                    "events.onos.topics \"\(DisplayText.value(name))\": \(problem)"
                )
            }
            settings.onosTopics = names
        }
    }

    /// One path or a list of paths.
    private mutating func textList(_ node: YAMLNode, what: String) -> [String] {
        if node.scalar != nil { return nonEmptyText(node, what: what).map { [$0] } ?? [] }
        guard let items = sequence(node, what: what) else { return [] }
        return items.compactMap { nonEmptyText($0, what: "an entry of \(what)") }
    }
}
