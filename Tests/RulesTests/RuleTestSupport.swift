import FerruleCore
import FerruleTestSupport

@testable import Rules

/// Writes rule files into a temporary directory and loads them.
enum RuleTestSupport {
    static func load(_ files: [String: String]) throws -> (RuleSet, DiagnosticCollector, String) {
        let dir = try Scratch.directory(files, prefix: "ferrule-rules")
        var diagnostics = DiagnosticCollector()
        let set = RuleLoader.load([dir], diagnostics: &diagnostics)
        return (set, diagnostics, dir)
    }

    static func codes(_ d: DiagnosticCollector) -> [String] { d.sorted.map(\.code.rawValue) }
}
