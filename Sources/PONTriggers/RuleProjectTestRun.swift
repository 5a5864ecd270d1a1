public import DeviceTrees
public import FerruleCore
public import Rules

/// `ferrule test`'s work apart from printing: a rule project compiled, its test cases read (rule
/// cases with a device tree and PON event cases, from `--cases` or each rules directory's
/// `tests/`), then run one by one.
///
/// ```swift
/// var diagnostics = DiagnosticCollector()
/// let run = RuleProjectTestRun(project, cases: [], diagnostics: &diagnostics)
/// guard !diagnostics.hasErrors else { … }
/// let failed = try run.run { outcome in print(outcome.passed ? "PASS" : "FAIL", outcome.name) }
/// ```
public struct RuleProjectTestRun: Sendable {
    /// One case's result, in the order the cases were read (rule cases first).
    public struct Outcome: Sendable {
        /// Where the case is written.
        public var location: SourceLocation
        /// The case's name.
        public var name: String
        /// What differed from the expectation; empty when it passed.
        public var failures: [String]
        /// Whether every expectation held.
        public var passed: Bool { failures.isEmpty }
    }

    /// The project compiled (its artifacts are empty when the rules have errors).
    public let compilation: RuleProject.Compilation
    /// The rules with variables substituted, as the cases evaluate them.
    public let rules: RuleSet
    /// The cases that evaluate rules on a device tree.
    public let ruleCases: [RuleTestCase]
    /// The cases that give a PON event to the trigger rules.
    public let eventCases: [TriggerTestCase]

    /// Compiles `project` and reads its cases; every problem goes to `diagnostics`.
    /// - Parameter cases: Files or directories of cases; empty: `tests/` in each rules directory.
    public init(_ project: RuleProject, cases: [String], diagnostics: inout DiagnosticCollector) {
        compilation = project.compile(diagnostics: &diagnostics)
        rules = compilation.resolvedRules
        var ruleCases: [RuleTestCase] = []
        var eventCases: [TriggerTestCase] = []
        for file in project.testFiles(cases: cases) {
            ruleCases += RuleTestCase.load(file, diagnostics: &diagnostics)
            eventCases += TriggerTestCase.load(file, diagnostics: &diagnostics)
        }
        self.ruleCases = ruleCases
        self.eventCases = eventCases
    }

    /// How many cases there are.
    public var count: Int { ruleCases.count + eventCases.count }

    /// Runs every case, handing each outcome to `report` as it comes.
    /// - Returns: How many cases failed.
    /// - Throws: `TreeSourceError` when a case's device tree cannot be read (the run stops there).
    @discardableResult
    public func run(_ report: (Outcome) -> Void) throws(TreeSourceError) -> Int {
        var failed = 0
        for testCase in ruleCases {
            let outcome = Outcome(
                location: testCase.location,
                name: testCase.name,
                failures: try testCase.run(rules.rules, virtualParameters: rules.virtualParameters)
            )
            if !outcome.passed { failed += 1 }
            report(outcome)
        }
        for testCase in eventCases {
            let outcome = Outcome(
                location: testCase.location,
                name: testCase.name,
                failures: testCase.run(rules.triggerRules)
            )
            if !outcome.passed { failed += 1 }
            report(outcome)
        }
        return failed
    }
}
