import Foundation

/// A rule project as operators lay it out: rule roots (files or directories), each directory with
/// `vars/common.yaml` and `vars/<env>.yaml` beside the rules and test cases under `tests/`.
///
/// Every rule command starts here: it names the roots, the environment and extra variable files,
/// and calls one of ``compile(diagnostics:)``, ``resolve(diagnostics:)`` or ``testFiles(cases:)``.
///
/// ```swift
/// let project = try RuleProject(roots: ["Provisions"], environment: "prod")
/// var diagnostics = DiagnosticCollector()
/// let compiled = project.compile(diagnostics: &diagnostics)
/// ```
///
/// Layout (docs/rules.md):
/// ```
/// Provisions/
///   _defaults.yaml        defaults for every rule below
///   base/*.yaml           rules
///   vars/common.yaml      variables of every environment
///   vars/prod.yaml        variables of `--env prod` (win over common)
///   tests/*.yaml          test cases for `ferrule test`
/// ```
public struct RuleProject: Sendable {
    /// Rule files or directories, as given.
    public let roots: [String]
    /// The environment (`prod`), whose `vars/<env>.yaml` is read; nil for common variables only.
    public let environment: String?
    /// Variable files given explicitly (`--vars`), read after the project's and winning over them.
    public let extraVariableFiles: [String]

    /// A project over `roots`.
    ///
    /// - Throws: ``UnknownEnvironmentError`` when `environment` is given but no rules directory
    ///   has `vars/<environment>.yaml`: a typo would otherwise compile with common variables only.
    public init(roots: [String], environment: String? = nil, variableFiles: [String] = [])
        throws(UnknownEnvironmentError)
    {
        self.roots = roots
        self.environment = environment
        self.extraVariableFiles = variableFiles
        if let environment, !environments.contains(environment) {
            throw UnknownEnvironmentError(
                name: environment,
                known: environments,
                directories: directories
            )
        }
    }

    /// The rule directories among the roots.
    public var directories: [String] { roots.filter(Self.isDirectory) }

    /// The environments the project defines: the names of `vars/*.yaml` (and `.yml`) other than
    /// `common`, across every rule directory, sorted.
    public var environments: [String] {
        var names: Set<String> = []
        for directory in directories {
            let vars = (directory as NSString).appendingPathComponent("vars")
            for file in (try? FileManager.default.contentsOfDirectory(atPath: vars)) ?? [] {
                let ext = (file as NSString).pathExtension
                guard ext == "yaml" || ext == "yml" else { continue }
                let name = (file as NSString).deletingPathExtension
                if name != "common", !name.hasPrefix(".") { names.insert(name) }
            }
        }
        return names.sorted()
    }

    /// `vars/common.yaml` and `vars/<env>.yaml` of each rules directory, then the explicit files.
    public var variableFiles: [String] {
        var files: [String] = []
        for path in directories {
            for name in ["common"] + (environment.map { [$0] } ?? []) {
                for ext in ["yaml", "yml"] {
                    let file = (path as NSString).appendingPathComponent("vars/\(name).\(ext)")
                    if FileManager.default.fileExists(atPath: file) { files.append(file) }
                }
            }
        }
        return files + extraVariableFiles
    }

    /// Test case files: the given files or directories (walked for `*.yaml`/`*.yml`), else the
    /// `tests/` folder of each root. A given path that does not exist is kept, so reading it
    /// reports it (`unreadable`, exit 2) instead of running no case; a root without `tests/` has none.
    public func testFiles(cases: [String] = []) -> [String] {
        let manager = FileManager.default
        let places = cases.isEmpty ? roots.map { ($0 as NSString).appendingPathComponent("tests") } : cases
        var files: [String] = []
        for place in places {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: place, isDirectory: &isDirectory) else {
                if !cases.isEmpty { files.append(place) }
                continue
            }
            if !isDirectory.boolValue {
                files.append(place)
                continue
            }
            let found = (manager.enumerator(atPath: place)?.allObjects as? [String] ?? [])
                .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
            files += found.map { (place as NSString).appendingPathComponent($0) }
        }
        return files
    }

    public static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
