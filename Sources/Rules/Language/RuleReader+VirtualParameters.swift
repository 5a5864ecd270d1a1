import FerruleCore
import Yams

extension RuleReader {
    static let virtualParameterKeys = ["name", "description", "type", "paths", "writable"]

    /// Reads `virtualParameters:`, a list of `{name, description, type, paths, writable}`.
    mutating func virtualParameters(_ node: Node) -> [VirtualParameter] {
        guard let list = sequence(node, what: "`virtualParameters`") else { return [] }
        var out: [VirtualParameter] = []
        for item in list {
            guard let entries = mapping(item, what: "a virtual parameter") else { continue }
            var fields: [String: Node] = [:]
            for (key, value) in entries {
                guard let name = key.string else { continue }
                if Self.virtualParameterKeys.contains(name) {
                    fields[name] = value
                } else {
                    unknownKey(key, name, among: Self.virtualParameterKeys, in: "a virtual parameter")
                }
            }
            guard let nameNode = fields["name"], let name = nameNode.string, !name.isEmpty else {
                error(item, .missingField, "a virtual parameter needs `name`")
                continue
            }
            let allowed = name.unicodeScalars.allSatisfy {
                ($0 >= "A" && $0 <= "Z") || ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9") || $0 == "_"
                    || $0 == "-"
            }
            if let problem = RuleName.problem(name, what: "virtual parameter name") {
                error(nameNode, .badName, problem, hint: "shorten the name")
                continue
            }
            guard allowed else {
                error(
                    nameNode,
                    .badName,
                    "virtual parameter name \"\(DisplayText.value(name))\" has characters GenieACS does not allow in an id",
                    hint: "use letters, digits, `_` and `-`"
                )
                continue
            }
            var type = "xsd:string"
            if let typeNode = fields["type"] {
                guard let text = typeNode.string, VirtualParameter.types.contains(text) else {
                    error(
                        typeNode,
                        .badValue,
                        "`type` must be one of \(VirtualParameter.types.joined(separator: ", "))"
                    )
                    continue
                }
                type = text
            }
            guard let pathsNode = fields["paths"], let pathNodes = sequence(pathsNode, what: "`paths`"),
                !pathNodes.isEmpty
            else {
                error(
                    fields["paths"] ?? item,
                    .missingField,
                    "a virtual parameter needs `paths`, a list of parameter paths"
                )
                continue
            }
            var paths: [String] = []
            for p in pathNodes {
                guard let path = p.string, Self.isParameterPath(path) else {
                    error(
                        p,
                        .badPath,
                        "not a parameter path: \(p.string ?? "(not text)")",
                        hint: "a full path such as Device.PPP.Interface.1.Username; `*` for any instance"
                    )
                    continue
                }
                paths.append(path)
            }
            var writable = false
            if let w = fields["writable"] {
                guard let b = w.bool else {
                    error(w, .wrongType, "`writable` is true or false")
                    continue
                }
                writable = b
            }
            out.append(
                VirtualParameter(
                    name: name,
                    description: fields["description"]?.string,
                    type: type,
                    paths: paths,
                    writable: writable,
                    location: location(item)
                )
            )
        }
        return out
    }

    /// A concrete or wildcard parameter path: dot-separated names, instance numbers or `*`, no
    /// trailing dot (a virtual parameter reads one value).
    static func isParameterPath(_ path: String) -> Bool {
        let segments = path.split(separator: ".", omittingEmptySubsequences: false)
        guard segments.count >= 2 else { return false }
        return segments.allSatisfy { segment in
            segment == "*"
                || (!segment.isEmpty
                    && segment.unicodeScalars.allSatisfy {
                        ($0 >= "A" && $0 <= "Z") || ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9") || $0 == "_"
                            || $0 == "-"
                    })
        }
    }
}
