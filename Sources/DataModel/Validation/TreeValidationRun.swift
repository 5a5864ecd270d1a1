import CWMP
public import DeviceTrees
import FerruleCore

/// `ferrule validate`'s work over a list of tree files: each file read (capped by
/// ``BoundedFileReader``), loaded as a parameter tree, validated, the policy applied, and the report
/// rendered. JSON is written file by file in name order, so memory holds one file's findings.
///
/// Problems with a file (unreadable, not a tree) and what the CWMP reader tolerated are one line
/// each, `file:line:col: severity[code]: message`, with the file name shortened and escaped
/// (``DisplayText``): a path is input too, and may be 40,000 characters or hold control bytes.
///
/// ```swift
/// let run = TreeValidationRun(validator: TreeValidator(models: models), policy: policy, format: .text)
/// let outcome = run.run(paths, output: { print($0, terminator: "") }, diagnostic: { StandardError.write($0 + "\n") })
/// ```
public struct TreeValidationRun: Sendable {
    /// How many characters of a file name a diagnostic shows.
    public static let pathLimit = 240

    public var validator: TreeValidator
    public var policy: ValidationPolicy
    /// What the files hold (``TreeSourceFormat/auto`` decides per file).
    public var source: TreeSourceFormat
    /// The charset to assume for XML bodies without a declaration.
    public var charset: String?
    /// The report format.
    public var format: ReportFormat
    /// Warnings fail the run too (and JUnit reports them as failures).
    public var strict: Bool
    /// The most findings the report shows (``FindingBudget``); nil shows all. The summary and the
    /// outcome count every finding.
    public var maxFindings: Int?

    /// A run from its parts.
    public init(
        validator: TreeValidator,
        policy: ValidationPolicy = ValidationPolicy(),
        source: TreeSourceFormat = .auto,
        charset: String? = nil,
        format: ReportFormat = .text,
        strict: Bool = false,
        maxFindings: Int? = nil
    ) {
        self.validator = validator
        self.policy = policy
        self.source = source
        self.charset = charset
        self.format = format
        self.strict = strict
        self.maxFindings = maxFindings
    }

    /// Validates each file and renders the report.
    ///
    /// - Parameters:
    ///   - paths: The tree files.
    ///   - output: Receives the report, in pieces, in order (standard output).
    ///   - diagnostic: Receives one line per unreadable file and per reader warning, without the
    ///     newline (standard error).
    public func run(
        _ paths: [String],
        output: @escaping (String) -> Void,
        diagnostic: (String) -> Void
    ) -> TreeValidationOutcome {
        var reports: [FileReport] = []
        var unreadable = false
        let stream = format == .json ? JSONReportStream(maxFindings: maxFindings, emit: output) : nil
        for path in stream == nil ? paths : paths.sorted() {
            guard let report = validate(path, diagnostic: diagnostic) else {
                unreadable = true
                continue
            }
            if let stream { stream.add(report) } else { reports.append(report) }
        }
        let summary: ReportSummary
        if let stream {
            summary = stream.finish()
        } else {
            output(
                ReportRenderer.render(reports, as: format, failOn: strict ? .warning : .error, maxFindings: maxFindings)
            )
            summary = ReportSummary(reports)
        }
        return TreeValidationOutcome(summary: summary, unreadable: unreadable, fails: summary.fails(strict: strict))
    }

    /// One file's report after the policy; nil (with the reason given to `diagnostic`) when the
    /// file cannot be read or is not a tree.
    public func validate(_ path: String, diagnostic: (String) -> Void) -> FileReport? {
        let shown = Self.shown(path)
        let bytes: [UInt8]
        do {
            bytes = try BoundedFileReader.read(path)
        } catch {
            var shortened = error
            shortened.path = shown
            diagnostic(DisplayText.line(shortened.description))
            return nil
        }
        let input: LoadedTree
        do {
            input = try ParameterTree.loadSource(bytes, format: source, file: path, charset: charset)
        } catch {
            var shortened = error
            if shortened.file == path { shortened.file = shown }
            diagnostic(DisplayText.line(shortened.description))
            return nil
        }
        // A repeated parameter is a `duplicate-parameter` finding in the report instead.
        for warning in input.warnings where warning.code != .repeatedParameter {
            diagnostic(
                DisplayText.line(
                    "\(shown)\(warning.line.map { ":\($0)" } ?? ""): warning[\(warning.code)]: \(warning.message)"
                )
            )
        }
        let report = validator.validate(
            input.tree,
            isInform: input.isInform,
            cwmpVersion: input.cwmpVersion,
            repeats: input.repeats
        )
        return FileReport(file: path, report: policy.apply(to: report))
    }

    /// A file name as a diagnostic shows it: control characters escaped, cut after ``pathLimit``
    /// characters with the full size.
    public static func shown(_ path: String) -> String { DisplayText.value(path, limit: pathLimit) }
}

/// How a validation run ended.
public struct TreeValidationOutcome: Sendable, Hashable {
    /// Totals over the files that were validated.
    public var summary: ReportSummary
    /// Whether a file could not be read or was not a tree (exit 2).
    public var unreadable: Bool
    /// Whether the findings fail the run (errors, or warnings under `strict`; exit 1).
    public var fails: Bool
}
