import CWMP

extension ActionInterpreter {
    /// The tree parameters a declared path with `*` or `[key:value,…]` segments stands for: each
    /// instance a wildcard matches, each whose keys have the alias filter's values (compared as
    /// GenieACS compares alias values), in instance order (lib/device.ts:103-170, lib/session.ts:913-926
    /// at v1.2.16). Nil when the path has no such segment, or goes through a table the tree does
    /// not show (trees are often partial: the path is then declared as written).
    func expanded(_ path: String) -> [String]? {
        guard path.contains("*") || path.contains("[") else { return nil }
        var prefixes = [""]
        for segment in Self.pathSegments(path) {
            var next: [String] = []
            for prefix in prefixes {
                if segment == "*" || segment.hasPrefix("[") {
                    guard instances.tableExists(prefix) else { return nil }
                    let keys = segment == "*" ? [] : Self.aliasKeys(segment)
                    next += instances.matching(prefix, keys).map { prefix + "\($0)." }
                } else {
                    next.append(prefix + segment + ".")
                }
            }
            prefixes = next
        }
        return prefixes.map { String($0.dropLast()) }.filter { state.tree[$0] != nil }
    }

    /// A path's segments, dots inside `[…]` kept (`Device.WiFi.SSID.[SSID:a.b].Enable`).
    static func pathSegments(_ path: String) -> [String] {
        var segments: [String] = []
        var current = ""
        var depth = 0
        var quoted = false
        for character in path {
            switch character {
            case "\"" where depth > 0: quoted.toggle()
            case "[" where !quoted: depth += 1
            case "]" where !quoted: depth = max(depth - 1, 0)
            case "." where depth == 0:
                segments.append(current)
                current = ""
                continue
            default: break
            }
            current.append(character)
        }
        if !current.isEmpty { segments.append(current) }
        return segments
    }

    /// `[Key:value,Other:"quoted"]` as (key, value) pairs; a JSON-quoted value is unquoted.
    static func aliasKeys(_ segment: String) -> [(String, String)] {
        let inner = segment.dropFirst().dropLast(segment.hasSuffix("]") ? 1 : 0)
        var pairs: [(String, String)] = []
        var current = ""
        var quoted = false
        var escaped = false
        func finish() {
            guard let colon = current.firstIndex(of: ":") else { return }
            var value = String(current[current.index(after: colon)...])
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 {
                value = Self.unescaped(value.dropFirst().dropLast())
            }
            pairs.append((String(current[..<colon]), value))
        }
        for character in inner {
            if escaped {
                escaped = false
            } else if character == "\\" && quoted {
                escaped = true
            } else if character == "\"" {
                quoted.toggle()
            } else if character == "," && !quoted {
                finish()
                current = ""
                continue
            }
            current.append(character)
        }
        finish()
        return pairs
    }

    /// A JSON string's inside with `\"` and `\\` unescaped.
    private static func unescaped(_ text: Substring) -> String {
        var out = ""
        var escaped = false
        for character in text {
            if character == "\\" && !escaped {
                escaped = true
                continue
            }
            escaped = false
            out.append(character)
        }
        return out
    }
}
