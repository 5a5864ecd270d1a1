import ArgumentParser
import FerruleCore
import FerruleServer
import Foundation

/// `ferrule serve`: the REST API, the campaign runner, health and metrics.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the REST API and run scheduled campaigns (docs/serve.md).",
        discussion: """
            Prints `listening on http://HOST:PORT` as the first line of standard output once it \
            accepts connections (with --port 0, the port it picked); logs go to standard error \
            (--log-format json for JSON lines). Without --config it runs on embedded defaults: \
            state in --state (or $FERRULE_STATE_DIR), one tenant `default` whose GenieACS is \
            $FERRULE_ACS_URL and VOLTHA $FERRULE_VOLTHA. Every route but /healthz, /readyz and \
            /openapi.json needs a token from `ferrule token create`.

            With an events: section (or $FERRULE_KAFKA_BROKERS) it also hosts the PON event consumer \
            of `ferrule events run`; while another process holds the event store it stands by.

            SIGTERM or SIGINT: stops accepting connections, finishes requests and campaign steps in \
            flight, lets the event consumer finish its commits and queued actions, exits 0.

            Exit status: 0 stopped by a signal (--check-config: the configuration is valid), 1 the \
            configuration has errors or the server cannot start, 64 usage error.
            """
    )

    @Option(name: .customLong("config"), help: "The server configuration file (YAML).")
    var configFile: String?

    @Option(
        name: .customLong("state"),
        help: "The state directory (default: $FERRULE_STATE_DIR or ~/.local/state/ferrule)."
    )
    var stateDirectory: String?

    @Option(help: "The address to listen on (default 127.0.0.1).")
    var host: String?

    @Option(help: "The port to listen on; 0 picks a free one (default 8080).")
    var port: Int?

    @Option(name: .customLong("log-format"), help: "text or json (default: text, or log.format).")
    var logFormat: LogFormatOption?

    @Flag(name: .customLong("check-config"), help: "Check the configuration and exit (0 valid, 1 errors).")
    var checkConfig = false

    func validate() throws {
        if let port, !(0...65535).contains(port) { throw ValidationError("--port must be between 0 and 65535") }
        if let host, let problem = ServerConfigurationReader.hostProblem(host) {
            throw ValidationError(problem.replacingOccurrences(of: "listen.host", with: "--host"))
        }
    }

    func run() async throws {
        let environment = CommandEnvironment.current.variables
        let (configuration, diagnostics) = ServerConfiguration.load(file: configFile, environment: environment) {
            configuration in
            if let stateDirectory { configuration.stateDirectory = stateDirectory }
            if let host { configuration.host = host }
            if let port { configuration.port = port }
            if let logFormat { configuration.log.format = logFormat.format }
        }
        for diagnostic in diagnostics.sorted { StandardError.write("\(diagnostic)\n") }
        if diagnostics.hasErrors {
            StandardError.write("error: the server configuration has \(diagnostics.errorCount) error(s)\n")
            throw ExitStatus.failure
        }
        if checkConfig {
            let tenants = configuration.tenants.map(\.description).joined(separator: "; ")
            print(
                "configuration ok: listen \(configuration.host):\(configuration.port), state \(configuration.stateDirectory), \(tenants)"
                    + (configuration.events.map { "; events: \($0.summary(in: configuration))" } ?? "")
            )
            return
        }
        let models: ServerModels?
        do {
            models = try ServerModels.locate(environment: environment)
        } catch {
            StandardError.write("\(error)\n")
            throw ExitStatus.failure
        }
        let logger = ServerLogging.bootstrap(configuration.log)
        let runtime: ServerRuntime
        do {
            runtime = try ServerRuntime(configuration: configuration, environment: environment, logger: logger)
        } catch {
            StandardError.write("error: cannot start the server: \(error)\n")
            throw ExitStatus.failure
        }
        let scheme = configuration.tls == nil ? "http" : "https"
        do {
            try await ServerLauncher.run(runtime: runtime, logger: logger, routes: APIRoutes.routes(models: models)) {
                host,
                port in
                let shown = host.contains(":") ? "[\(host)]" : host
                // Unbuffered and first: scripts and tests read the port from this line.
                FileHandle.standardOutput.write(Data("listening on \(scheme)://\(shown):\(port)\n".utf8))
            }
        } catch let error as ServerBindError {
            StandardError.write("\(error)\n")
            throw ExitStatus.failure
        } catch {
            StandardError.write("error: the server stopped: \(error)\n")
            throw ExitStatus.failure
        }
    }
}

/// `--log-format text|json`.
enum LogFormatOption: String, ExpressibleByArgument, CaseIterable {
    case text, json

    var format: ServerConfiguration.LogSettings.Format { self == .text ? .text : .json }
}
