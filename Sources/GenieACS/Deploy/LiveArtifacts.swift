public import FerruleCore
public import FerruleJSON

/// Presets, provisions and virtual parameters as GenieACS holds them now.
public struct LiveArtifacts: Sendable {
    public var presets: [String: JSONValue]
    public var provisions: [String: String]
    public var virtualParameters: [String: String]

    public init(
        presets: [String: JSONValue] = [:],
        provisions: [String: String] = [:],
        virtualParameters: [String: String] = [:]
    ) {
        self.presets = presets
        self.provisions = provisions
        self.virtualParameters = virtualParameters
    }

    /// Reads all three collections (concurrently).
    ///
    /// - Parameter secrets: withheld from a ``GenieACSError`` the read throws (what the server
    ///   answered may quote stored presets, their secret arguments filled in): plan and deploy
    ///   pass theirs.
    public static func read(from acs: any GenieACSNBI, secrets: SecretStore?) async throws -> LiveArtifacts {
        do {
            return try await read(from: acs)
        } catch let error as GenieACSError {
            throw error.withholding(ScriptSecrets.knownValues(live: LiveArtifacts(), secrets: secrets))
        }
    }

    /// Reads all three collections (concurrently).
    public static func read(from acs: any GenieACSNBI) async throws -> LiveArtifacts {
        async let presets = acs.presets()
        async let provisions = acs.provisions()
        async let virtualParameters = acs.virtualParameters()
        var live = LiveArtifacts()
        for preset in try await presets {
            if let name = preset["_id"]?.stringValue { live.presets[name] = preset }
        }
        for script in try await provisions { live.provisions[script.name] = script.script }
        for script in try await virtualParameters { live.virtualParameters[script.name] = script.script }
        return live
    }

    func names(_ kind: ArtifactKind) -> [String] {
        switch kind {
        case .preset: presets.keys.sorted()
        case .provision: provisions.keys.sorted()
        case .virtualParameter: virtualParameters.keys.sorted()
        }
    }
}
