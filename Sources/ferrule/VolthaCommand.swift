import ArgumentParser
import CurlHTTP
import Foundation
import VOLTHA

#if canImport(Glibc)
import Glibc
#endif

/// `ferrule voltha`: VOLTHA's northbound gRPC API and ONU provisioning from the command line.
struct VolthaCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "voltha",
        abstract: "Query and operate VOLTHA (--voltha host:port or FERRULE_VOLTHA), provision ONUs via SADIS + ONOS.",
        discussion: """
            Every subcommand takes --voltha host:port (or FERRULE_VOLTHA; default localhost:55555, as \
            voltctl) and --format table|json|csv. Devices are named by VOLTHA id or, for ONUs, by \
            serial number. delete, and disable or reboot of an OLT, ask for confirmation on a \
            terminal and need --yes otherwise.

            Exit status: 0 success, 1 when VOLTHA or ONOS refuses or cannot be reached (the address \
            and the cause are printed), 64 usage errors (a missing --yes among them); health: 0 ready, 3 \
            degraded, 1 down.
            """,
        subcommands: [
            VolthaHealthCommand.self, VolthaDevicesCommand.self, VolthaDeviceCommand.self,
            VolthaEnableCommand.self, VolthaDisableCommand.self, VolthaRebootCommand.self, VolthaDeleteCommand.self,
            VolthaLogicalDevicesCommand.self, VolthaLogicalDeviceCommand.self, VolthaAdaptersCommand.self,
            VolthaDeviceTypesCommand.self, VolthaStatsCommand.self, VolthaOnusCommand.self,
            VolthaProvisionOnuCommand.self, VolthaDeprovisionOnuCommand.self, VolthaSadisServeCommand.self,
            VolthaAlarmsCommand.self,
            VolthaEventsCommand.self,
        ]
    )
}

/// How every `ferrule voltha` command finds VOLTHA.
struct VolthaOptions: ParsableArguments {
    @Option(
        name: .customLong("voltha"),
        help: "VOLTHA's NBI as host:port (default: $FERRULE_VOLTHA or localhost:55555)."
    )
    var address: String?

    @OptionGroup var connection: VolthaConnectionOptions

    /// The configuration from the options and the environment.
    func configuration() throws -> VolthaConfiguration {
        let environment = CommandEnvironment.current["FERRULE_VOLTHA"]
        return try connection.configuration(address: address ?? environment ?? VolthaConfiguration.defaultAddress)
    }

    /// Connects and runs `body`, printing VOLTHA errors as one line and exiting 1.
    func run<T: Sendable>(_ body: (VolthaClient) async throws -> T) async throws -> T {
        let configuration = try configuration()
        return try await reportingVolthaErrors { try await withVolthaClient(configuration, body) }
    }
}

/// Refuses a blank (empty or whitespace-only) device id or serial number as a usage error (64):
/// it names no device in VOLTHA (`voltha-go:rw_core/core/device/manager.go:211-216` answers
/// NOT_FOUND), and an OLT not yet connected has an empty serial, so looking it up by serial would
/// act on that OLT. `name` is the argument as the user wrote it (`<device>`, `--olt`).
func requireDeviceKey(_ value: String, _ name: String) throws {
    guard VolthaClient.isBlank(value) else { return }
    throw ValidationError(
        "\(name) is \(value.isEmpty ? "empty" : "only white space") (an unset variable?); give a VOLTHA device id or "
            + "serial number (\"ferrule voltha devices\" lists them)"
    )
}

/// Runs `body`, printing ``VolthaError``s as `error: …` and exiting 1.
func reportingVolthaErrors<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as VolthaError {
        StandardError.write("error: \(error)\n")
        throw ExitCode(1)
    }
}

/// Asks before a destructive action: on a terminal, a y/N prompt; otherwise `--yes` is required.
enum Confirmation {
    static func require(_ question: String, yes: Bool) throws {
        if yes { return }
        guard isatty(0) == 1 else {
            StandardError.write("error: \(question) — refusing without --yes (standard input is not a terminal)\n")
            throw ExitStatus.usage
        }
        StandardError.write("\(question) [y/N] ")
        let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        guard answer == "y" || answer == "yes" else {
            StandardError.write("cancelled; nothing was changed\n")
            throw ExitCode(1)
        }
    }
}
