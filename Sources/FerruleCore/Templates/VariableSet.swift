import Foundation
import Yams

/// `${name}` variables: YAML files of `name: value` (nested mappings give `a.b` names), later
/// files overriding earlier ones — typically `vars/common.yaml` then `vars/<env>.yaml`.
public struct VariableSet: Sendable {
    public private(set) var values: [String: String] = [:]
    /// Where each variable was last set.
    public private(set) var locations: [String: SourceLocation] = [:]

    public init() {}

    /// Reads and overlays variable files, in order.
    public static func load(_ files: [String], diagnostics: inout DiagnosticCollector) -> VariableSet {
        var set = VariableSet()
        for file in files {
            guard let data = BoundedFileReader.read(file, what: "the variables file", diagnostics: &diagnostics) else {
                continue
            }
            var reader = VariableFileReader(file: file, diagnostics: diagnostics)
            let root = reader.compose(String(decoding: data, as: UTF8.self))
            diagnostics = reader.diagnostics
            guard let root else { continue }
            // A variable's value ends up in compiled provisions: capped like a rule file's values.
            if reader.refuseOversizedValues(root, what: "the variables of this file are not read") {
                diagnostics = reader.diagnostics
                continue
            }
            set.add(root, prefix: "", file: file, diagnostics: &diagnostics)
        }
        return set
    }

    private mutating func add(_ node: Node, prefix: String, file: String, diagnostics: inout DiagnosticCollector) {
        let at = SourceLocation(file: file, line: node.mark?.line ?? 0, column: node.mark?.column ?? 0)
        if let mapping = node.mapping {
            for (key, value) in mapping {
                guard let name = key.string else { continue }
                add(value, prefix: prefix.isEmpty ? name : prefix + "." + name, file: file, diagnostics: &diagnostics)
            }
        } else if node.scalar != nil, let text = node.string {
            values[prefix] = text
            locations[prefix] = at
        } else {
            diagnostics.error(.wrongType, "variable \"\(prefix)\" must be a single value or a mapping", at: at)
        }
    }

    /// Sets one variable (from the command line).
    public mutating func set(_ name: String, _ value: String) { values[name] = value }
}

/// Reads a variables file's YAML with the foundation's syntax-error reporting.
private struct VariableFileReader: YAMLReader {
    let file: String
    var diagnostics: DiagnosticCollector
}
