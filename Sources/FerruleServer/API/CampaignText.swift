import Campaigns
import FerruleCore
import FerruleJSON
import Rules

/// Campaign files built from API requests: JSON text, which is YAML, read by the same
/// ``Campaigns/CampaignFile`` reader as `ferrule campaign create` — so a schedule or job is checked
/// exactly like a file (names, filters, zones, windows, actions) and runs the same way.
enum CampaignText {
    /// Parses a campaign document; 422 with every error when it has any.
    ///
    /// - Parameters:
    ///   - text: YAML (or JSON) text.
    ///   - file: The name messages show.
    ///   - positions: Whether messages keep `file:line:col` (useful for a YAML file a person wrote,
    ///     not for JSON built from a request body).
    ///   - variables: Values for `${name}`.
    static func parse(
        _ text: String,
        file: String,
        positions: Bool,
        variables: VariableSet = VariableSet()
    ) throws -> CampaignSpec {
        try read(text, file: file, positions: positions, variables: variables).spec
    }

    /// ``parse(_:file:positions:variables:)`` with the warnings the reader gave (an ambiguous
    /// local time, an `Etc/GMT±n` zone), which `ferrule campaign create` prints for the same file.
    static func read(
        _ text: String,
        file: String,
        positions: Bool,
        variables: VariableSet = VariableSet()
    ) throws -> (spec: CampaignSpec, warnings: [Diagnostic]) {
        var diagnostics = DiagnosticCollector()
        let spec = CampaignFile.parse(text, file: file, variables: variables, diagnostics: &diagnostics)
        let errors = diagnostics.sorted.filter { $0.severity == .error }
        if let spec, errors.isEmpty { return (spec, diagnostics.sorted.filter { $0.severity == .warning }) }
        let lines = errors.prefix(20).map { d in
            positions ? d.description : d.message + (d.hint.map { " (\($0))" } ?? "")
        }
        throw APIFailure.invalid(
            "Request validation failed: "
                + (lines.isEmpty ? "the campaign could not be read" : lines.joined(separator: "; "))
        )
    }

    /// Rule-language actions from their JSON form (`[{"wifi": {…}}, {"set": {…}}]`), read by the
    /// campaign reader for one device.
    static func actions(_ actions: [JSONValue], device: String) throws -> [Action] {
        let document = JSONValue.object([
            ("name", .string("configure-cpe")),
            ("configuration", .array(actions)),
            ("devices", .object([("id", .string(device))])),
        ])
        let spec = try parse(document.compactText, file: "request", positions: false)
        guard case .configuration(let change) = spec.change else { return [] }
        return change.actions
    }
}
