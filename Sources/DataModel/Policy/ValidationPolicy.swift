import FerruleCore

/// What a team accepts from its devices: severity overrides per finding code and per path glob,
/// known deviations to ignore (each with a reason), and the model versions it validates against.
///
/// Read from a YAML file (see ``load(_:file:)`` and `Fixtures/validate/policy.yaml`):
///
/// ```yaml
/// severity:
///   out-of-range: warning
///   deprecated: off
/// paths:
///   - path: Device.WiFi.**
///     code: writable-mismatch
///     severity: info
/// ignore:
///   - path: Device.DeviceInfo.X_ACME_*
///     reason: ACME firmware 3.x extension, reviewed in OPS-142
/// models:
///   Device: "2.17"
/// ```
///
/// Precedence: `ignore:` first (the finding is dropped), then `severity:` for the code, then every
/// matching `paths:` entry in file order (the last one wins). `off` drops the finding. Dropped
/// findings are counted in ``ValidationReport/ignored``.
public struct ValidationPolicy: Sendable, Hashable {
    /// The file the policy was read from, for messages.
    public var file: String?
    /// `severity:` — a new severity for every finding of a code.
    public var severities: [FindingCode: PolicySeverity]
    /// `paths:` — severities for findings under a path glob, in file order.
    public var paths: [PathSeverityRule]
    /// `ignore:` — known deviations, dropped from reports.
    public var ignores: [IgnoreRule]
    /// `models:` — the versions the loaded models must have.
    public var models: [ModelPin]

    /// A policy; the empty policy changes nothing.
    public init(
        file: String? = nil,
        severities: [FindingCode: PolicySeverity] = [:],
        paths: [PathSeverityRule] = [],
        ignores: [IgnoreRule] = [],
        models: [ModelPin] = []
    ) {
        self.file = file
        self.severities = severities
        self.paths = paths
        self.ignores = ignores
        self.models = models
    }

    /// The severity the policy gives `finding`: its own, a new one, or nil when the policy drops it.
    public func severity(of finding: Finding) -> Severity? {
        if ignores.contains(where: { $0.matches(finding) }) { return nil }
        var chosen = severities[finding.code]
        for rule in paths where rule.matches(finding) { chosen = rule.severity }
        guard let chosen else { return finding.severity }
        return chosen.severity
    }

    /// `report` with the policy applied: ignored findings and `off` findings dropped (and counted in
    /// ``ValidationReport/ignored``), the others at their new severity, order unchanged.
    public func apply(to report: ValidationReport) -> ValidationReport {
        var result = report
        result.findings = []
        result.findings.reserveCapacity(report.findings.count)
        for var finding in report.findings {
            guard let severity = severity(of: finding) else {
                result.ignored += 1
                continue
            }
            finding.severity = severity
            result.findings.append(finding)
        }
        return result
    }

    /// Checks the `models:` pins against the models a run loaded.
    ///
    /// - Throws: ``PolicyError`` at the pin when no model of its root is loaded, or one is loaded at
    ///   another version.
    public func checkModels(_ loaded: [DataModel]) throws(PolicyError) {
        for pin in models {
            let location = pin.location ?? SourceLocation(file: file ?? "<policy>")
            let candidates = loaded.filter { pin.covers($0) }
            guard !candidates.isEmpty else {
                let names = loaded.map(\.name).sorted().joined(separator: ", ")
                throw PolicyError(
                    .modelPin,
                    location: location,
                    message: "the policy pins \(pin.root) \(pin.version), but no \(pin.root) model is loaded "
                        + "(loaded: \(names.isEmpty ? "none" : names)); pass the \(pin.root) \(pin.version) full XML "
                        + "with --model, or remove the pin"
                )
            }
            for model in candidates where !pin.accepts(model) {
                throw PolicyError(
                    .modelPin,
                    location: location,
                    message: "the policy pins \(pin.root) \(pin.version), but \(model.file) is \(model.name) "
                        + "(\(model.label)); load the \(pin.version) model (--model or FERRULE_MODELS), "
                        + "or update the pin to \"\(model.version)\""
                )
            }
        }
    }
}
