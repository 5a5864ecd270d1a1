public import FerruleCore

extension RuleProject {
    /// What one run of the pipeline produced: the rules as loaded, the variables and the
    /// compiled artifacts (empty when the rules have errors).
    public struct Compilation: Sendable {
        /// The rules as read and composed, `${variables}` not yet substituted.
        public var rules: RuleSet
        /// The variables of the environment.
        public var variables: VariableSet
        /// Presets, provisions, virtual parameters and the manifest.
        public var artifacts: [CompiledArtifact]
    }

    /// Loads the rules and variables: the first two stages every command shares.
    public func load(diagnostics: inout DiagnosticCollector) -> (rules: RuleSet, variables: VariableSet) {
        let rules = RuleLoader.load(roots, diagnostics: &diagnostics)
        let variables = VariableSet.load(variableFiles, diagnostics: &diagnostics)
        return (rules, variables)
    }

    /// Load → variables → compile; every problem goes to `diagnostics`.
    public func compile(diagnostics: inout DiagnosticCollector) -> Compilation {
        let (rules, variables) = load(diagnostics: &diagnostics)
        let artifacts = RuleCompiler.compile(
            rules,
            options: CompileOptions(environment: environment, variables: variables),
            diagnostics: &diagnostics
        )
        _ = TriggerVariables.resolve(rules.triggerRules, variables, diagnostics: &diagnostics)
        return Compilation(rules: rules, variables: variables, artifacts: artifacts)
    }

    /// Load → variables → substitute, without compiling: the rules as the evaluator sees them
    /// (`ferrule explain`).
    public func resolve(diagnostics: inout DiagnosticCollector) -> RuleSet {
        let (rules, variables) = load(diagnostics: &diagnostics)
        return RuleCompiler.resolvingVariables(rules, variables, diagnostics: &diagnostics)
    }
}

extension RuleProject.Compilation {
    /// The rules with variables substituted, for evaluation; problems were already reported when
    /// compiling, so they are not reported again.
    public var resolvedRules: RuleSet {
        var repeated = DiagnosticCollector()
        return RuleCompiler.resolvingVariables(rules, variables, diagnostics: &repeated)
    }
}
