import CWMP
import FerruleCore

/// SARIF 2.1.0 for code scanning: one run, one rule per ``FindingCode``, one result per finding.
///
/// Results carry `ruleId`, `ruleIndex`, `level` (`error`, `warning`, `note`), `message.text` and a
/// physical location (the file as a relative URI and `region.startLine`), plus the parameter path as
/// a logical location. GitHub code scanning places an alert only with a start line (SARIF validator
/// rule GH1003), so a finding with no line of its own — a forced-Inform parameter missing from an
/// Inform — is placed at line 1 of its file.
enum SARIFReport {
    static let schema = "https://json.schemastore.org/sarif-2.1.0.json"

    struct Log: Encodable {
        var schema = SARIFReport.schema
        var version = "2.1.0"
        var runs: [Run]

        enum CodingKeys: String, CodingKey {
            case schema = "$schema"
            case version, runs
        }
    }

    struct Run: Encodable {
        var tool: Tool
        var results: [Result]
        var columnKind = "unicodeCodePoints"
        /// Present when findings were held back: one notification saying so (SARIF 2.1.0 §3.20.21).
        var invocations: [Invocation]?
        /// Present when findings were held back: `truncated`, `findingsNotShown`, `maxDiagnostics`.
        var properties: Properties?
    }

    struct Invocation: Encodable {
        var executionSuccessful = true
        var toolExecutionNotifications: [Notification]
    }

    struct Notification: Encodable {
        var level = "warning"
        var message: Message
    }

    struct Properties: Encodable {
        var truncated = true
        var findingsNotShown: Int
        var maxDiagnostics: Int
    }

    struct Tool: Encodable {
        var driver: Driver
    }

    struct Driver: Encodable {
        var name = "ferrule"
        var rules: [Rule]
    }

    struct Rule: Encodable {
        var id: String
        var name: String
        var shortDescription: Message
        var defaultConfiguration: Configuration
    }

    struct Configuration: Encodable {
        var level: String
    }

    struct Message: Encodable {
        var text: String
    }

    struct Result: Encodable {
        var ruleId: String
        var ruleIndex: Int?
        var level: String
        var message: Message
        var locations: [Location]
    }

    struct Location: Encodable {
        var physicalLocation: PhysicalLocation
        var logicalLocations: [LogicalLocation]
    }

    struct PhysicalLocation: Encodable {
        var artifactLocation: ArtifactLocation
        var region: Region
    }

    struct ArtifactLocation: Encodable {
        var uri: String
    }

    struct Region: Encodable {
        var startLine: Int
    }

    struct LogicalLocation: Encodable {
        var fullyQualifiedName: String
        var kind = "member"
    }

    static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .info: "note"
        }
    }

    static func render(_ reports: [FileReport], budget: FindingBudget = FindingBudget(limit: nil)) -> String {
        var codes = FindingCode.all.map(\.0)
        for file in reports {
            for finding in file.report.findings where !codes.contains(finding.code) { codes.append(finding.code) }
        }
        let rules = codes.map { code in
            Rule(
                id: code.rawValue,
                name: code.rawValue,
                shortDescription: Message(text: code.summary),
                defaultConfiguration: Configuration(level: level(code.defaultSeverity))
            )
        }
        var results: [Result] = []
        for file in reports {
            for finding in file.report.findings {
                results.append(
                    Result(
                        ruleId: finding.code.rawValue,
                        ruleIndex: codes.firstIndex(of: finding.code),
                        level: level(finding.severity),
                        message: Message(text: finding.message),
                        locations: [
                            Location(
                                physicalLocation: PhysicalLocation(
                                    artifactLocation: ArtifactLocation(uri: uri(finding.file(default: file.file))),
                                    region: Region(startLine: finding.location?.line ?? 1)
                                ),
                                logicalLocations: [LogicalLocation(fullyQualifiedName: finding.path)]
                            )
                        ]
                    )
                )
            }
        }
        var run = Run(tool: Tool(driver: Driver(rules: rules)), results: results)
        if let note = budget.note, let limit = budget.limit {
            run.invocations = [Invocation(toolExecutionNotifications: [Notification(message: Message(text: note))])]
            run.properties = Properties(findingsNotShown: budget.notShown, maxDiagnostics: limit)
        }
        let log = Log(runs: [run])
        return JSONReport.encode(log)
    }

    /// A file path as a URI reference: relative paths stay relative (code scanning resolves them
    /// against the checkout), absolute ones become `file://` URIs; reserved characters are escaped.
    static func uri(_ path: String) -> String {
        (path.hasPrefix("/") ? "file://" : "") + PercentEncoding.encode(path, keeping: "/")
    }
}
