import FerruleCore
import FerruleTestSupport
import Foundation

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

    /// Compiles the rules shipped in `Provisions/` with `vars/common.yaml`, as `ferrule compile` does.
    static func compileShipped() -> (RuleSet, [CompiledArtifact], DiagnosticCollector) {
        var d = DiagnosticCollector()
        let rules = Repository.url("Provisions").path
        let set = RuleLoader.load([rules], diagnostics: &d)
        let vars = VariableSet.load([rules + "/vars/common.yaml"], diagnostics: &d)
        let artifacts = RuleCompiler.compile(set, options: CompileOptions(variables: vars), diagnostics: &d)
        return (set, artifacts, d)
    }
}
