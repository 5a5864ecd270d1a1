public import FerruleJSON

extension Redaction {
    /// What a device read shows in place of a secret parameter's value.
    public static let deviceMask = "••••••"

    /// What a device read (`ferrule acs device`, `ferrule acs devices --projection`, the API's
    /// device routes) shows of parameter `path`'s `value`: a secret parameter's
    /// (``SecretParameters/isSecret(_:)``: passwords, passphrases, keys) as ``deviceMask`` whatever
    /// its JSON type (a PIN stored as a number is still a PIN), an empty or null one as it is; a
    /// URL's `user:password@` in any other as `<redacted>@`. A reader that may read devices may
    /// not read their credentials; they are set through rules and campaigns from secrets.
    public static func deviceValue(_ value: JSONValue, path: String) -> JSONValue {
        if SecretParameters.isSecret(path) {
            if value == .null || value == .string("") { return value }
            return .string(deviceMask)
        }
        guard case .string(let text) = value, !text.isEmpty else { return value }
        return .string(parameterValue(text, path: path))
    }

    /// A GenieACS device document (GenieACS 1.2.16 lib/cwmp/db.ts:23-240: nested objects, a
    /// parameter's value in its `_value` member) with every parameter's value as
    /// ``deviceValue(_:path:)`` shows it; everything else as it is. Nesting deeper than 64 levels
    /// (no data model has it) is left out rather than shown unchecked.
    public static func deviceDocument(_ document: JSONValue) -> JSONValue {
        func walk(_ node: JSONValue, _ path: String, depth: Int) -> JSONValue? {
            guard case .object(let members) = node else { return path.isEmpty ? node : deviceValue(node, path: path) }
            guard depth < 64 else { return nil }
            var out: [(String, JSONValue)] = []
            out.reserveCapacity(members.count)
            for (key, member) in members {
                if key == "_value", !path.isEmpty {
                    out.append((key, deviceValue(member, path: path)))
                } else if key.hasPrefix("_") {
                    out.append((key, member))
                } else if let shown = walk(member, path.isEmpty ? key : path + "." + key, depth: depth + 1) {
                    out.append((key, shown))
                }
            }
            return .object(out)
        }
        return walk(document, "", depth: 0) ?? .object([])
    }
}
