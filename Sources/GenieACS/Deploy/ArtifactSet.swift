public import FerruleArtifacts
public import FerruleJSON

/// One artifact Ferrule wants in GenieACS.
public struct DesiredArtifact: Sendable, Hashable {
    public var kind: ArtifactKind
    public var name: String
    /// A preset document (with its marker) or a script's text.
    public var content: Content
    public var marker: OwnershipMarker

    public enum Content: Sendable, Hashable {
        case preset(JSONValue)
        case script(String)
    }
}

/// What `ferrule compile` produced, keyed for plan and deploy.
public struct ArtifactSet: Sendable {
    public private(set) var artifacts: [DesiredArtifact]

    /// Reads compiled files by their relative path: `presets/<name>.json`, `provisions/<name>.js`,
    /// `virtual_parameters/<name>.js`; other files (the manifest) are ignored.
    ///
    /// Each artifact's marker hash is checked against its content: a compiled file edited by hand
    /// is refused here rather than deployed.
    /// - Throws: ``ArtifactSetError`` naming the file.
    public init(files: [(path: String, contents: String)]) throws(ArtifactSetError) {
        var artifacts: [DesiredArtifact] = []
        for (path, contents) in files {
            guard let (folder, name) = ArtifactFolder.parse(path) else { continue }
            switch folder {
            case .presets:
                let document: JSONValue
                do {
                    document = try JSONValue.parse(contents)
                } catch {
                    throw ArtifactSetError(path: path, message: "not JSON: \(error)")
                }
                let marker = try Self.checked(
                    OwnershipMarker.preset(document),
                    contentHash: OwnershipMarker.contentHash(ofPreset: document),
                    path: path,
                    missing: "has no ferrule marker"
                )
                artifacts.append(DesiredArtifact(kind: .preset, name: name, content: .preset(document), marker: marker))
            case .provisions, .virtualParameters:
                let kind: ArtifactKind = folder == .provisions ? .provision : .virtualParameter
                let marker = try Self.checked(
                    OwnershipMarker.script(contents),
                    contentHash: OwnershipMarker.contentHash(ofScript: contents),
                    path: path,
                    missing: "has no ferrule marker line"
                )
                artifacts.append(
                    DesiredArtifact(
                        kind: kind,
                        name: name,
                        content: .script(contents),
                        marker: marker
                    )
                )
            }
        }
        self.artifacts = artifacts.sorted { ($0.kind, $0.name) < ($1.kind, $1.name) }
    }

    /// `marker` when the content still has the hash it records; else why the file is refused: no
    /// marker (`missing`), or edited after compiling.
    private static func checked(
        _ marker: OwnershipMarker?,
        contentHash: @autoclosure () -> String,
        path: String,
        missing: String
    ) throws(ArtifactSetError) -> OwnershipMarker {
        guard let marker else {
            throw ArtifactSetError(path: path, message: "\(missing); compile it with `ferrule compile`")
        }
        guard contentHash() == marker.hash else {
            throw ArtifactSetError(
                path: path,
                message: "content does not match its marker hash; it was edited after compiling"
            )
        }
        return marker
    }

    /// The artifact of `kind` named `name`.
    public func artifact(_ kind: ArtifactKind, _ name: String) -> DesiredArtifact? {
        artifacts.first { $0.kind == kind && $0.name == name }
    }

    /// Every `${secret:NAME}` the presets use.
    public var secretNames: [String] {
        var names: Set<String> = []
        for case .preset(let document) in artifacts.map(\.content) {
            for position in SecretTemplates.positions(in: document) {
                names.formUnion(SecretTemplates.names(in: position.template))
            }
        }
        return names.sorted()
    }
}

/// A compiled artifact that cannot be deployed.
public struct ArtifactSetError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var message: String
    public var description: String { "\(path): \(message)" }
}
