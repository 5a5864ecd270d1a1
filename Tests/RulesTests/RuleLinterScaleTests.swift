import FerruleCore
import Testing

@testable import Rules

/// `ferrule lint` stays linear in rules that write one parameter (issue 13, item 1): writes are
/// grouped by path and by match, and repeated conflicts are summarised, not listed pair by pair.
@Suite("Lint conflicts at scale: grouped, summarised, bounded")
struct RuleLinterScaleTests {
    static let path = "Device.ManagementServer.PeriodicInformInterval"

    static func rule(_ i: Int, value: String, productClass: [String] = [], serial: [String] = []) -> Rule {
        let at = RuleLocation(file: "r.yaml", line: i + 1, column: 3)
        var rule = Rule(name: "rule-\(i)", location: at)
        rule.match.productClass = productClass
        rule.match.serialNumber = serial
        rule.actions = [
            .set(
                path: path,
                value: RuleValue(kind: .integer, parts: [.literal(value)], location: at),
                type: nil,
                location: at
            )
        ]
        return rule
    }

    static func conflicts(_ rules: [Rule]) -> (diagnostics: [RuleDiagnostic], elapsed: Duration) {
        var diagnostics = DiagnosticCollector()
        let elapsed = ContinuousClock().measure { RuleLinter.conflicts(rules, &diagnostics) }
        return (diagnostics.diagnostics, elapsed)
    }

    @Test("2,000 unconstrained rules writing one parameter with different values: a few findings and a summary")
    func summarised() {
        let rules = (0..<2_000).map { Self.rule($0, value: "\($0)") }
        let (diagnostics, elapsed) = Self.conflicts(rules)
        #expect(diagnostics.count <= 4, "\(diagnostics.count) findings")
        #expect(diagnostics.filter { $0.message.hasPrefix("rules \"") }.count == 3)
        let summary = diagnostics.last?.message ?? ""
        #expect(summary.contains("2000 rules set \(Self.path) to 2000 different values"), "\(summary)")
        #expect(elapsed < .seconds(2), "took \(elapsed)")
    }

    @Test("10,000 per-device rules (one serial each) writing one parameter: no conflict, checked in linear time")
    func perDeviceRules() {
        let rules = (0..<10_000).map { Self.rule($0, value: "\($0 % 7)", serial: ["SN\($0)"]) }
        let (diagnostics, elapsed) = Self.conflicts(rules)
        #expect(diagnostics.isEmpty, "\(diagnostics.prefix(3))")
        #expect(elapsed < .seconds(2), "took \(elapsed)")
    }

    @Test("per-model rules conflict only with the rule of the same model and with unconstrained ones")
    func perModelRules() {
        var rules = (0..<5_000).map { Self.rule($0, value: "300", productClass: ["HG\($0)"]) }
        rules.append(Self.rule(5_000, value: "600", productClass: ["HG42"]))
        let (diagnostics, _) = Self.conflicts(rules)
        #expect(diagnostics.count == 1, "\(diagnostics)")
        #expect(diagnostics.first?.message.contains("\"rule-42\" and \"rule-5000\"") == true)
        #expect(diagnostics.first?.related.count == 1)
    }

    @Test("rules that all write the same value never conflict, however many")
    func sameValue() {
        let (diagnostics, _) = Self.conflicts((0..<5_000).map { Self.rule($0, value: "300") })
        #expect(diagnostics.isEmpty)
    }
}
