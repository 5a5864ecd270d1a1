import FerruleCore
import Foundation

@testable import Rules

/// Writes rule files into a temporary directory and loads them.
enum RuleTestSupport {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func directory(_ files: [String: String]) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ferrule-rules-\(UUID().uuidString)")
        for (name, text) in files {
            let url = dir.appendingPathComponent(name)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(),
                withIntermediateDirectories: true
            )
            try Data(text.utf8).write(to: url)
        }
        return dir.path
    }

    static func load(_ files: [String: String]) throws -> (RuleSet, DiagnosticCollector, String) {
        let dir = try directory(files)
        var diagnostics = DiagnosticCollector()
        let set = RuleLoader.load([dir], diagnostics: &diagnostics)
        return (set, diagnostics, dir)
    }

    static func codes(_ d: DiagnosticCollector) -> [String] { d.sorted.map(\.code.rawValue) }
}
