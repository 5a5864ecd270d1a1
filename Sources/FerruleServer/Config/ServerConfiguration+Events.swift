public import FerruleCore
import Foundation
import Kafka
import PONEvents
import PONTriggers
public import Rules
import VOLTHA

extension ServerConfiguration {
    /// Checks the `events:` section against the whole configuration: the tenant exists (and has a
    /// GenieACS when there are trigger rules), the Kafka settings are what librdkafka accepts, the
    /// trigger rules read without errors (their own `file:line:col` diagnostics), the
    /// reconciliation's VOLTHA address is well formed.
    func checkEvents(into diagnostics: inout DiagnosticCollector) {
        guard let events else { return }
        let place = events.location
        guard let tenant = events.tenantName(in: self), let settings = self.tenant(tenant) else {
            diagnostics.error(
                .badValue,
                "events.tenant \"\(DisplayText.value(events.tenant ?? ""))\" is not a configured tenant",
                at: place,
                hint: "one of: \(tenants.map(\.name).joined(separator: ", "))"
            )
            return
        }
        do {
            try events.kafkaConfiguration().validate()
        } catch {
            let at = error.property.flatMap { events.propertyLocations[$0] } ?? place
            diagnostics.error(.badValue, "events: \(EventsSettings.describe(error))", at: at)
        }
        if !events.rules.isEmpty {
            if settings.genieACS == nil {
                diagnostics.error(
                    .missingField,
                    "events.rules: trigger actions go to tenant \(tenant)'s GenieACS, and it has none",
                    at: place,
                    hint: "add tenants.\(tenant).genieacs (or FERRULE_ACS_URL without a file)"
                )
            }
            if let rules = events.triggerRules(at: place, diagnostics: &diagnostics) {
                events.checkONOSSources(rules, diagnostics: &diagnostics)
                // An unreadable secrets_file was reported where it is named.
                if let secrets = try? SecretStore.load(file: settings.secretsFile, environment: [:]) {
                    EventsSettings.checkSecrets(rules, secrets, tenant: tenant, diagnostics: &diagnostics)
                }
            }
        }
        if let address = events.reconcileVoltha {
            do {
                _ = try VolthaConfiguration(address: address)
            } catch {
                diagnostics.error(
                    .badValue,
                    "events.reconcile.voltha: \(error)",
                    at: place,
                    hint: "e.g. voltha-api:55555"
                )
            }
        }
    }
}

extension EventsSettings {
    /// The rules with their variables resolved, problems in `diagnostics`; nil when an unknown
    /// `env` keeps them from being read at all (reported at `place`).
    public func triggerRules(at place: SourceLocation, diagnostics: inout DiagnosticCollector) -> RuleSet? {
        let project: RuleProject
        do {
            project = try RuleProject(roots: rules, environment: environment, variableFiles: variableFiles)
        } catch {
            diagnostics.error(.badValue, "events.env: \(error)", at: place)
            return nil
        }
        return project.resolve(diagnostics: &diagnostics)
    }

    /// `error[no-event-source]` for each rule that reacts only to `onos.*` triggers while
    /// ``onosTopics`` is empty (a warning for one with other triggers too), as `ferrule events run`
    /// without `--onos` (``ONOSTriggerSources``).
    func checkONOSSources(_ rules: RuleSet, diagnostics: inout DiagnosticCollector) {
        ONOSTriggerSources.check(
            rules.triggerRules,
            consumingONOS: !onosTopics.isEmpty,
            hint: "set events.onos: true (or events.onos: {topics: [...]}) to read ONOS's topics (docs/serve.md)",
            diagnostics: &diagnostics
        )
    }

    /// `error[missing-secret]` for each secret the trigger rules use that the tenant's
    /// `secrets_file` does not give (a tenant's secrets come only from it), as `ferrule events run`
    /// refuses such rules (``TriggerSecrets``).
    static func checkSecrets(
        _ rules: RuleSet,
        _ secrets: SecretStore,
        tenant: String,
        diagnostics: inout DiagnosticCollector
    ) {
        TriggerSecrets.check(
            rules.triggerRules,
            secrets,
            hint: { "add \($0)=… to tenants.\(tenant).secrets_file (a tenant's secrets come only from it)" },
            diagnostics: &diagnostics
        )
    }

    /// A Kafka configuration error in the configuration file's words (`events.topic`, not `--topic`).
    static func describe(_ error: KafkaError) -> String {
        var error = error
        for (flag, key) in [("--brokers", "events.brokers"), ("--topic", "events.topic"), ("--group", "events.group")] {
            error.context = error.context.replacingOccurrences(of: flag, with: key)
        }
        if error.context.hasPrefix("-X ") { error.context = "events.properties " + error.context.dropFirst(3) }
        return error.description
    }
}

extension EventsSettings {
    /// `--check-config`'s line: `consuming 127.0.0.1:9092 topic voltha.events group ferrule into
    /// tenant acme's event store, 1 rules root(s), reconciling with the tenant's VOLTHA every 600 s`
    /// (never a property value).
    public func summary(in configuration: ServerConfiguration) -> String {
        let kafka = (try? consumerContext()) ?? brokers
        var text = "consuming \(kafka) into tenant \(tenantName(in: configuration) ?? "-")'s event store"
        text +=
            rules.isEmpty
            ? ", recording only (no trigger rules)" : ", trigger rules from \(rules.joined(separator: ", "))"
        let tenantVOLTHA = tenantName(in: configuration).flatMap { configuration.tenant($0)?.voltha } != nil
        if reconcile, let voltha = reconcileVoltha ?? (tenantVOLTHA ? "the tenant's VOLTHA" : nil) {
            text += ", reconciling with \(voltha)"
            text += reconcileIntervalSeconds == 0 ? " after outages" : " every \(reconcileIntervalSeconds) s"
        }
        return text
    }
}
