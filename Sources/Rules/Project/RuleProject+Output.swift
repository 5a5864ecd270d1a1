import Foundation

extension RuleProject {
    /// Writes `artifacts` under `directory` (`presets/`, `provisions/`, `virtual_parameters/`,
    /// `manifest.json`), replacing the folders Ferrule wrote before.
    ///
    /// - Throws: the file system's error when a folder or file cannot be written.
    public static func write(_ artifacts: [CompiledArtifact], to directory: String) throws {
        let manager = FileManager.default
        for sub in ["presets", "provisions", "virtual_parameters"] {
            let folder = (directory as NSString).appendingPathComponent(sub)
            if manager.fileExists(atPath: folder) { try manager.removeItem(atPath: folder) }
            try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        for artifact in artifacts {
            let url = URL(fileURLWithPath: (directory as NSString).appendingPathComponent(artifact.path))
            try Data(artifact.contents.utf8).write(to: url, options: .atomic)
        }
    }
}
