/// The GenieACS documents Ferrule compiles and deploys.
public enum ArtifactKind: String, Sendable, Hashable, CaseIterable, Comparable {
    case provision
    case virtualParameter = "virtual-parameter"
    case preset

    /// The NBI collection and URL segment.
    var collection: NBICollection {
        switch self {
        case .preset: .presets
        case .provision: .provisions
        case .virtualParameter: .virtualParameters
        }
    }

    /// Words for people.
    public var label: String {
        switch self {
        case .preset: "preset"
        case .provision: "provision"
        case .virtualParameter: "virtual parameter"
        }
    }

    public static func < (a: ArtifactKind, b: ArtifactKind) -> Bool { a.order < b.order }

    private var order: Int {
        switch self {
        case .preset: 0
        case .provision: 1
        case .virtualParameter: 2
        }
    }
}
