import ArgumentParser
import Foundation
import GenieACSStandIn
import Synchronization

/// `genieacs-standin`: a GenieACS 1.2.16 NBI stand-in with simulated CPEs (Tools/GenieACSStandIn/README.md).
@main
struct GenieACSStandInCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "genieacs-standin",
        abstract: "Serve a GenieACS 1.2.16 NBI stand-in with simulated CPEs.",
        discussion: """
            The first line on stdout is `listening on http://<host>:<port>`. Runs until SIGINT or SIGTERM. \
            Flags override the scenario file; see Tools/GenieACSStandIn/README.md for every scenario key.
            """
    )

    @Option(help: "The port; 0 picks a free one.")
    var port: Int = 7557

    @Option(help: "The address to bind.")
    var host: String = "127.0.0.1"

    @Option(help: "A scenario YAML file.")
    var scenario: String?

    @Option(help: "Number of simulated devices.")
    var devices: Int?

    @Option(help: "A fixture tree (GenieACS CSV or NBI JSON); repeat for several, equal weights.")
    var fixture: [String] = []

    @Option(help: "Share of devices online (0…1).")
    var onlineRatio: Double?

    @Option(help: "Share of online devices with bad connection-request credentials (0…1).")
    var badCredentialsRatio: Double?

    @Option(help: "Seed of every deterministic choice.")
    var seed: UInt64?

    @Option(help: "Serial number prefix.")
    var serialPrefix: String?

    @Option(help: "Periodic inform interval, seconds (0 = none).")
    var informInterval: Double?

    @Option(help: "cwmp.retryDelay, seconds.")
    var retryDelay: Double?

    @Option(help: "cwmp.downloadTimeout, seconds.")
    var downloadTimeout: Double?

    @Option(help: "Connection request to session start, ms.")
    var crLatency: Int?

    @Option(help: "Session duration, ms.")
    var sessionDuration: Int?

    @Option(help: "Delay added to every NBI response, ms.")
    var responseDelay: Int?

    func run() async throws {
        var s = try scenario.map { try Scenario.load(yamlFile: $0) } ?? Scenario()
        if let devices { s.devices = devices }
        if !fixture.isEmpty { s.fixtures = fixture.map { Scenario.FixtureSource(.file($0)) } }
        if let onlineRatio { s.onlineRatio = onlineRatio }
        if let badCredentialsRatio { s.badCredentialsRatio = badCredentialsRatio }
        if let seed { s.seed = seed }
        if let serialPrefix { s.serialPrefix = serialPrefix }
        if let informInterval { s.informIntervalSeconds = informInterval }
        if let retryDelay { s.retryDelaySeconds = retryDelay }
        if let downloadTimeout { s.downloadTimeoutSeconds = downloadTimeout }
        if let crLatency { s.latencies.crToSessionMs = crLatency }
        if let sessionDuration { s.latencies.sessionDurationMs = sessionDuration }
        if let responseDelay { s.latencies.responseDelayMs = responseDelay }
        do {
            try s.validate(file: scenario ?? "<flags>")
        } catch {
            throw ValidationError("\(error)")
        }

        let server = try await StandInServer.start(host: host, port: port, scenario: s)
        // The first stdout line, unbuffered: scripts wait for it to learn the port.
        FileHandle.standardOutput.write(Data("listening on \(server.baseURL)\n".utf8))
        FileHandle.standardError.write(
            Data("genieacs-standin: \(s.devices) devices from \(server.fixtureNames.joined(separator: ", "))\n".utf8)
        )
        await Self.waitForTermination()
        try await server.shutdown()
    }

    /// Suspends until SIGINT or SIGTERM (a self-pipe written by the signal handler, read on its own thread).
    private static func waitForTermination() async {
        _ = signalPipe
        signal(SIGINT, onSignal)
        signal(SIGTERM, onSignal)
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let thread = Thread {
                var byte: UInt8 = 0
                while read(signalPipe.read, &byte, 1) < 0 && errno == EINTR {}
                continuation.resume()
            }
            thread.start()
        }
    }
}

/// The self-pipe of the signal handler; created before the handler is installed, never changed.
private let signalPipe: (read: Int32, write: Int32) = {
    var fds: [Int32] = [-1, -1]
    _ = pipe(&fds)
    return (fds[0], fds[1])
}()

/// Async-signal-safe: one `write` to the self-pipe.
private func onSignal(_: Int32) {
    var byte: UInt8 = 1
    _ = write(signalPipe.write, &byte, 1)
}
