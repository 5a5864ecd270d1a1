import Foundation

extension RuleProject {
    /// Writes `artifacts` under `directory` (`presets/`, `provisions/`, `virtual_parameters/`,
    /// `manifest.json`), replacing the folders Ferrule wrote before — all or nothing.
    ///
    /// Everything is written into a staging folder inside `directory` first (same file system), then
    /// each folder and the manifest is swapped in by renaming. A failure while writing leaves the
    /// previous build as it was; one while swapping puts back what was already swapped.
    ///
    /// - Throws: the file system's error when a folder or file cannot be written.
    public static func write(_ artifacts: [CompiledArtifact], to directory: String) throws {
        let manager = FileManager.default
        try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let staging = (directory as NSString).appendingPathComponent(".ferrule-staging-\(UUID().uuidString)")
        try manager.createDirectory(atPath: staging, withIntermediateDirectories: false)
        defer { try? manager.removeItem(atPath: staging) }
        let folders = ["presets", "provisions", "virtual_parameters"]
        for sub in folders {
            try manager.createDirectory(
                atPath: (staging as NSString).appendingPathComponent(sub),
                withIntermediateDirectories: false
            )
        }
        for artifact in artifacts {
            let url = URL(fileURLWithPath: (staging as NSString).appendingPathComponent(artifact.path))
            try Data(artifact.contents.utf8).write(to: url)
        }
        var entries = folders
        for artifact in artifacts where !artifact.path.contains("/") && !entries.contains(artifact.path) {
            entries.append(artifact.path)
        }
        try swap(entries, from: staging, into: directory)
    }

    /// Moves each entry of `staging` to `directory`, the previous one set aside in `staging`; on a
    /// failure the entries already swapped are put back.
    private static func swap(_ entries: [String], from staging: String, into directory: String) throws {
        let manager = FileManager.default
        func path(_ base: String, _ name: String) -> String { (base as NSString).appendingPathComponent(name) }
        var done: [(name: String, setAside: Bool)] = []
        do {
            for name in entries {
                let target = path(directory, name)
                let previous = path(staging, "previous-" + name)
                var setAside = false
                if manager.fileExists(atPath: target) {
                    try manager.moveItem(atPath: target, toPath: previous)
                    setAside = true
                }
                do {
                    try manager.moveItem(atPath: path(staging, name), toPath: target)
                } catch {
                    if setAside { try? manager.moveItem(atPath: previous, toPath: target) }
                    throw error
                }
                done.append((name, setAside))
            }
        } catch {
            for (name, setAside) in done.reversed() {
                let target = path(directory, name)
                try? manager.removeItem(atPath: target)
                if setAside { try? manager.moveItem(atPath: path(staging, "previous-" + name), toPath: target) }
            }
            throw error
        }
    }
}
