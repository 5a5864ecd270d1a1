import ArgumentParser
import DataModel
import Foundation
import Rules

/// `ferrule lint`: check rules without compiling them: schema, expressions, crons, names, model
/// paths and values, conflicts and conditions that never hold.
struct LintCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check rule files: schema, expressions, crons, model paths and values, conflicts.",
        discussion: """
            Reports every problem as file:line:column with a hint. With --model (or $FERRULE_MODELS, \
            or ./Models when it exists) parameter paths are checked against the data models: they \
            must exist, be writable, and the values must fit the parameter's type, range, \
            enumeration or pattern.

            Exit status: 0 without errors, 1 with errors (warnings too under --strict), 2 for usage \
            errors or unreadable input.
            """
    )

    @Argument(help: "Rule files or directories.")
    var rules: [String]

    @Option(name: .customLong("model"), help: "A BBF full data-model XML or .fmodel file (repeatable).")
    var models: [String] = []

    @Option(help: "Environment name: adds vars/<env>.yaml from each rules directory.")
    var env: String?

    @Option(help: "A variables file; may be repeated.")
    var vars: [String] = []

    @Flag(help: "Fail on warnings too.")
    var strict = false

    @Flag(help: "Skip the data-model checks even when models are available.")
    var noModels = false

    func run() async throws {
        var diagnostics = DiagnosticCollector()
        let ruleSet = RuleLoader.load(rules, diagnostics: &diagnostics)
        let variables = VariableSet.load(
            RuleInputs.variableFiles(rules: rules, env: env, extra: vars),
            diagnostics: &diagnostics
        )
        _ = RuleCompiler.compile(
            ruleSet,
            options: RuleInputs.compileOptions(environment: env, variables: variables),
            diagnostics: &diagnostics
        )
        var modelSet: ModelSet?
        if !noModels {
            let explicit = !models.isEmpty || ProcessInfo.processInfo.environment["FERRULE_MODELS"] != nil
            do {
                let files = try ValidateModels.locate(
                    explicit: models,
                    environment: ProcessInfo.processInfo.environment
                )
                modelSet = ModelSet(try await ValidateModels.load(files))
            } catch {
                // Without models the model checks are skipped, unless models were asked for.
                if explicit {
                    StandardError.write("\(error)\n")
                    throw ExitCode(2)
                }
            }
        }
        RuleLinter.lint(ruleSet, models: modelSet, diagnostics: &diagnostics)
        let sorted = diagnostics.sorted
        for diagnostic in sorted { print(diagnostic) }
        let errors = sorted.filter { $0.severity == .error }.count
        let warnings = sorted.filter { $0.severity == .warning }.count
        print(
            "\(ruleSet.rules.count) rule(s) in \(ruleSet.files.count) file(s): \(errors) error(s), \(warnings) warning(s)"
        )
        if sorted.contains(where: { $0.code == "unreadable" }) { throw ExitCode(2) }
        if errors > 0 || (strict && warnings > 0) { throw ExitCode(1) }
    }
}
