import FerruleCore
import FerruleTestSupport
import Rules
import Testing

/// `extends` chains are walked without recursion and capped at ``RuleLoader/maxExtendsDepth``
/// steps, so no rule file can exhaust the stack or make composing quadratic.
@Suite("rules: extends depth")
struct ExtendsDepthTests {
    /// `count` rules, `r0` extends `r1` … extends the last; the last sets one parameter.
    static func chain(_ count: Int, abstract: Bool, closeCycle: Bool = false) -> String {
        var text = "rules:\n"
        for index in 0..<count {
            text += "  - name: r\(index)\n"
            if abstract && index > 0 { text += "    abstract: true\n" }
            if index + 1 < count {
                text += "    extends: r\(index + 1)\n"
            } else if closeCycle {
                text += "    extends: r0\n"
            }
            text += "    actions:\n      - set: {path: Device.DeviceInfo.ProvisioningCode, value: \"v\(index)\"}\n"
        }
        return text
    }

    static func load(_ text: String) throws -> (RuleSet, [Diagnostic]) {
        let directory = try Scratch.directory(["rules.yaml": text])
        var diagnostics = DiagnosticCollector()
        let set = RuleLoader.load([directory], diagnostics: &diagnostics)
        return (set, diagnostics.sorted)
    }

    @Test("a rule 16 steps from its base composes, with every base's actions in order")
    func atTheCap() throws {
        let (set, diagnostics) = try Self.load(Self.chain(RuleLoader.maxExtendsDepth + 1, abstract: true))
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        let rule = try #require(set.rules.first { $0.name == "r0" })
        #expect(rule.actions.count == RuleLoader.maxExtendsDepth + 1)
    }

    @Test("1,500 rules each extending the next: no crash; errors for the compiled rule and once for its bases")
    func longAbstractChain() throws {
        let (set, diagnostics) = try Self.load(Self.chain(1_500, abstract: true))
        let errors = diagnostics.filter { $0.severity == .error }
        #expect(errors.count == 2, "\(errors.map(\.description))")
        #expect(errors.allSatisfy { $0.code == .extendsTooDeep })
        // r0 (compiled) and the one abstract rule exactly one step over the cap.
        #expect(errors.contains { $0.message.hasPrefix("rule \"r0\" is more than 16 `extends` steps") })
        #expect(errors.contains { $0.message.hasPrefix("rule \"r1482\" is more than 16 `extends` steps") })
        #expect(!set.rules.contains { $0.name == "r0" })
    }

    @Test("a cycle of 3,000 rules is an error for each rule that would be compiled, not a crash")
    func longCycle() throws {
        let (set, diagnostics) = try Self.load(Self.chain(3_000, abstract: false, closeCycle: true))
        let errors = diagnostics.filter { $0.severity == .error }
        #expect(errors.count == 3_000)
        #expect(errors.allSatisfy { $0.code == .extendsTooDeep })
        #expect(set.rules.isEmpty)
    }

    @Test("a short cycle is still reported as a cycle")
    func shortCycle() throws {
        let (_, diagnostics) = try Self.load(Self.chain(3, abstract: false, closeCycle: true))
        #expect(diagnostics.contains { $0.code == .extendsCycle && $0.message.contains("r0 → r1 → r2 → r0") })
    }
}
