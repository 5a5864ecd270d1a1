import FerruleCore
import Foundation
import Rules
import Testing

@Suite struct RuleProjectTests {
    /// A rules directory with `vars/` files, a rule and a test case.
    static func layout(vars: [String]) throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("rule-project-\(UUID().uuidString)")
        for folder in ["vars", "tests"] {
            try FileManager.default.createDirectory(
                at: root.appendingPathComponent(folder),
                withIntermediateDirectories: true
            )
        }
        for name in vars { try Data("x: \(name)\n".utf8).write(to: root.appendingPathComponent("vars/\(name).yaml")) }
        let rule = "rules:\n  - name: r\n    actions:\n      - set: {path: Device.A.B, value: \"${x}\"}\n"
        try Data(rule.utf8).write(to: root.appendingPathComponent("r.yaml"))
        try Data("cases: []\n".utf8).write(to: root.appendingPathComponent("tests/t.yaml"))
        return root.path
    }

    @Test("environments are the vars files other than common; the env's file is read after common")
    func environments() throws {
        let root = try Self.layout(vars: ["common", "prod", "staging"])
        let project = try RuleProject(roots: [root], environment: "prod", variableFiles: ["extra.yaml"])
        #expect(project.environments == ["prod", "staging"])
        #expect(project.variableFiles == [root + "/vars/common.yaml", root + "/vars/prod.yaml", "extra.yaml"])
        #expect(project.testFiles() == [root + "/tests/t.yaml"])
    }

    @Test("an environment no rules directory defines is refused, with the ones found and a suggestion")
    func unknownEnvironment() throws {
        let root = try Self.layout(vars: ["common", "prod"])
        #expect(throws: UnknownEnvironmentError.self) { try RuleProject(roots: [root], environment: "prdo") }
        do {
            _ = try RuleProject(roots: [root], environment: "prdo")
        } catch {
            #expect(error.known == ["prod"])
            #expect(error.description.contains("environments found: prod"))
            #expect(error.description.contains("did you mean \"prod\"?"))
        }
        let none = try Self.layout(vars: ["common"])
        #expect(throws: UnknownEnvironmentError.self) { try RuleProject(roots: [none], environment: "prod") }
    }

    @Test("load → variables → compile in one call; the environment's values win")
    func compile() throws {
        let root = try Self.layout(vars: ["common", "prod"])
        var diagnostics = DiagnosticCollector()
        let compiled = try RuleProject(roots: [root], environment: "prod").compile(diagnostics: &diagnostics)
        #expect(!diagnostics.hasErrors, "\(diagnostics.sorted)")
        #expect(compiled.variables.values["x"] == "prod")
        #expect(compiled.artifacts.contains { $0.contents.contains("prod") })
    }
}
