/// Reference path names in a model (`targetParam`, `targetParent`), resolved to generic model paths.
enum ReferencePath {
    /// Resolves `reference`, written in the object `objectPath` (`Device.IP.Interface.{i}.`), the way
    /// bbfreport's `Path.absolute_path` does (bbfreport/path.py:149-245, quoting TR-106 A.2.3.4):
    /// with scope `normal`, a path starting `Device.`/`InternetGatewayDevice.` is absolute, one
    /// starting with `.` is relative to the root or service object, otherwise it is relative to the
    /// current object and each leading `#` goes up one object (a table and its `{i}` are one level);
    /// scope `model` is relative to the root object, `object` to the current object.
    ///
    /// Returns nil for an empty reference or one written outside any object.
    static func absolute(_ reference: String, scope: String?, objectPath: String) -> String? {
        // Components as bbfreport splits them: on dots not followed by `{`.
        let components = Self.components(objectPath)
        var hashes = 0
        var rest = Substring(reference)
        while rest.first == "#" {
            hashes += 1
            rest = rest.dropFirst()
        }
        if hashes > 0, rest.first == "." { rest = rest.dropFirst() }
        guard !rest.isEmpty, !components.isEmpty else { return nil }
        switch scope ?? "normal" {
        case "model":
            return components[0] + "." + (rest.first == "." ? rest.dropFirst() : rest)
        case "object":
            let kept = components.dropLast(min(hashes, components.count))
            return kept.map { $0 + "." }.joined() + (rest.first == "." ? rest.dropFirst() : rest)
        default:
            if hashes == 0, rest.hasPrefix("Device.") || rest.hasPrefix("InternetGatewayDevice.") {
                return String(rest)
            } else if hashes == 0, rest.first == "." {
                return components[0] + rest
            } else {
                let kept = components.dropLast(min(hashes, components.count))
                return kept.map { $0 + "." }.joined() + rest
            }
        }
    }

    /// `Device.IP.Interface.{i}.` → `["Device", "IP", "Interface.{i}"]`.
    static func components(_ objectPath: String) -> [String] {
        var result: [String] = []
        for segment in objectPath.split(separator: ".") {
            if segment == "{i}", let last = result.popLast() {
                result.append(last + ".{i}")
            } else {
                result.append(String(segment))
            }
        }
        return result
    }
}
