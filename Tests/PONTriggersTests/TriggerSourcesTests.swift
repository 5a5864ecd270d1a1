import FerruleCore
import PONTriggers
import Rules
import Testing

/// `voltha.service_ready` comes only from a reconciliation with VOLTHA: a consumer without one
/// refuses a rule that could never fire.
@Suite struct TriggerSourcesTests {
    static func rule(_ name: String, _ triggers: [TriggerEvent], line: Int) -> TriggerRule {
        TriggerRule(
            name: name,
            triggers: triggers,
            location: SourceLocation(file: "rules/t.yaml", line: line, column: 3)
        )
    }

    static let rules = [
        rule("ready", [.serviceReady], line: 2),
        rule("up-or-ready", [.onuActivated, .serviceReady], line: 9),
        rule("lost", [.signalLost], line: 15),
    ]

    @Test("without a reconciliation: an error for a service_ready-only rule, a warning for a mixed one")
    func withoutReconciliation() {
        var diagnostics = DiagnosticCollector()
        TriggerSources.check(Self.rules, reconciling: false, periodic: false, diagnostics: &diagnostics)
        let found = diagnostics.sorted
        #expect(found.map(\.severity) == [.error, .warning])
        #expect(found.map(\.location.line) == [2, 9] && found.allSatisfy { $0.code == .noEventSource })
        #expect(
            found.first?.message.contains("rule ready: voltha.service_ready events come only from a reconciliation")
                == true
        )
        #expect(found.first?.message.hasSuffix("the rule never fires") == true)
        #expect(found.first?.hint?.contains("--voltha") == true)
    }

    @Test("with periodic passes nothing is said; with passes only at start and after outages, a warning")
    func withReconciliation() {
        var periodic = DiagnosticCollector()
        TriggerSources.check(Self.rules, reconciling: true, periodic: true, diagnostics: &periodic)
        #expect(periodic.sorted.isEmpty)
        var startOnly = DiagnosticCollector()
        TriggerSources.check(Self.rules, reconciling: true, periodic: false, diagnostics: &startOnly)
        #expect(startOnly.sorted.map(\.severity) == [.warning, .warning] && !startOnly.hasErrors)
    }
}
