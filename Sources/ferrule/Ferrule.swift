import ArgumentParser
import FerruleCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The `ferrule` command: rules, validation and campaigns for GenieACS and VOLTHA fleets.
@main
struct Ferrule: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ferrule",
        abstract: "Rules, validation and campaigns for GenieACS and VOLTHA fleets.",
        subcommands: [
            CWMPCommand.self, ValidateCommand.self, ModelCommand.self, CompileCommand.self, LintCommand.self,
            TestCommand.self, ExplainCommand.self, PlanCommand.self, DeployCommand.self, ACSCommand.self,
            CampaignCommand.self, VolthaCommand.self, EventsCommand.self, ServeCommand.self, TokenCommand.self,
        ]
    )

    /// Runs the command; usage errors exit 64 (swift-argument-parser's status for them, EX_USAGE),
    /// so they never share a status with a documented result (see ``ExitStatus``).
    static func main() async {
        var parsed: (any ParsableCommand.Type)?
        do {
            let arguments = Array(CommandLine.arguments.dropFirst())
            try ArgumentCheck.check(arguments, command: &parsed)
            var command = try parseAsRoot(arguments)
            parsed = type(of: command)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            var message = fullMessage(for: error)
            // A usage error found once the command was parsed (a missing `--acs`, an unreadable
            // option file): the parser would show the root's usage; show the command's own.
            if let parsed, ObjectIdentifier(parsed) != ObjectIdentifier(Ferrule.self),
                let validation = error as? ValidationError
            {
                let usage = usageString(for: parsed)
                let name = usage.split(separator: " ").prefix { !"-[<".contains($0.first ?? "-") }
                    .joined(separator: " ")
                message =
                    "Error: \(validation.message)\nUsage: \(usage)\n  See '\(name) --help' for more information."
            }
            if code == .success {
                if !message.isEmpty { print(message) }
                Glibc.exit(0)
            }
            if !message.isEmpty { StandardError.write(message + "\n") }
            Glibc.exit(code.rawValue)
        }
    }
}

/// Writes to standard error.
enum StandardError {
    /// Writes `text` with every control character but the line breaks escaped (DisplayText):
    /// messages quote what servers, devices and files said, and none of that may move the cursor,
    /// clear the screen or reorder the line on the operator's terminal.
    static func write(_ text: String) {
        var bytes = Array(Self.escaped(text).utf8)
        _ = bytes.withUnsafeMutableBytes { fputs_shim($0) }
    }

    /// `text` with each line escaped by ``DisplayText/escaped(_:)``, the `\n` between them kept.
    static func escaped(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { DisplayText.escaped(String($0)) }
            .joined(separator: "\n")
    }

    private static func fputs_shim(_ buffer: UnsafeMutableRawBufferPointer) -> Int {
        guard let base = buffer.baseAddress else { return 0 }
        return Glibc.write(2, base, buffer.count)
    }
}
