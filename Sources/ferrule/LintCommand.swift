import ArgumentParser
import DataModel
import FerruleCore
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

            Exit status: 0 without errors, 1 with errors (warnings too under --strict), 2 for \
            unreadable input, 64 for usage errors (an unknown --env among them).
            """
    )

    @OptionGroup var project: RuleProjectOptions

    @Option(name: .customLong("model"), help: "A BBF full data-model XML or .fmodel file (repeatable).")
    var models: [String] = []

    @Flag(help: "Fail on warnings too.")
    var strict = false

    @Flag(help: "Skip the data-model checks even when models are available.")
    var noModels = false

    func run() async throws {
        try project.requireRuleFiles()
        var diagnostics = DiagnosticCollector()
        let compiled = try project.project().compile(diagnostics: &diagnostics)
        let ruleSet = compiled.rules
        var modelSet: ModelSet?
        if !noModels {
            let locator = ModelLocator(
                explicit: models,
                environmentDirectory: CommandEnvironment.current.modelsDirectory
            )
            do {
                let loaded = ModelSet(try await DataModelLoader.load(files: try locator.locate()))
                for line in loaded.unsupportedPatternWarnings { StandardError.write("ferrule lint: \(line)\n") }
                modelSet = loaded
            } catch {
                // Without models the model checks are skipped, unless models were asked for.
                if locator.isExplicit {
                    StandardError.write("\(error)\n")
                    throw ExitStatus.unreadable
                }
            }
        }
        RuleLinter.lint(ruleSet, models: modelSet, diagnostics: &diagnostics)
        DiagnosticOutput.print(diagnostics, toStandardOutput: true)
        let sorted = diagnostics.diagnostics
        let errors = sorted.filter { $0.severity == .error }.count
        let warnings = sorted.filter { $0.severity == .warning }.count
        print(
            "\(ruleSet.rules.count + ruleSet.triggerRules.count) rule(s) in \(ruleSet.files.count) file(s): \(errors) error(s), \(warnings) warning(s)"
        )
        if diagnostics.contains(.unreadable) { throw ExitStatus.unreadable }
        if errors > 0 || (strict && warnings > 0) { throw ExitStatus.failure }
    }
}
