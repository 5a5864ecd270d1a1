import FerruleCore
import FerruleTestSupport
import Foundation
import Testing

@testable import Rules

/// Compiled output checked byte for byte against committed reference files, the way
/// swift-openapi-generator's `FileBasedReferenceTests` check generated code: any change to a preset,
/// provision, virtual parameter or manifest shows up as a unified diff in the test output.
///
/// After an intended change, rewrite the references and review them in the commit:
///
/// ```sh
/// FERRULE_UPDATE_GOLDEN=1 swift test --filter GoldenFileTests
/// git diff Tests/RulesTests/Fixtures/Golden
/// ```
@Suite("Golden files: compiled presets, provisions and virtual parameters are byte-identical")
struct GoldenFileTests {
    /// A rule set and its reference output folder under `Tests/RulesTests/Fixtures/Golden/`.
    struct Case: Sendable, CustomStringConvertible {
        /// Rules folder, relative to the repository root (also how sources appear in markers).
        var rules: String
        var golden: String
        var description: String { rules }
    }

    static let cases = [
        Case(rules: "Provisions", golden: "Provisions"),
        Case(rules: "Tests/RulesTests/Fixtures/GoldenRules/every-action", golden: "every-action"),
    ]

    static let goldenRoot = Repository.root.appendingPathComponent("Tests/RulesTests/Fixtures/Golden")

    /// Compiles `rules` the way `ferrule compile <rules>` does without `--env`: `vars/common.yaml`,
    /// sources written relative to the repository root.
    static func compile(_ rules: String) throws -> [String: String] {
        let root = Repository.root.path + "/"
        let folder = root + rules
        var diagnostics = DiagnosticCollector()
        let set = RuleLoader.load([folder], diagnostics: &diagnostics)
        let varsFile = folder + "/vars/common.yaml"
        let variables =
            FileManager.default.fileExists(atPath: varsFile)
            ? VariableSet.load([varsFile], diagnostics: &diagnostics) : VariableSet()
        let artifacts = RuleCompiler.compile(
            set,
            options: CompileOptions(variables: variables),
            diagnostics: &diagnostics
        )
        #expect(!diagnostics.hasErrors, "\(diagnostics.sorted)")
        var files: [String: String] = [:]
        // Sources are recorded as given; the markers' hashes do not cover them, so writing them
        // relative to the repository root gives the bytes `ferrule compile <rules>` writes there.
        for artifact in artifacts { files[artifact.path] = artifact.contents.replacingOccurrences(of: root, with: "") }
        return files
    }

    /// Every regular file below `directory`, by relative path.
    static func read(_ directory: URL) throws -> [String: String] {
        var files: [String: String] = [:]
        guard
            let walker = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.isRegularFileKey])
        else { return files }
        for case let url as URL in walker
        where (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true {
            let relative = String(url.standardizedFileURL.path.dropFirst(directory.standardizedFileURL.path.count + 1))
            files[relative] = try String(contentsOf: url, encoding: .utf8)
        }
        return files
    }

    static func write(_ files: [String: String], to directory: URL) throws {
        try? FileManager.default.removeItem(at: directory)
        try Scratch.write(files, to: directory)
    }

    /// `diff -ru` of the reference folder against the actual output.
    static func unifiedDiff(_ golden: URL, _ actual: [String: String]) async throws -> String {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ferrule-golden-\(UUID().uuidString)"
        )
        defer { try? FileManager.default.removeItem(at: scratch) }
        try write(actual, to: scratch)
        return try await ProcessRunner(
            URL(fileURLWithPath: "/usr/bin/env"),
            ["diff", "-ru", "-N", golden.path, scratch.path]
        ).run().stdout
    }

    @Test("compiled output equals the reference files byte for byte", arguments: cases)
    func matchesReference(_ testCase: Case) async throws {
        let actual = try Self.compile(testCase.rules)
        let golden = Self.goldenRoot.appendingPathComponent(testCase.golden)
        if ProcessInfo.processInfo.environment["FERRULE_UPDATE_GOLDEN"] == "1" {
            try Self.write(actual, to: golden)
            return
        }
        let expected = try Self.read(golden)
        #expect(!expected.isEmpty, "no reference files in \(golden.path); run with FERRULE_UPDATE_GOLDEN=1")
        if expected != actual {
            Issue.record(
                """
                compiled output of \(testCase.rules) differs from \(golden.path) \
                (FERRULE_UPDATE_GOLDEN=1 rewrites it after an intended change):
                \(try await Self.unifiedDiff(golden, actual))
                """
            )
        }
    }

    @Test("the reference input exercises every action kind and block")
    func coversEveryAction() throws {
        var diagnostics = DiagnosticCollector()
        let folder = Repository.root.path + "/" + Self.cases[1].rules
        let set = RuleLoader.load([folder], diagnostics: &diagnostics)
        var kinds: Set<String> = []
        for rule in set.rules {
            for action in rule.actions {
                switch action {
                case .set: kinds.insert("set")
                case .refresh: kinds.insert("refresh")
                case .ensure: kinds.insert("ensure")
                case .delete: kinds.insert("delete")
                case .tags: kinds.insert("tag")
                case .download: kinds.insert("download")
                case .reboot: kinds.insert("reboot")
                case .factoryReset: kinds.insert("factoryReset")
                case .provision: kinds.insert("provision")
                case .script: kinds.insert("script")
                case .block(let block, _):
                    switch block {
                    case .periodicInform: kinds.insert("periodicInform")
                    case .connectionRequest: kinds.insert("connectionRequest")
                    case .wifi: kinds.insert("wifi")
                    case .lanDHCP: kinds.insert("lanDHCP")
                    case .wanPPP: kinds.insert("wan")
                    case .ntp: kinds.insert("ntp")
                    case .timeZone: kinds.insert("timeZone")
                    }
                }
            }
        }
        #expect(kinds.count == 17, "\(kinds.sorted())")
        #expect(!set.virtualParameters.isEmpty)
    }
}
