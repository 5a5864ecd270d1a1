import FerruleJSON

/// A GenieACS parameter path with wildcards and alias filters (GenieACS 1.2.16 lib/common/path.ts:39-150 path syntax),
/// as the built-in provisions take them.
struct PathPattern {
    enum Segment: Equatable {
        case literal(String)
        /// `*` or `[]`.
        case wildcard
        /// `[Key:Value,Key2:"quoted"]`.
        case alias([AliasPair])
    }

    struct AliasPair: Equatable {
        var key: String
        var value: String
    }

    var segments: [Segment]

    /// Parses a path; a trailing dot is dropped (`objectName` may carry one, GenieACS 1.2.16
    /// lib/api-functions.ts:292-311).
    init(_ text: String) {
        var parts: [String] = []
        var current = ""
        var depth = 0
        var quoted = false
        var escaped = false
        for c in text {
            if quoted {
                current.append(c)
                if escaped {
                    escaped = false
                } else if c == "\\" {
                    escaped = true
                } else if c == "\"" {
                    quoted = false
                }
                continue
            }
            switch c {
            case "\"" where depth > 0:
                quoted = true
                current.append(c)
            case "[":
                depth += 1
                current.append(c)
            case "]":
                depth -= 1
                current.append(c)
            case "." where depth == 0:
                parts.append(current)
                current = ""
            default: current.append(c)
            }
        }
        parts.append(current)
        if parts.last == "" { parts.removeLast() }
        segments = parts.map(Self.segment)
    }

    private static func segment(_ text: String) -> Segment {
        if text == "*" || text == "[]" { return .wildcard }
        guard text.hasPrefix("["), text.hasSuffix("]") else { return .literal(text) }
        let body = String(text.dropFirst().dropLast())
        var pairs: [AliasPair] = []
        var i = body.startIndex
        while i < body.endIndex {
            guard let colon = body[i...].firstIndex(of: ":") else { break }
            let key = body[i..<colon].trimmingPrefix(" ")
            var j = body.index(after: colon)
            while j < body.endIndex, body[j] == " " { j = body.index(after: j) }
            var value = ""
            if j < body.endIndex, body[j] == "\"" {
                // A JSON string.
                var k = body.index(after: j)
                var escaped = false
                while k < body.endIndex {
                    if escaped {
                        escaped = false
                    } else if body[k] == "\\" {
                        escaped = true
                    } else if body[k] == "\"" {
                        break
                    }
                    k = body.index(after: k)
                }
                let end = k < body.endIndex ? body.index(after: k) : k
                value = (try? JSONValue.parse(String(body[j..<end])))?.stringValue ?? String(body[j..<end])
                j = end
                while j < body.endIndex, body[j] != "," { j = body.index(after: j) }
            } else {
                let end = body[j...].firstIndex(of: ",") ?? body.endIndex
                value = String(body[j..<end]).trimmed(of: " ")
                j = end
            }
            pairs.append(AliasPair(key: String(key).trimmed(of: " "), value: value))
            i = j < body.endIndex ? body.index(after: j) : j
        }
        return .alias(pairs)
    }

    /// Existing node paths matching the pattern in `tree`.
    func resolve(in tree: DeviceTree) -> [String] {
        Self.resolve(segments[...], from: [""], in: tree)
    }

    static func resolve(_ segments: ArraySlice<Segment>, from prefixes: [String], in tree: DeviceTree) -> [String] {
        var current = prefixes
        for segment in segments {
            var next: [String] = []
            for prefix in current {
                switch segment {
                case .literal(let name):
                    let p = join(prefix, name)
                    if tree.nodes[p] != nil { next.append(p) }
                case .wildcard:
                    next += tree.children(of: prefix).map { join(prefix, $0) }
                case .alias(let pairs):
                    for child in tree.children(of: prefix) where matches(join(prefix, child), pairs, tree) {
                        next.append(join(prefix, child))
                    }
                }
            }
            current = next
        }
        return current
    }

    static func matches(_ instance: String, _ pairs: [AliasPair], _ tree: DeviceTree) -> Bool {
        pairs.allSatisfy { pair in
            guard let value = tree.nodes[instance + "." + pair.key]?.value else { return false }
            return value.text == pair.value
        }
    }

    static func join(_ prefix: String, _ name: String) -> String { prefix.isEmpty ? name : prefix + "." + name }
}

extension ParamValue {
    /// The value as CWMP text (alias filters compare this).
    var text: String {
        switch self {
        case .string(let s): s
        case .number(let n): JSNumber.text(n)
        case .bool(let b): b ? "true" : "false"
        case .date(let ms): Timestamp.iso(ms)
        }
    }
}
