import ArgumentParser
import FerruleArtifacts
import FerruleCore
import FerruleJSON
import GenieACS

/// `ferrule acs presets`: list presets, marking Ferrule's.
struct ACSPresetsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "presets", abstract: "List presets.")

    @OptionGroup var acs: ACSOptions

    @Option(help: "table, json or csv.")
    var format: ListFormat = .table

    func run() async throws {
        let client = try acs.client()
        let secrets: SecretStore? =
            SecretStore.hasSecrets(in: CommandEnvironment.current.variables)
            ? try DeployInputs.secretStore(file: nil) : nil
        // Shown as `plan` and the REST API show them: deployed secret values (and, in a Ferrule
        // preset edited in GenieACS, every string that may have taken one) masked.
        let presets = try await reportingACSErrors { try await client.presets() }
            .map { SecretTemplates.shown($0, desired: nil, secrets: secrets) }
        let rows = presets.map { p -> [String] in
            let events = (p["events"]?.objectMembers ?? []).map { ($1.boolValue ?? true ? "" : "-") + $0 }
            let marker = OwnershipMarker.preset(p)
            return [
                p["_id"]?.stringValue ?? "", p["weight"]?.compactText ?? "", p["channel"]?.stringValue ?? "default",
                events.joined(separator: " "), p["schedule"]?.stringValue ?? "", p["precondition"]?.stringValue ?? "",
                marker.map { "ferrule: \($0.rule)" } ?? "",
            ]
        }
        TableOutput.print(
            columns: ["name", "weight", "channel", "events", "schedule", "precondition", "owner"],
            rows: rows,
            format: format,
            types: ["weight": .number]
        )
    }
}

/// `ferrule acs provisions`: list provisions and virtual parameters, marking Ferrule's.
struct ACSProvisionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "provisions",
        abstract: "List provisions and virtual parameters."
    )

    @OptionGroup var acs: ACSOptions

    @Option(help: "table, json or csv.")
    var format: ListFormat = .table

    func run() async throws {
        let client = try acs.client()
        let (provisions, virtual) = try await reportingACSErrors {
            (try await client.provisions(), try await client.virtualParameters())
        }
        let rows =
            provisions.map { row("provision", $0) } + virtual.map { row("virtual-parameter", $0) }
        TableOutput.print(
            columns: ["kind", "name", "lines", "owner", "source"],
            rows: rows,
            format: format,
            types: ["lines": .number]
        )
    }

    private func row(_ kind: String, _ script: StoredScript) -> [String] {
        let marker = OwnershipMarker.script(script.script)
        return [
            kind, script.name, String(script.script.split(separator: "\n", omittingEmptySubsequences: false).count),
            marker.map { "ferrule: \($0.rule)" } ?? "", marker?.source ?? "",
        ]
    }
}
