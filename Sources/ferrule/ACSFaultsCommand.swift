import ArgumentParser
import GenieACS

/// `ferrule acs faults`: list faults.
struct ACSFaultsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "faults",
        abstract: "List faults (all, or one device's)."
    )

    @OptionGroup var acs: ACSOptions

    @Option(help: "Only this device's faults.")
    var device: String?

    @Option(help: "table, json or csv.")
    var format: ListFormat = .table

    func run() async throws {
        let client = try acs.client()
        let faults = try await reportingACSErrors { try await client.faults(device: device) }
        let rows = faults.map { [$0.id, $0.channel, $0.code, $0.message, String($0.retries), $0.timestamp] }
        TableOutput.print(
            columns: ["id", "channel", "code", "message", "retries", "timestamp"],
            rows: rows,
            format: format,
            types: ["retries": .number]
        )
    }
}

/// `ferrule acs fault-delete ID`: delete a fault (and its task, on a task channel).
struct ACSFaultDeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fault-delete",
        abstract: "Delete a fault; on a task channel (task_<id>) the task is deleted too, abandoning it."
    )

    @OptionGroup var acs: ACSOptions

    @Argument(help: "The fault id, <deviceId>:<channel>.")
    var id: String

    func run() async throws {
        guard id.contains(":") else {
            throw ValidationError("a fault id is <deviceId>:<channel>, e.g. 00259E-HG8245-SR1:task_6560…")
        }
        let client = try acs.client()
        try await reportingACSErrors { try await client.deleteFault(id) }
        print("deleted fault \(id)")
    }
}
