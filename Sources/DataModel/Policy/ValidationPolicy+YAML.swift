import Yams

extension ValidationPolicy {
    /// Reads a policy from the bytes of a YAML file.
    ///
    /// - Parameters:
    ///   - bytes: the file content (UTF-8).
    ///   - file: the file name, for locations and messages.
    /// - Throws: ``PolicyError`` naming `file:line:column` for a YAML syntax error, an unknown key,
    ///   code or severity, a missing `path`, `severity` or `reason`, or a malformed entry.
    public static func load(_ bytes: [UInt8], file: String) throws(PolicyError) -> ValidationPolicy {
        try load(String(decoding: bytes, as: UTF8.self), file: file)
    }

    /// Reads a policy from YAML text; see ``ValidationPolicy`` for the format.
    ///
    /// - Throws: ``PolicyError`` naming `file:line:column` and what to change.
    public static func load(_ text: String, file: String) throws(PolicyError) -> ValidationPolicy {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw PolicyReader(file: file).syntaxError(error)
        } catch {
            throw PolicyError(location: PolicyLocation(file: file), message: "not valid YAML: \(error)")
        }
        return try PolicyReader(file: file).policy(root)
    }
}

/// Walks the YAML node tree of a policy file, keeping each node's mark for messages.
private struct PolicyReader {
    let file: String

    static let topKeys = ["severity", "paths", "ignore", "models"]
    static let knownCodes = FindingCode.all.map(\.0)
    static var codeList: String { knownCodes.map(\.rawValue).joined(separator: ", ") }
    static var severityList: String { PolicySeverity.allCases.map(\.rawValue).joined(separator: ", ") }

    func location(_ node: Node?) -> PolicyLocation {
        PolicyLocation(file: file, line: node?.mark?.line, column: node?.mark?.column)
    }

    func error(_ node: Node?, _ message: String) -> PolicyError {
        PolicyError(location: location(node), message: message)
    }

    func syntaxError(_ error: YamlError) -> PolicyError {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let detail = context.map { "\($0.text) (at \($0.mark.line):\($0.mark.column)): " } ?? ""
            return PolicyError(
                location: PolicyLocation(file: file, line: mark.line, column: mark.column),
                message: "not valid YAML: \(detail)\(problem); fix the syntax at this position"
            )
        case .duplicatedKeysInMapping(let duplicates, let context):
            return PolicyError(
                location: PolicyLocation(file: file, line: context.mark.line, column: context.mark.column),
                message: "duplicated key(s) \(duplicates.sorted().joined(separator: ", ")); keep one of each"
            )
        default:
            return PolicyError(location: PolicyLocation(file: file), message: "not valid YAML: \(error)")
        }
    }

    func policy(_ root: Node?) throws(PolicyError) -> ValidationPolicy {
        var policy = ValidationPolicy(file: file)
        guard let root else { return policy }
        let entries = try mapping(root, what: "the policy")
        for (key, value) in entries {
            let name = try scalar(key, what: "a top-level key")
            switch name {
            case "severity": policy.severities = try severities(value)
            case "paths":
                for node in try sequence(value, what: "paths") { policy.paths.append(try pathRule(node)) }
            case "ignore":
                for node in try sequence(value, what: "ignore") { policy.ignores.append(try ignoreRule(node)) }
            case "models": policy.models = try pins(value)
            default:
                throw error(key, "unknown key '\(name)'; a policy has \(Self.topKeys.joined(separator: ", "))")
            }
        }
        return policy
    }

    // MARK: sections

    private func severities(_ node: Node) throws(PolicyError) -> [FindingCode: PolicySeverity] {
        var result: [FindingCode: PolicySeverity] = [:]
        for (key, value) in try mapping(node, what: "severity (code: severity)") {
            result[try code(key)] = try severity(value)
        }
        return result
    }

    private func pathRule(_ node: Node) throws(PolicyError) -> PathSeverityRule {
        let fields = try fields(node, section: "paths", allowed: ["path", "glob", "code", "severity"])
        guard let severityNode = fields["severity"] else {
            throw error(node, "a paths entry needs 'severity' (\(Self.severityList))")
        }
        return PathSeverityRule(
            glob: try glob(fields, entry: node, section: "paths"),
            code: try optionalCode(fields["code"]),
            severity: try severity(severityNode),
            location: location(node)
        )
    }

    private func ignoreRule(_ node: Node) throws(PolicyError) -> IgnoreRule {
        let fields = try fields(node, section: "ignore", allowed: ["path", "glob", "code", "reason"])
        let glob = try glob(fields, entry: node, section: "ignore")
        let code = try optionalCode(fields["code"])
        guard let reasonNode = fields["reason"] else {
            throw error(
                node,
                "the ignore entry for '\(glob.pattern)' has no reason; add `reason:` saying why this deviation "
                    + "is accepted (a ticket or the vendor's statement)"
            )
        }
        let reason = try scalar(reasonNode, what: "reason")
        guard !reason.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\n" }) else {
            throw error(reasonNode, "the reason for ignoring '\(glob.pattern)' is empty; say why it is accepted")
        }
        return IgnoreRule(glob: glob, code: code, reason: reason, location: location(node))
    }

    private func pins(_ node: Node) throws(PolicyError) -> [ModelPin] {
        var result: [ModelPin] = []
        for (key, value) in try mapping(node, what: "models (root: version)") {
            var root = try scalar(key, what: "a model root")
            while root.hasSuffix(".") || root.hasSuffix(":") { root.removeLast() }
            guard !root.isEmpty, !root.contains(".") else {
                throw error(key, "'\(root)' is not a model root; use Device, InternetGatewayDevice or VoiceService")
            }
            let version = try scalar(value, what: "the version of \(root)")
            guard !version.isEmpty else {
                throw error(value, "the version of \(root) is empty; write it, e.g. \"2.17\"")
            }
            result.append(ModelPin(root: root, version: version, location: location(key)))
        }
        return result
    }

    // MARK: values

    private func glob(_ fields: [String: Node], entry: Node, section: String) throws(PolicyError) -> PathGlob {
        if fields["path"] != nil, let other = fields["glob"] {
            throw error(other, "give either 'path' or 'glob', not both")
        }
        guard let node = fields["path"] ?? fields["glob"] else {
            throw error(entry, "a \(section) entry needs 'path' (a path glob such as Device.WiFi.**)")
        }
        let text = try scalar(node, what: "path")
        guard !text.isEmpty else { throw error(node, "the path glob is empty; write e.g. Device.WiFi.**") }
        return PathGlob(text)
    }

    private func code(_ node: Node) throws(PolicyError) -> FindingCode {
        let text = try scalar(node, what: "a finding code")
        let code = FindingCode(rawValue: text)
        guard Self.knownCodes.contains(code) else {
            throw error(node, "unknown finding code '\(text)'; the codes are \(Self.codeList)")
        }
        return code
    }

    private func optionalCode(_ node: Node?) throws(PolicyError) -> FindingCode? {
        guard let node else { return nil }
        return try code(node)
    }

    private func severity(_ node: Node) throws(PolicyError) -> PolicySeverity {
        let text = try scalar(node, what: "a severity")
        guard let severity = PolicySeverity(rawValue: text.lowercased()) else {
            throw error(node, "unknown severity '\(text)'; use one of \(Self.severityList)")
        }
        return severity
    }

    // MARK: node shapes

    private func fields(_ node: Node, section: String, allowed: [String]) throws(PolicyError) -> [String: Node] {
        var result: [String: Node] = [:]
        for (key, value) in try mapping(node, what: "a \(section) entry (\(allowed.joined(separator: ", ")))") {
            let name = try scalar(key, what: "a key")
            guard allowed.contains(name) else {
                throw error(key, "unknown key '\(name)' in a \(section) entry; use \(allowed.joined(separator: ", "))")
            }
            result[name] = value
        }
        return result
    }

    private func mapping(_ node: Node, what: String) throws(PolicyError) -> [(key: Node, value: Node)] {
        guard case .mapping(let mapping) = node else { throw error(node, "expected \(what) as a mapping") }
        return Array(mapping)
    }

    private func sequence(_ node: Node, what: String) throws(PolicyError) -> [Node] {
        guard case .sequence(let sequence) = node else { throw error(node, "expected \(what) as a list ('- ' items)") }
        return Array(sequence)
    }

    private func scalar(_ node: Node, what: String) throws(PolicyError) -> String {
        guard case .scalar(let scalar) = node else { throw error(node, "expected \(what) as a single value") }
        return scalar.string
    }
}
