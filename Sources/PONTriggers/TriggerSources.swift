public import FerruleCore
public import Rules

extension Diagnostic.Code {
    /// A trigger rule whose events nothing in this process produces.
    public static let noEventSource = Self(rawValue: "no-event-source")
}

/// Which triggers need a source besides VOLTHA's event topic: `voltha.service_ready` fires only for
/// the `SERVICE_READY` events a reconciliation with VOLTHA derives from the ONUs' device reason
/// (VOLTHA publishes no event when the reason becomes `omci-flows-pushed`: the openonu adapter only
/// updates the core, voltha-openonu-adapter-go `internal/pkg/core/device_handler.go:3207-3217`).
public enum TriggerSources {
    /// The triggers only a reconciliation derives events for.
    public static let reconciliationOnly: Set<TriggerEvent> = [.serviceReady]

    /// An error for each rule that can never fire because it reacts only to triggers no
    /// reconciliation derives (`reconciling` false), a warning when it has other triggers too; with
    /// a reconciliation that runs only at start and after outages (`periodic` false), a warning
    /// that those triggers fire only then.
    public static func check(
        _ rules: [TriggerRule],
        reconciling: Bool,
        periodic: Bool,
        diagnostics: inout DiagnosticCollector
    ) {
        for rule in rules {
            let derived = rule.triggers.filter { reconciliationOnly.contains($0) }
            guard !derived.isEmpty else { continue }
            let names = derived.map(\.qualifiedName).joined(separator: ", ")
            if !reconciling {
                let message =
                    "rule \(rule.name): \(names) events come only from a reconciliation with VOLTHA, "
                    + "which derives SERVICE_READY when an ONU's reason becomes omci-flows-pushed; without one "
                    + (derived.count == rule.triggers.count ? "the rule never fires" : "it never fires for \(names)")
                let hint = "give `ferrule events run` --voltha HOST:PORT (docs/triggers.md)"
                if derived.count == rule.triggers.count {
                    diagnostics.error(.noEventSource, message, at: rule.triggerLocation, hint: hint)
                } else {
                    diagnostics.warning(.noEventSource, message, at: rule.triggerLocation, hint: hint)
                }
            } else if !periodic {
                diagnostics.warning(
                    .noEventSource,
                    "rule \(rule.name): \(names) events are derived by reconciliation passes, which run only "
                        + "at start and after Kafka outages here: an ONU whose flows are pushed later waits for the next one",
                    at: rule.triggerLocation,
                    hint: "give --reconcile-interval SECONDS (docs/triggers.md)"
                )
            }
        }
    }
}
