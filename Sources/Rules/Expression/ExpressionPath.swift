/// The path of a parameter reference: literal pieces and `{expr}` computed pieces.
///
/// GenieACS's parser reads a parameter as a run of `[A-Za-z0-9_.*-]` characters and `{expr}`
/// segments written without spaces between them, and stores `["PARAM", "a.b"]` for one piece or
/// `["PARAM", ["||", "a.", expr, ".c"]]` for several. This type keeps the pieces exactly so that
/// ``Expression/jsonForm`` matches. A `{'text'}` piece is stored as ``Segment/name(_:)`` because
/// GenieACS stores both as the same JSON string.
public struct ExpressionPath: Sendable, Hashable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// One piece of a path.
    public enum Segment: Sendable, Hashable {
        /// Literal text (`Device.WiFi.SSID.`).
        case name(String)
        /// A computed piece (`{n}`), evaluated and converted to text.
        case computed(Expression)
    }

    /// The pieces, never empty.
    public let segments: [Segment]

    /// A plain path (`DeviceID.ProductClass`).
    public init(_ path: String) {
        self.segments = [.name(path)]
    }

    public init(stringLiteral value: String) {
        self.init(value)
    }

    /// A path of several pieces; `{'text'}` pieces become names, an empty list is the empty name.
    public init(segments: [Segment]) {
        let normalised = segments.map { segment -> Segment in
            if case .computed(.string(let text)) = segment { return .name(text) }
            return segment
        }
        self.segments = normalised.isEmpty ? [.name("")] : normalised
    }

    /// The path as plain text when it has no computed piece (`nil` otherwise).
    public var name: String? {
        var text = ""
        for segment in segments {
            guard case .name(let piece) = segment else { return nil }
            text += piece
        }
        return text
    }

    /// The path as written in GenieACS's syntax.
    public var description: String { ExpressionRenderer.render(path: self) }
}
