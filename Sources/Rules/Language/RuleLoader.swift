public import FerruleCore
import Foundation

/// The rules of a directory tree (or of single files), composed and ready to compile.
public struct RuleSet: Sendable {
    /// Concrete rules (abstract ones removed), sorted by name.
    public var rules: [Rule]
    /// Every rule file read, sorted.
    public var files: [String]
    /// Virtual parameters declared in the files, sorted by name.
    public var virtualParameters: [VirtualParameter] = []
    /// Trigger rules (`on: voltha.…`), sorted by name (docs/triggers.md).
    public var triggerRules: [TriggerRule] = []
    /// How ONUs are matched to CPEs (a file's `correlation:`, else the default).
    public var correlation = CorrelationSettings()

    public init(rules: [Rule], files: [String], virtualParameters: [VirtualParameter] = []) {
        self.rules = rules
        self.files = files
        self.virtualParameters = virtualParameters
    }
}

/// Reads rule files and composes them: directory `_defaults.yaml`, file `defaults:`, `extends`.
public enum RuleLoader {
    /// Loads rules from files and directories (walked recursively for `*.yaml`/`*.yml`).
    ///
    /// Problems are added to `diagnostics`; rules with errors are still returned when they could
    /// be read, so one run reports as much as possible.
    /// The rule files under `directory`, relative to it and sorted: `*.yaml`/`*.yml`, not hidden,
    /// not in `vars/` or `tests/` (variable files and rule test cases live beside the rules).
    public static func ruleFiles(inDirectory directory: String) -> [String] {
        (FileManager.default.enumerator(atPath: directory)?.allObjects as? [String] ?? [])
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
            .filter { !$0.split(separator: "/").contains { $0.hasPrefix(".") } }
            .filter { !$0.split(separator: "/").dropLast().contains { $0 == "vars" || $0 == "tests" } }
            .sorted()
    }

    public static func load(_ paths: [String], diagnostics: inout DiagnosticCollector) -> RuleSet {
        var files: [(path: String, root: String)] = []
        let manager = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                diagnostics.error(.unreadable, "no such file or directory", at: RuleLocation(file: path))
                continue
            }
            if isDirectory.boolValue {
                let base = path.hasSuffix("/") ? String(path.dropLast()) : path
                files += ruleFiles(inDirectory: path).map { (base + "/" + $0, base) }
            } else {
                files.append((path, (path as NSString).deletingLastPathComponent))
            }
        }

        // Directory defaults first, so rule files can use them.
        var directoryDefaults: [String: RuleFragment] = [:]
        var ruleFiles: [(path: String, root: String)] = []
        for file in files {
            if (file.path as NSString).lastPathComponent.hasPrefix("_defaults.") {
                let content = read(file.path, diagnostics: &diagnostics)
                if !content.rules.isEmpty, let first = content.rules.first {
                    diagnostics.error(
                        .misplacedRule,
                        "_defaults files hold only `defaults:`, not rules",
                        at: first.location
                    )
                }
                if let defaults = content.defaults {
                    directoryDefaults[(file.path as NSString).deletingLastPathComponent] = defaults
                }
            } else {
                ruleFiles.append(file)
            }
        }

        var fragments: [RuleFragment] = []
        var virtualParameters: [String: VirtualParameter] = [:]
        var triggers = TriggerRuleCollection()
        for file in ruleFiles {
            let content = read(file.path, diagnostics: &diagnostics)
            triggers.add(content, diagnostics: &diagnostics)
            for parameter in content.virtualParameters {
                virtualParameters.defineOnce(
                    parameter,
                    named: parameter.name,
                    "virtual parameter",
                    at: parameter.location,
                    firstAt: \.location,
                    hint: "virtual parameter names are GenieACS ids and must be unique",
                    diagnostics: &diagnostics
                )
            }
            var base: RuleFragment?
            for directory in directoryChain(of: file.path, root: file.root) {
                if let d = directoryDefaults[directory] { base = base.map { $0.merged(with: d) } ?? d }
            }
            if let fileDefaults = content.defaults { base = base.map { $0.merged(with: fileDefaults) } ?? fileDefaults }
            for rule in content.rules { fragments.append(base.map { $0.merged(with: rule) } ?? rule) }
        }

        var byName: [String: RuleFragment] = [:]
        for fragment in fragments {
            guard let name = fragment.name else { continue }
            byName.defineOnce(
                fragment,
                named: name,
                "rule",
                at: fragment.location,
                firstAt: \.location,
                hint: "rule names are preset ids and must be unique",
                diagnostics: &diagnostics
            )
        }

        var rules: [Rule] = []
        for name in byName.keys.sorted() {
            guard let fragment = byName[name] else { continue }
            guard let composed = compose(fragment, byName: byName, diagnostics: &diagnostics)
            else { continue }
            if composed.isAbstract ?? false { continue }
            rules.append(rule(from: composed, name: name))
        }
        var set = RuleSet(
            rules: rules,
            files: ruleFiles.map(\.path).sorted(),
            virtualParameters: virtualParameters.values.sorted { $0.name < $1.name }
        )
        triggers.finish(into: &set, ruleNames: byName, diagnostics: &diagnostics)
        return set
    }

    private static func read(_ path: String, diagnostics: inout DiagnosticCollector) -> RuleReader.FileContent {
        guard let data = BoundedFileReader.read(path, what: "the file", diagnostics: &diagnostics) else {
            return RuleReader.FileContent()
        }
        var reader = RuleReader(file: path, diagnostics: diagnostics)
        let content = reader.read(String(decoding: data, as: UTF8.self))
        diagnostics = reader.diagnostics
        return content
    }

    /// The directories from `root` down to the file's own, outermost first.
    private static func directoryChain(of file: String, root: String) -> [String] {
        var chain: [String] = []
        var directory = (file as NSString).deletingLastPathComponent
        while true {
            chain.append(directory)
            if directory == root || directory.isEmpty || directory == "/" || !directory.hasPrefix(root) { break }
            directory = (directory as NSString).deletingLastPathComponent
        }
        return chain.reversed()
    }

    /// The most `extends` steps from a rule to its outermost base. Real inheritance is a few
    /// levels deep; the cap keeps composing linear in the number of rules (each rule merges at
    /// most this many bases) however the files are written.
    public static let maxExtendsDepth = 16

    /// `fragment` with its `extends` chain merged underneath: the chain is walked iteratively
    /// (never recursion, so no input can exhaust the stack), then merged from the outermost base in.
    private static func compose(
        _ fragment: RuleFragment,
        byName: [String: RuleFragment],
        diagnostics: inout DiagnosticCollector
    ) -> RuleFragment? {
        var chain = [fragment]
        var visiting: [String] = []
        var seen: Set<String> = []
        var current = fragment
        while let baseName = current.extends {
            if let name = current.name {
                visiting.append(name)
                seen.insert(name)
            }
            guard !seen.contains(baseName) else {
                diagnostics.error(
                    .extendsCycle,
                    "`extends` forms a cycle: \((visiting + [baseName]).joined(separator: " → "))",
                    at: current.location
                )
                return nil
            }
            guard chain.count <= maxExtendsDepth else {
                // Every rule that would be compiled is reported; of the abstract ones only the
                // rule exactly one step over the cap, so a long chain of bases gives one line.
                if fragment.isAbstract ?? false, byName[baseName]?.extends != nil { return nil }
                diagnostics.error(
                    .extendsTooDeep,
                    "rule \"\(fragment.name ?? "?")\" is more than \(maxExtendsDepth) `extends` steps from its "
                        + "outermost base",
                    at: fragment.location,
                    hint: "flatten the chain (let rules extend a shared base directly), or break the cycle it forms"
                )
                return nil
            }
            guard let base = byName[baseName] else {
                let suggestion = DidYouMean.suggestion(for: baseName, among: Array(byName.keys))
                diagnostics.error(
                    .unknownExtends,
                    "rule \"\(current.name ?? "?")\" extends \"\(baseName)\", which is not defined",
                    at: current.location,
                    hint: suggestion.map { "did you mean \"\($0)\"?" }
                )
                return nil
            }
            chain.append(base)
            current = base
        }
        var merged = current
        for child in chain.dropLast().reversed() {
            var next = merged.merged(with: child)
            next.isAbstract = child.isAbstract ?? false
            next.extends = child.extends
            merged = next
        }
        return merged
    }

    private static func rule(from f: RuleFragment, name: String) -> Rule {
        var rule = Rule(name: name, location: f.location)
        rule.description = f.description
        rule.labels = f.labels
        rule.extends = f.extends
        rule.isAbstract = f.isAbstract ?? false
        rule.match = f.match.resolved
        rule.preconditions = f.preconditions.map { Precondition(text: $0.0, location: $0.1) }
        rule.triggers = f.triggers.resolved
        rule.actions = f.actions
        return rule
    }
}
