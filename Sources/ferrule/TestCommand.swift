import ArgumentParser
import CWMP
import Foundation
import Rules

/// `ferrule test`: compile rules and run their test cases.
struct TestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Compile rules and run their test cases (device tree + events → matching rules and values).",
        discussion: """
            Test cases are YAML files with `cases:` (see docs/rules.md "Testing rules"), read from \
            --cases or from the tests/ folder of each rules directory. Each case loads a device tree \
            (any source `ferrule cwmp tree` reads), evaluates every rule with GenieACS semantics and \
            compares the matching rules and the resulting parameter values. With --out the compiled \
            artifacts are written too.

            Exit status: 0 when the rules compile and every case passes, 1 otherwise, 2 for usage \
            errors or unreadable input.
            """
    )

    @Argument(help: "Rule files or directories.")
    var rules: [String]

    @Option(help: "A directory (or file) of test cases; default: tests/ in each rules directory.")
    var cases: [String] = []

    @Option(help: "Environment name: adds vars/<env>.yaml from each rules directory.")
    var env: String?

    @Option(help: "A variables file; may be repeated.")
    var vars: [String] = []

    @Option(help: "Also write the compiled artifacts here.")
    var out: String?

    func run() async throws {
        var diagnostics = DiagnosticCollector()
        let loaded = RuleLoader.load(rules, diagnostics: &diagnostics)
        let variables = VariableSet.load(
            RuleInputs.variableFiles(rules: rules, env: env, extra: vars),
            diagnostics: &diagnostics
        )
        let artifacts = RuleCompiler.compile(
            loaded,
            options: CompileOptions(environment: env, variables: variables),
            diagnostics: &diagnostics
        )
        // compile() has reported any unknown variable; resolving again for evaluation would repeat it.
        var repeated = DiagnosticCollector()
        let ruleSet = RuleCompiler.resolvingVariables(loaded, variables, diagnostics: &repeated)
        var testCases: [RuleTestCase] = []
        for file in RuleInputs.testFiles(rules: rules, cases: cases) {
            testCases += RuleTestCase.load(file, diagnostics: &diagnostics)
        }
        let diagnosticsList = diagnostics.sorted
        for d in diagnosticsList { StandardError.write("\(d)\n") }
        if diagnosticsList.contains(where: { $0.code == "unreadable" }) { throw ExitCode(2) }
        if diagnostics.hasErrors {
            StandardError.write("ferrule test: the rules have errors; no case was run\n")
            throw ExitCode(1)
        }
        if let out {
            do {
                try RuleInputs.write(artifacts, to: out)
            } catch {
                StandardError.write("\(out): error: cannot write the output: \(error.localizedDescription)\n")
                throw ExitCode(2)
            }
        }
        var failed = 0
        for testCase in testCases {
            do {
                let failures = try testCase.run(ruleSet.rules)
                if failures.isEmpty {
                    print("PASS \(testCase.location) \(testCase.name)")
                } else {
                    failed += 1
                    print("FAIL \(testCase.location) \(testCase.name)")
                    for failure in failures { print("  \(failure)") }
                }
            } catch {
                StandardError.write("\(error)\n")
                throw ExitCode(2)
            }
        }
        let virtualCount = artifacts.filter { $0.kind == .virtualParameter }.count
        let compiled = "\(ruleSet.rules.count) rule(s) and \(virtualCount) virtual parameter(s) compiled"
        print(
            "\(compiled)\(out.map { " into \($0)" } ?? ""); \(testCases.count - failed) of \(testCases.count) case(s) passed"
        )
        if failed > 0 { throw ExitCode(1) }
    }
}

/// `ferrule explain`: which rules apply to a device, why the others don't, and what they declare.
struct ExplainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show which rules match a device, why the others don't, and the values they declare."
    )

    @Argument(help: "Rule files or directories.")
    var rules: [String]

    @Option(help: "The device's parameter tree (XML, NBI JSON or CSV).")
    var device: String

    @Option(help: "An event of the Inform (repeatable): \"2 PERIODIC\".")
    var event: [String] = []

    @Option(help: "A device tag (repeatable).")
    var tag: [String] = []

    @Option(help: "Environment name: adds vars/<env>.yaml from each rules directory.")
    var env: String?

    @Option(help: "A variables file; may be repeated.")
    var vars: [String] = []

    func run() async throws {
        var diagnostics = DiagnosticCollector()
        let loaded = RuleLoader.load(rules, diagnostics: &diagnostics)
        let variables = VariableSet.load(
            RuleInputs.variableFiles(rules: rules, env: env, extra: vars),
            diagnostics: &diagnostics
        )
        let ruleSet = RuleCompiler.resolvingVariables(loaded, variables, diagnostics: &diagnostics)
        for d in diagnostics.sorted { StandardError.write("\(d)\n") }
        if diagnostics.hasErrors {
            throw ExitCode(diagnostics.diagnostics.contains { $0.code == "unreadable" } ? 2 : 1)
        }
        let bytes: [UInt8]
        switch InputFiles.read(device) {
        case .failure(let error):
            StandardError.write("\(error)\n")
            throw ExitCode(2)
        case .success(let b): bytes = b
        }
        let state: DeviceState
        do {
            state = try DeviceState.load(bytes, file: device, tags: tag, events: event)
        } catch {
            StandardError.write("\(error)\n")
            throw ExitCode(2)
        }
        let verdicts = RuleEvaluator.evaluate(ruleSet.rules, on: state)
        for verdict in verdicts {
            if verdict.matches {
                print("MATCH \(verdict.rule)")
                for d in verdict.declarations {
                    let shown =
                        SecretParameters.isSecret(d.path) && !d.value.hasPrefix("<secret:") ? Redaction.marker : d.value
                    print("  \(d.path) = \(shown)\(d.type.map { " (\($0))" } ?? "")")
                }
                for item in verdict.notEvaluated { print("  (not evaluated: \(item))") }
                for line in verdict.logs { print("  log: \(line)") }
            } else if verdict.returnsEarly {
                print(
                    "RUNS  \(verdict.rule): returns early, declares nothing: \(verdict.reasons.joined(separator: "; "))"
                )
            } else {
                print("no    \(verdict.rule): \(verdict.reasons.joined(separator: "; "))")
            }
        }
    }
}

extension RuleInputs {
    /// Test case files: the given files/directories, else tests/ of each rules directory.
    static func testFiles(rules: [String], cases: [String]) -> [String] {
        let manager = FileManager.default
        let roots = cases.isEmpty ? rules.map { ($0 as NSString).appendingPathComponent("tests") } : cases
        var files: [String] = []
        for root in roots {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: root, isDirectory: &isDirectory) else { continue }
            if !isDirectory.boolValue {
                files.append(root)
                continue
            }
            let found = (manager.enumerator(atPath: root)?.allObjects as? [String] ?? [])
                .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
            files += found.map { (root as NSString).appendingPathComponent($0) }
        }
        return files
    }
}
