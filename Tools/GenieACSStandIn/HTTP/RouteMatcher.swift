/// The path patterns of GenieACS's NBI routes (`lib/nbi.ts`, GenieACS 1.2.16 lib/nbi.ts:18-31), matched on the raw,
/// still percent-encoded path; ids are decoded after the match.
enum RouteMatcher {
    /// Device id, tag, preset, object, provision, virtual parameter, task id: `[A-Za-z0-9_%-]`.
    static func isID(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == UInt8(ascii: "_")
            || c == UInt8(ascii: "%") || c == UInt8(ascii: "-")
    }

    /// Fault id: an id plus `:`.
    static func isFaultID(_ c: UInt8) -> Bool { isID(c) || c == UInt8(ascii: ":") }

    /// Ping host (`PING_REGEX`, lib/nbi.ts:25): `[a-zA-Z0-9\-_.:]`, no `%`.
    static func isPingHost(_ c: UInt8) -> Bool {
        isID(c) && c != UInt8(ascii: "%") || c == UInt8(ascii: ".") || c == UInt8(ascii: ":")
    }

    /// File name: most URI characters (`[a-zA-Z0-9%!*'();:@&=+$,?#[\]\-_.~]`).
    static func isFileName(_ c: UInt8) -> Bool {
        isID(c) || "!*'();:@&=+$,?#[]._~".utf8.contains(c)
    }

    /// Collection name: `[a-zA-Z0-9_]`.
    static func isCollection(_ c: UInt8) -> Bool { isID(c) && c != UInt8(ascii: "%") && c != UInt8(ascii: "-") }

    /// `^/<prefix>/(<class>+)/?$` → the captured segment.
    static func one(_ path: String, _ prefix: String, _ allowed: (UInt8) -> Bool) -> String? {
        guard path.hasPrefix(prefix) else { return nil }
        var rest = Substring(path.dropFirst(prefix.count))
        if rest.hasSuffix("/") { rest = rest.dropLast() }
        guard !rest.isEmpty, rest.utf8.allSatisfy(allowed) else { return nil }
        return String(rest)
    }

    /// `^/devices/(id)/<middle>/(class)/?$` style: two captured segments around a fixed middle.
    static func two(
        _ path: String,
        _ prefix: String,
        _ middle: String,
        _ first: (UInt8) -> Bool,
        _ second: (UInt8) -> Bool
    ) -> (String, String)? {
        guard path.hasPrefix(prefix) else { return nil }
        var rest = Substring(path.dropFirst(prefix.count))
        if rest.hasSuffix("/") { rest = rest.dropLast() }
        guard let range = rest.firstRange(of: middle) else { return nil }
        let a = rest[..<range.lowerBound]
        let b = rest[range.upperBound...]
        guard !a.isEmpty, !b.isEmpty, a.utf8.allSatisfy(first), b.utf8.allSatisfy(second) else { return nil }
        return (String(a), String(b))
    }

    /// `^/devices/(id)/tasks/?$`.
    static func deviceTasks(_ path: String) -> String? {
        guard path.hasPrefix("/devices/") else { return nil }
        var rest = Substring(path.dropFirst("/devices/".count))
        if rest.hasSuffix("/") { rest = rest.dropLast() }
        guard rest.hasSuffix("/tasks") else { return nil }
        let id = rest.dropLast("/tasks".count)
        guard !id.isEmpty, id.utf8.allSatisfy(isID) else { return nil }
        return String(id)
    }

    /// `^/tasks/(id)(/[a-zA-Z_]*)?$` → id and action (`""`, `"/"`, `"/retry"` …).
    static func task(_ path: String) -> (id: String, action: String)? {
        guard path.hasPrefix("/tasks/") else { return nil }
        let rest = path.dropFirst("/tasks/".count)
        let id = rest.prefix { isID($0.asciiValue ?? 0) && $0.isASCII }
        guard !id.isEmpty else { return nil }
        let action = rest.dropFirst(id.count)
        if !action.isEmpty {
            guard action.hasPrefix("/"),
                action.dropFirst().utf8.allSatisfy({ isCollection($0) && !($0 >= 0x30 && $0 <= 0x39) })
            else { return nil }
        }
        return (String(id), String(action))
    }
}
