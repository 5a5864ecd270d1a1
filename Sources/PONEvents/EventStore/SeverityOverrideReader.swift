public import FerruleCore

/// Reads an operator's severity file, which replaces rows of ``SeverityMapping/builtIn``:
///
/// ```yaml
/// # alarm-severities.yaml
/// default: indeterminate        # names in neither table (optional)
/// severities:
///   ONU_LOSS_OF_SIGNAL: critical
///   ONU_Ethernet_UNI: indeterminate
/// ```
///
/// Names are alarm names without `_RAISE_EVENT` / `_CLEAR_EVENT`, spelled as VOLTHA sends them
/// (`ONU_Ethernet_UNI` has mixed case). Severities are `indeterminate`, `warning`, `minor`, `major`,
/// `critical` in any case. Unknown keys, unknown severities and suffixed names are errors; a name
/// Ferrule does not know is a warning (it may be newer than this ferrule), with the closest known
/// name as a hint. Every problem is reported at its `file:line:col`.
public struct SeverityOverrideReader: YAMLReader {
    /// The largest file read: a table of a few hundred names fits in a few KiB.
    public static let maxFileBytes = 1 << 20

    /// The file as named on the command line.
    public let file: String
    /// Every problem found.
    public var diagnostics = DiagnosticCollector()

    /// A reader for `file`.
    public init(file: String) {
        self.file = file
    }

    /// The mapping `base` with the file at `path` applied; nil when the file has errors (then
    /// `diagnostics` says where).
    public static func load(
        _ path: String,
        base: SeverityMapping = .builtIn
    ) -> (mapping: SeverityMapping?, diagnostics: [Diagnostic]) {
        var reader = SeverityOverrideReader(file: path)
        let bytes: [UInt8]
        do {
            bytes = try BoundedFileReader.read(path, limit: maxFileBytes)
        } catch {
            reader.diagnostics.error(.unreadable, "\(error)", at: SourceLocation(file: path))
            return (nil, reader.diagnostics.sorted)
        }
        let mapping = reader.read(String(decoding: bytes, as: UTF8.self), base: base)
        return (reader.diagnostics.hasErrors ? nil : mapping, reader.diagnostics.sorted)
    }

    /// `base` with `text` applied; nil when `text` cannot be read at all.
    public mutating func read(_ text: String, base: SeverityMapping = .builtIn) -> SeverityMapping? {
        guard let root = compose(text) else {
            if !diagnostics.hasErrors {
                diagnostics.error(.empty, "the severity file is empty", at: SourceLocation(file: file))
            }
            return nil
        }
        guard let pairs = mapping(root, what: "the severity file") else { return nil }
        var overrides: [String: AlarmSeverity] = [:]
        var fallback: AlarmSeverity?
        for (keyNode, value) in pairs {
            guard let key = scalarText(keyNode, what: "a key") else { continue }
            switch key {
            case "default":
                fallback = severity(value)
            case "severities":
                guard let rows = mapping(value, what: "severities (alarm name: severity)") else { continue }
                for (nameNode, severityNode) in rows {
                    guard let name = scalarText(nameNode, what: "an alarm name"), checkName(name, at: nameNode),
                        let severity = severity(severityNode)
                    else { continue }
                    overrides[name] = severity
                }
            default:
                unknownKey(keyNode, key, among: ["default", "severities"], in: "the severity file")
            }
        }
        return base.overridden(by: overrides, fallback: fallback)
    }

    /// A severity value, or nil (reported).
    private mutating func severity(_ node: YAMLNode) -> AlarmSeverity? {
        guard let text = scalarText(node, what: "a severity") else { return nil }
        if let severity = AlarmSeverity(name: text) { return severity }
        let names = AlarmSeverity.allCases.map(\.rawValue)
        error(
            node,
            .badValue,
            "\"\(DisplayText.value(text))\" is not a severity",
            hint: DidYouMean.suggestion(for: text.lowercased(), among: names).map { "did you mean \"\($0)\"?" }
                ?? "use one of \(names.joined(separator: ", "))"
        )
        return nil
    }

    /// Whether `name` can be an override's name: errors for suffixed names, warnings for names
    /// that are never alarms or that Ferrule does not know.
    private mutating func checkName(_ name: String, at node: YAMLNode) -> Bool {
        for suffix in ["_RAISE_EVENT", "_CLEAR_EVENT"] where name.hasSuffix(suffix) {
            error(
                node,
                .badValue,
                "\"\(DisplayText.value(name))\" is an event name, not an alarm name",
                hint: "write \"\(DisplayText.value(String(name.dropLast(suffix.count))))\""
            )
            return false
        }
        if AlarmKey.notificationNames.contains(name) {
            warning(
                node,
                .badValue,
                "\(name) is a notification, never an alarm: its severity is not used",
                hint: "remove this line"
            )
            return true
        }
        let known = Array(SeverityMapping.builtIn.severities.keys).sorted()
        if SeverityMapping.builtIn.severities[name] == nil {
            let suggestion = DidYouMean.suggestion(for: name, among: known)
            warning(
                node,
                .unknownAlarmName,
                "\"\(DisplayText.value(name))\" is not an alarm name this ferrule knows",
                hint: suggestion.map { "did you mean \"\($0)\"?" }
                    ?? "it applies if VOLTHA sends it; names are case-sensitive (docs/alarms.md lists them)"
            )
        }
        return true
    }
}

extension Diagnostic.Code {
    /// An alarm name in a severity file that Ferrule's table does not have.
    public static let unknownAlarmName = Self(rawValue: "unknown-alarm-name")
}
