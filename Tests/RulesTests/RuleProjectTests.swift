import FerruleCore
import FerruleTestSupport
import Foundation
import Rules
import Testing

@Suite struct RuleProjectTests {
    /// A rules directory with `vars/` files, a rule and a test case.
    static func layout(vars: [String]) throws -> String {
        var files = [
            "r.yaml": "rules:\n  - name: r\n    actions:\n      - set: {path: Device.A.B, value: \"${x}\"}\n",
            "tests/t.yaml": "cases: []\n",
        ]
        for name in vars { files["vars/\(name).yaml"] = "x: \(name)\n" }
        return try Scratch.directory(files, prefix: "rule-project")
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
