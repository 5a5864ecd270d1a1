import Campaigns
import CurlHTTP
import FerruleCore
import Foundation
import Kafka
import Logging
import PONEventIngest
import PONEvents
import PONTriggers
import Rules
import VOLTHA

extension EventConsumerHost {
    /// The consumer the configuration's `events:` section asks for, nil without one: the tenant's
    /// store (`tenants/<tenant>/events.sqlite`, what its alarms and events routes read), its
    /// GenieACS for the trigger actions, its own secrets (`secrets(tenant)`, never the server's) and
    /// its campaign store for enroll and hold, its VOLTHA (or
    /// `events.reconcile.voltha`) for reconciliation, `pon.storm` for storm protection.
    ///
    /// - Throws: ``ServerStartError`` naming the setting at fault, or the event store's own error.
    static func configured(
        _ configuration: ServerConfiguration,
        directory: ConfiguredTenantDirectory,
        tenantStores: TenantCampaignStores,
        secrets: (_ tenant: String) -> SecretStore,
        metrics: ServerMetrics,
        logger: Logger
    ) throws -> EventConsumerHost? {
        guard let events = configuration.events else { return nil }
        guard let tenant = events.tenantName(in: configuration), let upstreams = directory.upstreamsNow(for: tenant)
        else {
            throw ServerStartError("events.tenant \(events.tenant ?? "-") is not a configured tenant")
        }
        let kafka: KafkaConfiguration
        do {
            kafka = try events.kafkaConfiguration()
        } catch {
            throw ServerStartError("events: \(EventsSettings.describe(error))")
        }
        let store = try EventStore(path: EventStore.path(inStateDirectory: try tenantStores.directory(for: tenant)))
        var triggers: EventTriggers?
        let voltha = try Self.reconciliation(events, tenantVOLTHA: upstreams.voltha)
        if !events.rules.isEmpty {
            var diagnostics = DiagnosticCollector()
            guard let rules = events.triggerRules(at: events.location, diagnostics: &diagnostics),
                !diagnostics.hasErrors
            else {
                throw ServerStartError(
                    "events.rules: the trigger rules have errors; `ferrule serve --check-config` lists them"
                )
            }
            // voltha.service_ready comes only from a reconciliation (SERVICE_READY, PONReconciliation).
            var sources = DiagnosticCollector()
            TriggerSources.check(
                rules.triggerRules,
                reconciling: voltha != nil,
                periodic: voltha?.interval != nil,
                diagnostics: &sources
            )
            // onos.* triggers come only from ONOS's topics (events.onos), as with `events run --onos`;
            // the configuration's check reported these at the rules' lines already (warnings too).
            var onos = DiagnosticCollector()
            events.checkONOSSources(rules, diagnostics: &onos)
            for diagnostic in sources.sorted where diagnostic.severity == .warning {
                logger.warning("\(diagnostic)")
            }
            if let refused = sources.sorted.first(where: { $0.severity == .error }) {
                throw ServerStartError("events.rules: \(refused); set events.reconcile (docs/serve.md)")
            }
            if let refused = onos.sorted.first(where: { $0.severity == .error }) {
                throw ServerStartError("events.rules: \(refused)")
            }
            // An action whose secret has no value would be settled failed for good, as `events run` refuses.
            var missing = DiagnosticCollector()
            EventsSettings.checkSecrets(rules, secrets(tenant), tenant: tenant, diagnostics: &missing)
            if let refused = missing.sorted.first(where: { $0.severity == .error }) {
                throw ServerStartError("events.rules: \(refused)")
            }
            guard let acs = upstreams.acs as? any TriggerACS else {
                throw ServerStartError("events.rules: tenant \(tenant) has no GenieACS for the trigger actions")
            }
            var enrollment = CampaignEnrollment(store: try tenantStores.campaigns(for: tenant), acs: acs)
            enrollment.secrets = secrets(tenant)
            let executor = ActionExecutor(
                acs: acs,
                correlation: rules.correlation,
                webhooks: try HTTPClient(),
                campaigns: enrollment,
                secrets: secrets(tenant),
                now: { Date().timeIntervalSince1970 * 1000 }
            )
            triggers = EventTriggers(
                stage: EventTriggerStage(rules: rules.triggerRules, storm: configuration.pon.storms),
                ruleCount: rules.triggerRules.count,
                executor: executor
            )
        }
        var settings = EventConsumerSettings(
            kafka: kafka,
            store: store,
            triggers: triggers,
            reconciliation: voltha,
            leasePolicy: .standby(retry: .milliseconds(Int(events.standbySeconds * 1000)))
        )
        // ONOS's kafka-onos topics in the same group, each record committed after it is recorded.
        settings.onosTopics = events.onosTopics
        return EventConsumerHost(
            settings: settings,
            tenant: tenant,
            metrics: EventConsumerMetrics(metrics),
            logger: logger
        )
    }

    /// Reconciliation with `events.reconcile.voltha`, else the tenant's VOLTHA; nil without either
    /// or with `reconcile: false`.
    private static func reconciliation(
        _ events: EventsSettings,
        tenantVOLTHA: VolthaConfiguration?
    ) throws -> VolthaReconciliation? {
        guard events.reconcile else { return nil }
        var voltha = tenantVOLTHA
        if let address = events.reconcileVoltha {
            do {
                voltha = try VolthaConfiguration(
                    address: address,
                    security: events.reconcileTLS || events.reconcileCAFile != nil
                        ? .tls(caFile: events.reconcileCAFile) : .plaintext,
                    callTimeout: .seconds(events.reconcileTimeoutSeconds)
                )
            } catch {
                throw ServerStartError("events.reconcile.voltha: \(error)")
            }
        }
        guard let voltha else { return nil }
        let interval = events.reconcileIntervalSeconds
        // The ports resolve which PON an OLT_PON_INTERFACE_DOWN event means (the event names none).
        return VolthaReconciliation(
            name: voltha.address,
            interval: interval == 0 ? nil : .seconds(interval),
            ports: { olt in try await withVolthaClient(voltha) { try await $0.ports(deviceID: olt) } },
            olts: { try await withVolthaClient(voltha) { try await $0.devices().filter(\.isRoot).map(\.id) } },
            software: { onus, budget in
                try await withVolthaClient(voltha) { await $0.onuSoftware(onus, budget: budget) }
            },
            softwareBudget: .seconds(events.reconcileSoftwareBudgetSeconds)
        ) {
            try await withVolthaClient(voltha) { try await $0.onuInventory() }
        }
    }
}
