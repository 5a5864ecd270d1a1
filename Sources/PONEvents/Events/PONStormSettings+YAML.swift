public import FerruleCore

extension PONStormSettings {
    /// The keys of the `storm:` section.
    static let keys = [
        "threshold", "window-seconds", "clear-after-seconds", "debounce-seconds", "duplicate-window-seconds",
        "max-ports", "max-onus",
    ]

    /// Reads a settings file whose top level has one key, `storm:`; absent keys keep their
    /// defaults. Problems are reported at `file:line:col`; nil when there is any.
    public static func read(_ text: String, file: String) -> (
        settings: PONStormSettings?, diagnostics: DiagnosticCollector
    ) {
        var reader = SettingsReader(file: file, diagnostics: DiagnosticCollector())
        guard let root = reader.compose(text) else {
            if !reader.diagnostics.hasErrors {
                return (PONStormSettings(), reader.diagnostics)
            }
            return (nil, reader.diagnostics)
        }
        guard let pairs = reader.mapping(root, what: "the settings file") else { return (nil, reader.diagnostics) }
        var settings = PONStormSettings()
        for (key, value) in pairs {
            guard let name = reader.scalarText(key, what: "a key") else { continue }
            if name == "storm" {
                var diagnostics = reader.diagnostics
                settings = read(section: value, file: file, diagnostics: &diagnostics) ?? settings
                reader.diagnostics = diagnostics
            } else {
                reader.unknownKey(key, name, among: ["storm"], in: "the settings file")
            }
        }
        return (reader.diagnostics.hasErrors ? nil : settings, reader.diagnostics)
    }

    /// Reads the mapping of a `storm:` section inside a larger file; nil (reported) when it is not
    /// one or a value is wrong.
    public static func read(
        section node: YAMLNode,
        file: String,
        diagnostics: inout DiagnosticCollector
    ) -> PONStormSettings? {
        var reader = SettingsReader(file: file, diagnostics: DiagnosticCollector())
        defer { diagnostics.add(contentsOf: reader.diagnostics) }
        guard let pairs = reader.mapping(node, what: "the storm settings") else { return nil }
        var settings = PONStormSettings()
        for (key, value) in pairs {
            guard let name = reader.scalarText(key, what: "a key") else { continue }
            switch name {
            case "threshold":
                // At most the ONUs a port remembers: a larger threshold could never be reached.
                settings.threshold =
                    reader.int(value, what: "threshold", range: 2...PONStormSettings.maxThreshold)
                    ?? settings.threshold
            case "window-seconds":
                settings.window = reader.seconds(value, what: "window-seconds", range: 1...86_400) ?? settings.window
            case "clear-after-seconds":
                settings.clearAfter =
                    reader.seconds(value, what: "clear-after-seconds", range: 1...86_400) ?? settings.clearAfter
            case "debounce-seconds":
                settings.debounce =
                    reader.seconds(value, what: "debounce-seconds", range: 0...3_600) ?? settings.debounce
            case "duplicate-window-seconds":
                settings.duplicateWindow =
                    reader.seconds(value, what: "duplicate-window-seconds", range: 0...3_600)
                    ?? settings.duplicateWindow
            case "max-ports":
                settings.maxPorts = reader.int(value, what: "max-ports", range: 1...10_000_000) ?? settings.maxPorts
            case "max-onus":
                settings.maxONUs = reader.int(value, what: "max-onus", range: 1...100_000_000) ?? settings.maxONUs
            default:
                reader.unknownKey(key, name, among: keys, in: "the storm settings")
            }
        }
        return reader.diagnostics.hasErrors ? nil : settings
    }
}

/// The storm settings' YAML, with the foundation's locations and messages.
private struct SettingsReader: YAMLReader {
    let file: String
    var diagnostics: DiagnosticCollector

    mutating func seconds(_ node: YAMLNode, what: String, range: ClosedRange<Int>) -> Double? {
        int(node, what: "\(what) (whole seconds)", range: range).map(Double.init)
    }
}
