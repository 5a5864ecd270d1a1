import ArgumentParser
import Foundation
import Rules

/// `ferrule compile`: rules → GenieACS presets, provisions and a manifest.
struct CompileCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compile",
        abstract: "Compile rule files into GenieACS presets, provisions and a manifest.",
        discussion: """
            Reads RULES (files, or directories walked for *.yaml with their _defaults.yaml), \
            substitutes ${variables} from the rules' vars/common.yaml, vars/<env>.yaml (with --env) \
            and --vars files, checks every rule, and writes presets/*.json, provisions/*.js and \
            manifest.json into --out. Output is byte-for-byte deterministic. Secrets stay \
            ${secret:NAME} placeholders; `deploy` resolves them.

            Exit status: 0 when compiled, 1 when a rule has errors (nothing is written), 2 for usage \
            errors or unreadable input.
            """
    )

    @Argument(help: "Rule files or directories.")
    var rules: [String]

    @Option(help: "Where to write the compiled artifacts.")
    var out: String

    @Option(help: "Environment name: adds vars/<env>.yaml from each rules directory.")
    var env: String?

    @Option(help: "A variables file (YAML name: value); may be repeated, later files win.")
    var vars: [String] = []

    func run() async throws {
        var diagnostics = DiagnosticCollector()
        let ruleSet = RuleLoader.load(rules, diagnostics: &diagnostics)
        let variables = VariableSet.load(
            RuleInputs.variableFiles(rules: rules, env: env, extra: vars),
            diagnostics: &diagnostics
        )
        let options = RuleInputs.compileOptions(environment: env, variables: variables)
        let artifacts = RuleCompiler.compile(ruleSet, options: options, diagnostics: &diagnostics)
        for diagnostic in diagnostics.sorted { StandardError.write("\(diagnostic)\n") }
        if diagnostics.diagnostics.contains(where: { $0.code == "unreadable" }) { throw ExitCode(2) }
        guard !diagnostics.hasErrors else {
            StandardError.write(
                "ferrule compile: \(diagnostics.diagnostics.filter { $0.severity == .error }.count) error(s); nothing written\n"
            )
            throw ExitCode(1)
        }
        do {
            try RuleInputs.write(artifacts, to: out)
        } catch {
            StandardError.write("\(out): error: cannot write the output: \(error.localizedDescription)\n")
            throw ExitCode(2)
        }
        let rulesCount = artifacts.filter { $0.kind == .preset }.count
        let virtualCount = artifacts.filter { $0.kind == .virtualParameter }.count
        print(
            "compiled \(rulesCount) rule(s) and \(virtualCount) virtual parameter(s) into \(out) (\(artifacts.count) files)"
        )
    }
}

/// Shared input handling for the rule commands.
enum RuleInputs {
    /// `vars/common.yaml` and `vars/<env>.yaml` of each rules directory, then the explicit files.
    static func variableFiles(rules: [String], env: String?, extra: [String]) -> [String] {
        var files: [String] = []
        let manager = FileManager.default
        for path in rules {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else { continue }
            for name in ["common"] + (env.map { [$0] } ?? []) {
                for ext in ["yaml", "yml"] {
                    let file = (path as NSString).appendingPathComponent("vars/\(name).\(ext)")
                    if manager.fileExists(atPath: file) { files.append(file) }
                }
            }
        }
        return files + extra
    }

    static func compileOptions(environment: String?, variables: VariableSet) -> CompileOptions {
        CompileOptions(environment: environment, variables: variables)
    }

    /// Loads and compiles rules in memory, printing diagnostics; exits 1 on rule errors and 2 on
    /// unreadable input (as `ferrule compile`).
    static func compileOrExit(rules: [String], env: String?, vars: [String], command: String) throws
        -> [CompiledArtifact]
    {
        var diagnostics = DiagnosticCollector()
        let ruleSet = RuleLoader.load(rules, diagnostics: &diagnostics)
        let variables = VariableSet.load(variableFiles(rules: rules, env: env, extra: vars), diagnostics: &diagnostics)
        let artifacts = RuleCompiler.compile(
            ruleSet,
            options: compileOptions(environment: env, variables: variables),
            diagnostics: &diagnostics
        )
        for diagnostic in diagnostics.sorted { StandardError.write("\(diagnostic)\n") }
        if diagnostics.diagnostics.contains(where: { $0.code == "unreadable" }) { throw ExitCode(2) }
        guard !diagnostics.hasErrors else {
            StandardError.write("ferrule \(command): the rules have errors; GenieACS was not contacted\n")
            throw ExitCode(1)
        }
        return artifacts
    }

    /// Writes artifacts under `directory`, replacing files Ferrule wrote before.
    static func write(_ artifacts: [CompiledArtifact], to directory: String) throws {
        let manager = FileManager.default
        for sub in ["presets", "provisions", "virtual_parameters"] {
            let folder = (directory as NSString).appendingPathComponent(sub)
            if manager.fileExists(atPath: folder) { try manager.removeItem(atPath: folder) }
            try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        for artifact in artifacts {
            let url = URL(fileURLWithPath: (directory as NSString).appendingPathComponent(artifact.path))
            try Data(artifact.contents.utf8).write(to: url, options: .atomic)
        }
    }
}
