import ArgumentParser
import FerruleCore
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

            Exit status: 0 when compiled, 1 when a rule has errors (nothing is written), 2 for \
            unreadable input, 64 for usage errors (an unknown --env among them).
            """
    )

    @OptionGroup var project: RuleProjectOptions

    @Option(help: "Where to write the compiled artifacts.")
    var out: String

    func run() async throws {
        try project.requireRuleFiles()
        let compiled = try DiagnosticOutput.compileOrExit(try project.project()) {
            "ferrule compile: \($0.errorCount) error(s); nothing written"
        }
        let artifacts = compiled.artifacts
        do {
            try RuleProject.write(artifacts, to: out)
        } catch {
            StandardError.write(
                "\(out): error[unwritable]: cannot write the output: \(error.localizedDescription); the previous build there is unchanged\n"
            )
            throw ExitStatus.unreadable
        }
        let rulesCount = artifacts.filter { $0.kind == .preset }.count
        let virtualCount = artifacts.filter { $0.kind == .virtualParameter }.count
        print(
            "compiled \(rulesCount) rule(s) and \(virtualCount) virtual parameter(s) into \(out) (\(artifacts.count) files)"
        )
    }
}
