public import FerruleCore
import Foundation

/// Reads campaign files (docs/campaigns.md): YAML describing one firmware or configuration
/// campaign, its device filter and its rollout.
///
/// Every problem becomes a diagnostic with the file, line and column of the offending node and,
/// where it helps, a hint (`did you mean "max_concurrent"?`); reading continues past problems so
/// one run reports them all.
///
/// ```swift
/// var diagnostics = DiagnosticCollector()
/// let spec = CampaignFile.parse(text, file: "campaigns/fw.yaml", diagnostics: &diagnostics)
/// for d in diagnostics.sorted { print(d) }   // campaigns/fw.yaml:7:3: error[unknown-key]: …
/// ```
public enum CampaignFile {
    /// Parses a campaign file's text.
    ///
    /// - Parameters:
    ///   - text: The YAML text.
    ///   - file: The path shown in diagnostics and kept in ``CampaignSpec/file``.
    ///   - variables: Values for `${name}` in configuration actions, firmware fields and filter
    ///     values; an undefined variable is an error. `${secret:NAME}` stays a placeholder.
    ///   - diagnostics: Receives every problem found.
    /// - Returns: The campaign, or nil when the file has errors (warnings do not prevent it).
    public static func parse(
        _ text: String,
        file: String,
        variables: VariableSet = VariableSet(),
        diagnostics: inout DiagnosticCollector
    ) -> CampaignSpec? {
        var reader = CampaignReader(file: file, variables: variables, diagnostics: diagnostics)
        let spec = reader.read(text)
        let hadErrors =
            reader.diagnostics.diagnostics.count > diagnostics.diagnostics.count
            && reader.diagnostics.diagnostics[diagnostics.diagnostics.count...].contains { $0.severity == .error }
        diagnostics = reader.diagnostics
        return hadErrors ? nil : spec
    }

    /// Reads and parses the campaign file at `path`.
    ///
    /// - Returns: The campaign, or nil when the file cannot be read or has errors (an
    ///   `unreadable` diagnostic for the former).
    public static func load(
        path: String,
        variables: VariableSet = VariableSet(),
        diagnostics: inout DiagnosticCollector
    ) -> CampaignSpec? {
        guard
            let data = BoundedFileReader.read(
                path,
                what: "the campaign file",
                hint: "check the path and its permissions",
                diagnostics: &diagnostics
            )
        else { return nil }
        guard let text = String(validating: data, as: UTF8.self) else {
            diagnostics.error(.unreadable, "the campaign file is not UTF-8 text", at: SourceLocation(file: path))
            return nil
        }
        return parse(text, file: path, variables: variables, diagnostics: &diagnostics)
    }

    /// Reads the campaign file at `path` with its variables files (later files win), as
    /// `ferrule campaign create` and `plan` do.
    ///
    /// - Returns: The campaign (nil when the file or a variables file has errors, all in
    ///   `diagnostics`) and the text as read, which `create` stores so the definition is frozen.
    /// - Throws: ``BoundedReadError`` when the campaign file cannot be read.
    public static func read(
        path: String,
        variableFiles: [String],
        diagnostics: inout DiagnosticCollector
    ) throws(BoundedReadError) -> (spec: CampaignSpec?, text: String) {
        let text = String(decoding: try BoundedFileReader.read(path), as: UTF8.self)
        let variables = VariableSet.load(variableFiles, diagnostics: &diagnostics)
        let spec = parse(text, file: path, variables: variables, diagnostics: &diagnostics)
        return (diagnostics.hasErrors ? nil : spec, text)
    }

    /// Parses a stored campaign's text again (its definition is frozen at create) with the
    /// variables files used then.
    ///
    /// - Returns: The campaign, or nil when it no longer reads (the problems are in `diagnostics`).
    public static func reparse(
        _ campaign: CampaignRecord,
        variableFiles: [String],
        diagnostics: inout DiagnosticCollector
    ) -> CampaignSpec? {
        // The variables stored at create, then the files given now over them.
        var variables = VariableSet.load(variableFiles, diagnostics: &diagnostics)
        for (name, value) in campaign.variables where variables.values[name] == nil { variables.set(name, value) }
        let spec = parse(campaign.specText, file: campaign.specFile, variables: variables, diagnostics: &diagnostics)
        return diagnostics.hasErrors ? nil : spec
    }

    /// A stored campaign's text read again with the variables it was created with.
    public static func parse(stored campaign: CampaignRecord, diagnostics: inout DiagnosticCollector) -> CampaignSpec? {
        parse(campaign.specText, file: campaign.specFile, variables: campaign.variableSet, diagnostics: &diagnostics)
    }
}
