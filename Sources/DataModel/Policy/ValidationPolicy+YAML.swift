import FerruleCore
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
        var reader = PolicyReader(file: file)
        let root = reader.compose(text)
        try reader.stopAtFirstError()
        return try reader.policy(root)
    }
}

/// Walks the YAML node tree of a policy file, keeping each node's mark for messages. A policy is
/// all or nothing: the first problem stops reading.
private struct PolicyReader: YAMLReader {
    let file: String
    var diagnostics = DiagnosticCollector()

    init(file: String) { self.file = file }

    static let topKeys = ["severity", "paths", "ignore", "models"]
    static let knownCodes = FindingCode.all.map(\.0)
    static var codeList: String { knownCodes.map(\.rawValue).joined(separator: ", ") }
    static var severityList: String { PolicySeverity.allCases.map(\.rawValue).joined(separator: ", ") }

    func error(_ node: Node?, _ message: String) -> PolicyError {
        PolicyError(location: location(node), message: message)
    }

    /// Throws the first problem the foundation's shape helpers reported.
    func stopAtFirstError() throws(PolicyError) {
        guard let first = diagnostics.diagnostics.first(where: { $0.severity == .error }) else { return }
        let hint = first.hint.map { "; \($0)" } ?? ""
        throw PolicyError(first.code, location: first.location, message: first.message + hint)
    }

    mutating func policy(_ root: Node?) throws(PolicyError) -> ValidationPolicy {
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
                throw PolicyError(
                    .unknownKey,
                    location: location(key),
                    message:
                        "unknown key '\(DisplayText.value(name))'; a policy has \(Self.topKeys.joined(separator: ", "))"
                )
            }
        }
        return policy
    }

    // MARK: sections

    private mutating func severities(_ node: Node) throws(PolicyError) -> [FindingCode: PolicySeverity] {
        var result: [FindingCode: PolicySeverity] = [:]
        for (key, value) in try mapping(node, what: "severity (code: severity)") {
            result[try code(key)] = try severity(value)
        }
        return result
    }

    private mutating func pathRule(_ node: Node) throws(PolicyError) -> PathSeverityRule {
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

    private mutating func ignoreRule(_ node: Node) throws(PolicyError) -> IgnoreRule {
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

    private mutating func pins(_ node: Node) throws(PolicyError) -> [ModelPin] {
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

    private mutating func glob(_ fields: [String: Node], entry: Node, section: String) throws(PolicyError) -> PathGlob {
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

    private mutating func code(_ node: Node) throws(PolicyError) -> FindingCode {
        let text = try scalar(node, what: "a finding code")
        let code = FindingCode(rawValue: text)
        guard Self.knownCodes.contains(code) else {
            throw error(node, "unknown finding code '\(text)'; the codes are \(Self.codeList)")
        }
        return code
    }

    private mutating func optionalCode(_ node: Node?) throws(PolicyError) -> FindingCode? {
        guard let node else { return nil }
        return try code(node)
    }

    private mutating func severity(_ node: Node) throws(PolicyError) -> PolicySeverity {
        let text = try scalar(node, what: "a severity")
        guard let severity = PolicySeverity(rawValue: text.lowercased()) else {
            throw error(node, "unknown severity '\(text)'; use one of \(Self.severityList)")
        }
        return severity
    }

    // MARK: node shapes

    private mutating func fields(_ node: Node, section: String, allowed: [String]) throws(PolicyError) -> [String: Node]
    {
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

    private mutating func mapping(_ node: Node, what: String) throws(PolicyError) -> [(key: Node, value: Node)] {
        guard let pairs = mapping(node, what: what) else {
            try stopAtFirstError()
            return []
        }
        return pairs.map { (key: $0.0, value: $0.1) }
    }

    private mutating func sequence(_ node: Node, what: String) throws(PolicyError) -> [Node] {
        guard let items = sequence(node, what: what) else {
            try stopAtFirstError()
            return []
        }
        return items
    }

    private mutating func scalar(_ node: Node, what: String) throws(PolicyError) -> String {
        guard let text = scalarText(node, what: what) else {
            try stopAtFirstError()
            return ""
        }
        return text
    }
}
