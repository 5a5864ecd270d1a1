import ArgumentParser
import FerruleCore
import Rules

/// The rule roots, environment and variable files every rule command takes.
struct RuleProjectOptions: ParsableArguments {
    @Argument(help: "Rule files or directories.")
    var rules: [String]

    @Option(help: "Environment name: adds vars/<env>.yaml from each rules directory.")
    var env: String?

    @Option(help: "A variables file (YAML name: value); may be repeated, later files win.")
    var vars: [String] = []

    /// An unknown `--env` is a usage error, reported before anything is read.
    func validate() throws { _ = try project() }

    /// For the commands that check rules (`lint`, `test`, `compile`): a rules directory without a
    /// rule file is a usage error, as `validate` and `cwmp tree` refuse an input without files —
    /// a check of nothing would pass (a mistyped or empty checkout in CI). `plan` and `deploy`
    /// take an empty project: with `--prune` it is how every owned artifact is deleted.
    func requireRuleFiles() throws {
        let empty = rules.filter { RuleProject.isDirectory($0) && RuleLoader.ruleFiles(inDirectory: $0).isEmpty }
        guard empty.isEmpty else {
            throw ValidationError(
                "no rule files (.yaml, .yml outside vars/ and tests/) in "
                    + empty.map { DisplayText.value($0) }.joined(separator: ", ") + "; nothing to check"
            )
        }
    }

    /// The project these options name.
    func project() throws -> RuleProject {
        do {
            return try RuleProject(roots: rules, environment: env, variableFiles: vars)
        } catch {
            throw ValidationError(error.description)
        }
    }
}

/// Printing a run's diagnostics and turning them into an exit status.
enum DiagnosticOutput {
    /// Prints every diagnostic, sorted, to standard error (or standard output for `lint`).
    static func print(_ diagnostics: DiagnosticCollector, toStandardOutput: Bool = false) {
        for diagnostic in diagnostics.sorted {
            // Escaped on both streams: a diagnostic quotes file names and values from the rules.
            if toStandardOutput {
                Swift.print(StandardError.escaped("\(diagnostic)"))
            } else {
                StandardError.write("\(diagnostic)\n")
            }
        }
    }

    /// Load → variables → compile, printing the diagnostics; exits when the rules cannot be used.
    ///
    /// - Parameters:
    ///   - unreadable: the status for a file that cannot be read (``ExitStatus/unreadable``, or
    ///     ``ExitStatus/failure`` for `plan`, whose 2 means changes).
    ///   - failure: the line printed when the rules have errors.
    static func compileOrExit(
        _ project: RuleProject,
        unreadable: ExitCode = ExitStatus.unreadable,
        failure: (DiagnosticCollector) -> String
    ) throws -> RuleProject.Compilation {
        var diagnostics = DiagnosticCollector()
        let compiled = project.compile(diagnostics: &diagnostics)
        print(diagnostics)
        if diagnostics.contains(.unreadable) { throw unreadable }
        guard !diagnostics.hasErrors else {
            StandardError.write(failure(diagnostics) + "\n")
            throw ExitStatus.failure
        }
        return compiled
    }
}
