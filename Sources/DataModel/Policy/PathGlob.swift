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
        Self.match(segments, Self.split(path))
    }

    private static func split(_ path: String) -> [String] {
        var trimmed = Substring(path)
        while trimmed.hasSuffix(".") { trimmed = trimmed.dropLast() }
        return trimmed.isEmpty ? [] : trimmed.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    }

    /// Segment by segment; a `**` records where to resume: when a later segment fails, the last
    /// `**` takes one more path segment and matching goes on from there. Earlier `**`s never need
    /// to take more (the last one can absorb it), so this is O(glob × path), not exponential in the
    /// number of `**` as trying every split is.
    private static func match(_ glob: [Segment], _ path: [String]) -> Bool {
        var g = 0
        var p = 0
        var resume: (glob: Int, path: Int)?
        while p < path.count {
            if g < glob.count, glob[g] == .anyDepth {
                resume = (glob: g + 1, path: p)
                g += 1
            } else if g < glob.count, matchSegment(glob[g], path[p]) {
                g += 1
                p += 1
            } else if let point = resume {
                resume = (glob: point.glob, path: point.path + 1)
                g = point.glob
                p = point.path + 1
            } else {
                return false
            }
        }
        while g < glob.count, glob[g] == .anyDepth { g += 1 }
        return g == glob.count
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
