/// Collects diagnostics while reading, compiling and linting.
public struct DiagnosticCollector: Sendable {
    /// Everything reported, in the order it was reported.
    public private(set) var diagnostics: [Diagnostic] = []

    public init() {}

    /// Whether any diagnostic is an error.
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// How many diagnostics are errors.
    public var errorCount: Int { diagnostics.count { $0.severity == .error } }

    /// Whether any diagnostic has `code`.
    public func contains(_ code: Diagnostic.Code) -> Bool { diagnostics.contains { $0.code == code } }

    public mutating func add(_ diagnostic: Diagnostic) { diagnostics.append(diagnostic) }

    /// Adds every diagnostic of `other`, in order.
    public mutating func add(contentsOf other: DiagnosticCollector) { diagnostics += other.diagnostics }

    public mutating func error(
        _ code: Diagnostic.Code,
        _ message: String,
        at location: SourceLocation,
        hint: String? = nil,
        related: [SourceLocation] = []
    ) {
        diagnostics.append(Diagnostic(.error, code, message, at: location, hint: hint, related: related))
    }

    public mutating func warning(
        _ code: Diagnostic.Code,
        _ message: String,
        at location: SourceLocation,
        hint: String? = nil,
        related: [SourceLocation] = []
    ) {
        diagnostics.append(Diagnostic(.warning, code, message, at: location, hint: hint, related: related))
    }

    /// All diagnostics, sorted by place then code, for stable output.
    public var sorted: [Diagnostic] {
        diagnostics.sorted { a, b in a.location != b.location ? a.location < b.location : a.code < b.code }
    }
}
