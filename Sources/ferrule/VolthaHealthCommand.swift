import ArgumentParser
import VOLTHA

/// `ferrule voltha health`: ready, degraded or down.
struct VolthaHealthCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "health",
        abstract: "Is VOLTHA ready (GetVoltha answers), degraded (core not ready) or down? Exit 0, 3 or 1."
    )

    @OptionGroup var voltha: VolthaOptions

    @Option(help: "table, json or csv.")
    var format: ListFormat = .table

    func run() async throws {
        let configuration = try voltha.configuration()
        let health = try await reportingVolthaErrors { try await withVolthaClient(configuration) { await $0.health() } }
        let detail: String
        switch health {
        case .ready(let version): detail = version
        case .degraded(let reason), .down(let reason): detail = reason
        }
        TableOutput.print(
            columns: ["address", "status", "detail"],
            rows: [[configuration.address, health.name, detail]],
            format: format
        )
        switch health {
        case .ready: return
        case .degraded: throw ExitCode(3)
        case .down: throw ExitCode(1)
        }
    }
}
