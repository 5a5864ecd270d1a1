import FerruleCore
import Foundation
import Rules

/// Trigger rules from YAML text, as `RuleLoader` reads them from a file.
enum RuleText {
    static func load(_ text: String) throws -> RuleSet {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ferrule-triggers-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(text.utf8).write(to: dir.appendingPathComponent("rules.yaml"))
        var diagnostics = DiagnosticCollector()
        let set = RuleLoader.load([dir.path], diagnostics: &diagnostics)
        if diagnostics.hasErrors { throw RuleTextError(diagnostics: diagnostics.sorted.map(\.description)) }
        return set
    }

    struct RuleTextError: Error {
        var diagnostics: [String]
    }
}
