import Foundation

/// Resolves a scenario's fixtures to device models.
enum FixtureLoader {
    /// The scenario's fixtures; with none given, every `.csv`/`.json` in the repository's `Fixtures/trees` (found
    /// upward from the working directory or this source file), else the embedded TR-098 and TR-181 trees.
    static func models(for scenario: Scenario) throws -> (models: [FixtureModel], sources: [Scenario.FixtureSource]) {
        var sources = scenario.fixtures
        if sources.isEmpty { sources = defaultSources() }
        var models: [FixtureModel] = []
        for source in sources {
            switch source.tree {
            case .file(let path): models.append(try FixtureModel.load(file: path))
            case .embeddedTR098:
                models.append(try FixtureModel.load(bytes: Array(EmbeddedTrees.tr098.utf8), name: "embedded:tr098"))
            case .embeddedTR181:
                models.append(try FixtureModel.load(bytes: Array(EmbeddedTrees.tr181.utf8), name: "embedded:tr181"))
            }
        }
        return (models, sources)
    }

    static func defaultSources() -> [Scenario.FixtureSource] {
        if let dir = repositoryFixtures() {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
            let trees = files.filter { $0.hasSuffix(".csv") || $0.hasSuffix(".json") }.sorted()
            if !trees.isEmpty { return trees.map { Scenario.FixtureSource(.file(dir + "/" + $0)) } }
        }
        return [Scenario.FixtureSource(.embeddedTR098), Scenario.FixtureSource(.embeddedTR181)]
    }

    private static func repositoryFixtures() -> String? {
        let starts = [
            FileManager.default.currentDirectoryPath, URL(fileURLWithPath: #filePath).deletingLastPathComponent().path,
        ]
        for start in starts {
            var dir = URL(fileURLWithPath: start)
            for _ in 0..<8 {
                let candidate = dir.appendingPathComponent("Fixtures/trees").path
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), isDirectory.boolValue {
                    return candidate
                }
                dir.deleteLastPathComponent()
            }
        }
        return nil
    }
}
