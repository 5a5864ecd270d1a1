public import ArgumentParser
public import DataModel
import DeviceTrees
import FerruleCore

extension ReportFormat: ExpressibleByArgument {}

/// `ferrule validate`: check device parameter trees against Broadband Forum data models, for CI.
struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check device parameter trees against Broadband Forum data models (TR-181, TR-098, TR-104).",
        discussion: """
            Trees: Informs, GetParameterValues/GetParameterNames responses (XML), GenieACS NBI device \
            documents (JSON) and GenieACS CSV exports; a directory stands for the .xml, .json and .csv \
            files below it. Each file is validated on its own, against the model of its root \
            (Device. → TR-181, InternetGatewayDevice. → TR-098, Services.VoiceService → TR-104).

            Models: --model FILE (repeatable), else every *-full.xml in $FERRULE_MODELS, else ./Models.

            Policy (--policy FILE, YAML): severity overrides per code and per path glob, ignored \
            deviations with a reason, pinned model versions. See Fixtures/validate/policy.yaml.

            At most --max-diagnostics findings are printed (1000 unless given; 0 prints all), the \
            first in file-name order; a last line says how many were not shown, and JSON, SARIF and \
            JUnit say so in the document (`truncated`; a JUnit testcase per cut file). The summary \
            and the exit status count every finding.

            Exit status: 0 without errors, 1 with errors (or warnings under --strict), 2 for \
            unreadable input (a model, tree or policy that cannot be read, or no models found), 64 \
            for usage errors.
            """
    )

    @Argument(help: "Tree files, or directories of them.")
    var inputs: [String]

    @Option(name: .customLong("model"), help: "A BBF full data-model XML file (repeatable).")
    var models: [String] = []

    @Option(help: "A policy file (YAML).")
    var policy: String?

    @Option(help: "Output format: text, json, junit, sarif or github.")
    var format: ReportFormat = .text

    @Flag(help: "Fail (exit 1) on warnings too.")
    var strict = false

    @Option(help: "What the tree files hold (auto decides per file).")
    var from: TreeSourceFormat = .auto

    @Option(help: "The charset to assume for XML bodies without a declaration.")
    var charset: String?

    @Option(
        name: .customLong("max-diagnostics"),
        help: "Print at most N findings (0: all); the summary and the exit status count every finding."
    )
    var maxDiagnostics: Int = 1000

    func validate() throws {
        guard maxDiagnostics >= 0 else {
            throw ValidationError("--max-diagnostics must be 0 (print all) or more, not \(maxDiagnostics)")
        }
    }

    func run() async throws {
        let policy = try loadPolicy()
        let locator = ModelLocator(explicit: models, environmentDirectory: CommandEnvironment.current.modelsDirectory)
        let loaded: [DataModel]
        do {
            loaded = try await DataModelLoader.load(files: try locator.locate())
            try policy.checkModels(loaded)
        } catch {
            StandardError.write("\(error)\n")
            throw ExitStatus.unreadable
        }
        let paths = InputFiles.expand(inputs, extensions: ["xml", "json", "csv"])
        guard !paths.isEmpty else {
            throw ValidationError(
                "no tree files (.xml, .json, .csv) found in \(inputs.map(TreeValidationRun.shown).joined(separator: " "))"
            )
        }
        let modelSet = ModelSet(loaded)
        for line in modelSet.unsupportedPatternWarnings { StandardError.write("ferrule validate: \(line)\n") }
        let run = TreeValidationRun(
            validator: TreeValidator(models: modelSet),
            policy: policy,
            source: from,
            charset: charset,
            format: format,
            strict: strict,
            maxFindings: maxDiagnostics == 0 ? nil : maxDiagnostics
        )
        let outcome = run.run(
            paths,
            output: { print($0, terminator: "") },
            diagnostic: { StandardError.write($0 + "\n") }
        )
        if outcome.unreadable { throw ExitStatus.unreadable }
        if outcome.fails { throw ExitStatus.failure }
    }

    private func loadPolicy() throws -> ValidationPolicy {
        guard let policy else { return ValidationPolicy() }
        do {
            return try ValidationPolicy.load(try InputFiles.read(policy).get(), file: policy)
        } catch var error as BoundedReadError {
            error.path = TreeValidationRun.shown(policy)
            StandardError.write("\(error)\n")
            throw ExitStatus.unreadable
        } catch {
            StandardError.write("\(error)\n")
            throw ExitStatus.unreadable
        }
    }
}
