/// Where each compiled artifact lives in `ferrule compile`'s output: the one definition of the
/// layout that the compiler writes and `plan`/`deploy` read back.
///
/// `presets/<name>.json`, `provisions/<name>.js`, `virtual_parameters/<name>.js`; the manifest is
/// `manifest.json` at the top.
public enum ArtifactFolder: String, Sendable, Hashable, CaseIterable {
    case presets
    case provisions
    case virtualParameters = "virtual_parameters"

    /// The manifest's path.
    public static let manifest = "manifest.json"

    /// The file name extension, with its dot.
    public var fileExtension: String { self == .presets ? ".json" : ".js" }

    /// The relative path of the artifact `name` (`presets/wifi-2g.json`).
    public func path(_ name: String) -> String { rawValue + "/" + name + fileExtension }

    /// The folder and artifact name of a relative path; nil for anything else (the manifest,
    /// nested folders, other extensions).
    public static func parse(_ path: String) -> (folder: ArtifactFolder, name: String)? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let folder = ArtifactFolder(rawValue: String(parts[0])),
            parts[1].hasSuffix(folder.fileExtension), parts[1].count > folder.fileExtension.count
        else { return nil }
        return (folder, String(parts[1].dropLast(folder.fileExtension.count)))
    }
}
