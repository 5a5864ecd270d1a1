/// A glob over TR-069 parameter paths, segment by segment.
///
/// - `*` matches exactly one segment (`Device.WiFi.Radio.*.Channel`);
/// - `**` matches any number of segments, none included (`Device.WiFi.**`);
/// - `{i}` matches one instance number or alias (`Device.IP.Interface.{i}.Enable`);
/// - inside a segment, `*` matches any run of characters (`Device.**.X_ACME_*`).
///
/// A trailing `.` (an object path) is ignored on both sides, so `Device.WiFi.` and `Device.WiFi`
/// are the same path.
///
/// ```swift
/// PathGlob("Device.WiFi.**").matches("Device.WiFi.Radio.1.Channel")  // true
/// PathGlob("Device.*.Enable").matches("Device.WiFi.Radio.1.Enable")  // false: * is one segment
/// ```
public struct PathGlob: Sendable, Hashable, CustomStringConvertible {
    /// The glob as written.
    public let pattern: String
    private let segments: [Segment]

    private enum Segment: Sendable, Hashable {
        case literal(String)
        case any
        case anyDepth
        case instance
        /// Literal parts between in-segment `*`s.
        case wildcard([String])
    }

    /// A glob from its text; every text is a valid glob.
    public init(_ pattern: String) {
        self.pattern = pattern
        segments = Self.split(pattern).map { segment in
            switch segment {
            case "**": .anyDepth
            case "*": .any
            case "{i}": .instance
            default:
                segment.contains("*")
                    ? .wildcard(segment.split(separator: "*", omittingEmptySubsequences: false).map(String.init))
                    : .literal(segment)
            }
        }
    }

    public var description: String { pattern }

    /// Whether `path` (an instance path as the device reported it) matches the glob.
    public func matches(_ path: String) -> Bool {
        Self.match(segments[...], Self.split(path)[...])
    }

    private static func split(_ path: String) -> [String] {
        var trimmed = Substring(path)
        while trimmed.hasSuffix(".") { trimmed = trimmed.dropLast() }
        return trimmed.isEmpty ? [] : trimmed.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    }

    private static func match(_ glob: ArraySlice<Segment>, _ path: ArraySlice<String>) -> Bool {
        guard let first = glob.first else { return path.isEmpty }
        if first == .anyDepth {
            let rest = glob.dropFirst()
            if rest.isEmpty { return true }
            for start in path.indices where match(rest, path[start...]) { return true }
            return match(rest, path[path.endIndex...])
        }
        guard let segment = path.first, matchSegment(first, segment) else { return false }
        return match(glob.dropFirst(), path.dropFirst())
    }

    private static func matchSegment(_ glob: Segment, _ segment: String) -> Bool {
        switch glob {
        case .literal(let text): text == segment
        case .any, .anyDepth: true
        case .instance:
            (!segment.isEmpty && segment.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 })
                || (segment.hasPrefix("[") && segment.hasSuffix("]"))
        case .wildcard(let parts): wildcard(parts, segment)
        }
    }

    /// `parts` are the literal pieces between `*`s: the first anchors the start, the last the end.
    private static func wildcard(_ parts: [String], _ segment: String) -> Bool {
        guard let head = parts.first, let tail = parts.last, parts.count >= 2 else { return parts.first == segment }
        guard segment.hasPrefix(head) else { return false }
        var rest = Substring(segment.dropFirst(head.count))
        for middle in parts.dropFirst().dropLast() where !middle.isEmpty {
            guard let end = firstEnd(of: middle, in: rest) else { return false }
            rest = rest[end...]
        }
        return rest.count >= tail.count && rest.hasSuffix(tail)
    }

    /// The index just past the first occurrence of `needle` in `text`.
    private static func firstEnd(of needle: String, in text: Substring) -> Substring.Index? {
        var start = text.startIndex
        while start < text.endIndex {
            if text[start...].hasPrefix(needle) { return text.index(start, offsetBy: needle.count) }
            start = text.index(after: start)
        }
        return nil
    }
}
