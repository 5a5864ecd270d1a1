import ArgumentParser
import FerruleCore
import Foundation
import GenieACS
import Rules

/// The rule and secret inputs `plan` and `deploy` share.
struct DeployInputs: ParsableArguments {
    @Argument(help: "Rule files or directories.")
    var rules: [String]

    @Option(help: "Environment name: adds vars/<env>.yaml from each rules directory.")
    var env: String?

    @Option(help: "A variables file; may be repeated.")
    var vars: [String] = []

    @Option(
        help: "A secrets file of NAME=value lines for ${secret:NAME}; FERRULE_SECRET_<NAME> variables win over it."
    )
    var secrets: String?

    @Flag(help: "Delete Ferrule-owned artifacts that are no longer in the rules.")
    var prune = false

    /// The compiled artifacts, keyed for planning.
    func artifactSet(command: String) throws -> ArtifactSet {
        let artifacts = try RuleInputs.compileOrExit(rules: rules, env: env, vars: vars, command: command)
        do {
            return try ArtifactSet(files: artifacts.map { (path: $0.path, contents: $0.contents) })
        } catch {
            StandardError.write("error: \(error)\n")
            throw ExitCode(1)
        }
    }

    /// The secrets from the file and the environment; nil when neither is given.
    func secretStore(required: Bool) throws -> SecretStore? {
        let environment = ProcessInfo.processInfo.environment.filter { $0.key.hasPrefix("FERRULE_SECRET_") }
        if !required, secrets == nil, environment.isEmpty { return nil }
        return try Self.secretStore(file: secrets)
    }

    /// The secrets from `file` (NAME=value lines) and the `FERRULE_SECRET_*` environment.
    static func secretStore(file secrets: String?) throws -> SecretStore {
        let environment = ProcessInfo.processInfo.environment.filter { $0.key.hasPrefix("FERRULE_SECRET_") }
        var values: [String: String] = [:]
        if let secrets {
            let data: [UInt8]
            do {
                data = try BoundedFileReader.read(secrets)
            } catch {
                StandardError.write("\(error)\n")
                throw ExitCode(2)
            }
            do {
                values = try SecretStore.parse(String(decoding: data, as: UTF8.self), file: secrets)
            } catch {
                StandardError.write("\(error)\n")
                throw ExitCode(2)
            }
        }
        return SecretStore(values: values, environment: environment)
    }
}

/// Whether standard output is a terminal (colour, prompts).
enum Terminal {
    static var isInteractive: Bool { isatty(1) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil }
    static var stdinIsInteractive: Bool { isatty(0) == 1 }
}
