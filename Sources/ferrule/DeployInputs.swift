import ArgumentParser
import DataModel
import FerruleCore
import Foundation
import GenieACS
import Rules

/// The rule and secret inputs `plan` and `deploy` share.
struct DeployInputs: ParsableArguments {
    @OptionGroup var project: RuleProjectOptions

    @Option(
        help: "A secrets file of NAME=value lines for ${secret:NAME}; FERRULE_SECRET_<NAME> variables win over it."
    )
    var secrets: String?

    @Flag(help: "Delete Ferrule-owned artifacts that are no longer in the rules.")
    var prune = false

    @Option(
        name: .customLong("model"),
        help: "A BBF full data-model XML or .fmodel file the values are checked against (repeatable)."
    )
    var models: [String] = []

    /// The compiled artifacts, keyed for planning, after the values the rules set (variables
    /// substituted, secrets from `secrets` when given) were checked against the data models
    /// (`--model`, `$FERRULE_MODELS` or ./Models; skipped when none are found and none were asked
    /// for). Every failure exits 1: for `plan`, 2 means changes, so an unreadable rule file must not
    /// look like one.
    func artifactSet(command: String, secrets: SecretStore?) async throws -> ArtifactSet {
        let compiled = try DiagnosticOutput.compileOrExit(try project.project(), unreadable: ExitStatus.failure) {
            _ in "ferrule \(command): the rules have errors; GenieACS was not contacted"
        }
        try await checkValues(compiled, command: command, secrets: secrets)
        do {
            return try ArtifactSet(files: compiled.artifacts.map { (path: $0.path, contents: $0.contents) })
        } catch {
            StandardError.write("error: \(error)\n")
            throw ExitStatus.failure
        }
    }

    /// The values `compiled` sets, held against the models (``ModelValueCheck``): a value the model
    /// refuses is an error, and GenieACS is not contacted.
    private func checkValues(_ compiled: RuleProject.Compilation, command: String, secrets: SecretStore?) async throws {
        guard let modelSet = try await Self.modelSet(models) else { return }
        var diagnostics = DiagnosticCollector()
        ModelValueCheck.check(compiled.resolvedRules, models: modelSet, secrets: secrets, diagnostics: &diagnostics)
        DiagnosticOutput.print(diagnostics)
        guard !diagnostics.hasErrors else {
            StandardError.write(
                "ferrule \(command): \(diagnostics.errorCount) value(s) the data model refuses; GenieACS was not contacted\n"
            )
            throw ExitStatus.failure
        }
    }

    /// The data models values are checked against: `explicit` (`--model`), `$FERRULE_MODELS` or ./Models.
    /// nil when none are found and none were asked for (the values are then not checked); models asked
    /// for and not loaded are an error (exit 1).
    static func modelSet(_ explicit: [String]) async throws -> ModelSet? {
        let locator = ModelLocator(explicit: explicit, environmentDirectory: CommandEnvironment.current.modelsDirectory)
        do {
            return ModelSet(try await DataModelLoader.load(files: try locator.locate()))
        } catch {
            guard locator.isExplicit else { return nil }
            StandardError.write("\(error)\n")
            throw ExitStatus.failure
        }
    }

    /// The secrets from the file and the environment; nil when neither is given.
    func secretStore(required: Bool) throws -> SecretStore? {
        if !required, secrets == nil, !SecretStore.hasSecrets(in: CommandEnvironment.current.variables) { return nil }
        return try Self.secretStore(file: secrets, unreadable: ExitStatus.failure)
    }

    /// The secrets from `file` (NAME=value lines) and the `FERRULE_SECRET_*` environment.
    static func secretStore(file: String?, unreadable: ExitCode = ExitStatus.unreadable) throws -> SecretStore {
        do {
            return try SecretStore.load(file: file, environment: CommandEnvironment.current.variables)
        } catch {
            StandardError.write("\(error)\n")
            throw unreadable
        }
    }
}

/// Whether standard output is a terminal (colour, prompts).
enum Terminal {
    static var isInteractive: Bool { isatty(1) == 1 && CommandEnvironment.current.allowsColour }
    static var stdinIsInteractive: Bool { isatty(0) == 1 }
}
