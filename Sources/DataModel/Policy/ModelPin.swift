public import FerruleCore

/// A `models:` entry of a policy: the version a data-model root must have (`Device: "2.17"`).
public struct ModelPin: Sendable, Hashable {
    /// The model's root object name: `Device`, `InternetGatewayDevice`, `VoiceService`.
    public var root: String
    /// The pinned version, `2.17`.
    public var version: String
    /// Where the entry is written.
    public var location: SourceLocation?

    /// A pin of the `root` model to `version`.
    public init(root: String, version: String, location: SourceLocation? = nil) {
        self.root = root
        self.version = version
        self.location = location
    }

    /// Whether `model` is this pin's root at its version (`2.17` and `2.17.0` are the same version).
    public func accepts(_ model: DataModel) -> Bool {
        Self.components(model.version) == Self.components(version)
    }

    /// Whether `model` is the root this pin is about.
    public func covers(_ model: DataModel) -> Bool {
        model.rootPath == root + "."
    }

    private static func components(_ version: String) -> [Substring] {
        var parts = version.split(separator: ".", omittingEmptySubsequences: false)
        while parts.count > 1, parts.last == "0" { parts.removeLast() }
        return parts
    }
}
