import ArgumentParser
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

    /// The compiled artifacts, keyed for planning. Every failure exits 1: for `plan`, 2 means
    /// changes, so an unreadable rule file must not look like one.
    func artifactSet(command: String) throws -> ArtifactSet {
        let compiled = try DiagnosticOutput.compileOrExit(try project.project(), unreadable: ExitStatus.failure) {
            _ in "ferrule \(command): the rules have errors; GenieACS was not contacted"
        }
        do {
            return try ArtifactSet(files: compiled.artifacts.map { (path: $0.path, contents: $0.contents) })
        } catch {
            StandardError.write("error: \(error)\n")
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
