import FerruleTestSupport
import Foundation
import Testing

#if canImport(FoundationXML)
import FoundationXML
#endif

/// End-to-end: `ferrule validate --max-diagnostics` caps the findings printed in every format, says
/// how many were not shown, and keeps the summary and the exit status of all of them.
@Suite("ferrule validate --max-diagnostics (end to end)")
struct ValidateMaxDiagnosticsTests {
    /// A CSV export of `count` parameters no model has (one unknown-parameter error each).
    static func tree(_ name: String, count: Int, in directory: URL) throws -> String {
        let stamp = "2024-03-18T06:00:03.512Z"
        var text =
            "Parameter,Object,Object timestamp,Writable,Writable timestamp,Value,Value type,Value timestamp,"
            + "Notification,Notification timestamp,Access list,Access list timestamp\n"
        for n in 0..<count {
            text += "Device.NoSuch\(n),false,\(stamp),false,\(stamp),\"x\",xsd:string,\(stamp),,,,\n"
        }
        let file = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: file)
        return file.path
    }

    /// Two trees of 8 errors each, `a.csv` and `b.csv`.
    static func trees() throws -> [String] {
        let directory = try Scratch.directory("ferrule-validate-cap")
        return [try tree("a.csv", count: 8, in: directory), try tree("b.csv", count: 8, in: directory)]
    }

    static func run(_ arguments: [String]) async throws -> FerruleRunner.Output {
        var environment = ProcessInfo.processInfo.environment
        environment["FERRULE_MODELS"] = nil
        return try await ProcessRunner(FerruleRunner.executable, arguments, environment: environment).run()
    }

    @Test("text: 10 of 16 findings, a last line naming the 6 not shown; the table counts 16; exit 1 still")
    func text() async throws {
        let files = try Self.trees()
        let result = try await Self.run(["validate", "--max-diagnostics", "10"] + files)
        #expect(result.status == 1, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.filter { $0.contains(": error[unknown-parameter]: ") }.count == 10)
        #expect(lines.filter { $0.hasPrefix(files[1]) }.count == 2)
        #expect(lines.contains { $0.hasPrefix("total") && $0.contains(" 16 ") }, "\(result.stdout)")
        #expect(
            lines.last
                == "6 more finding(s) not shown: at most 10 are (--max-diagnostics); the summary and the exit "
                + "status count all 16"
        )
        // 0 prints all; the default (1000) cuts nothing here; a clean cut says nothing.
        for arguments in [["--max-diagnostics", "0"], [], ["--max-diagnostics", "16"]] {
            let all = try await Self.run(["validate"] + arguments + files)
            #expect(all.status == 1)
            #expect(all.stdout.components(separatedBy: ": error[unknown-parameter]: ").count - 1 == 16)
            #expect(!all.stdout.contains("not shown"), "\(arguments)")
        }
        let usage = try await Self.run(["validate", "--max-diagnostics=-1"] + files)
        #expect(usage.status == 64)
        #expect(usage.stderr.contains("--max-diagnostics must be 0 (print all) or more, not -1"), "\(usage.stderr)")
    }

    @Test("json: valid, 10 findings, `truncated` and each cut file's count; the summary counts all 16")
    func json() async throws {
        let files = try Self.trees()
        let result = try await Self.run(["validate", "--format", "json", "--max-diagnostics", "10"] + files)
        #expect(result.status == 1)
        let root = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let entries = try #require(root["files"] as? [[String: Any]])
        #expect(entries.map { ($0["findings"] as? [Any])?.count } == [8, 2])
        #expect(entries.map { $0["findingsNotShown"] as? Int } == [nil, 6])
        let truncated = try #require(root["truncated"] as? [String: Any])
        #expect(truncated["maxDiagnostics"] as? Int == 10)
        #expect(truncated["findingsShown"] as? Int == 10)
        #expect(truncated["findingsNotShown"] as? Int == 6)
        #expect((root["summary"] as? [String: Any])?["errors"] as? Int == 16)
        let whole = try await Self.run(["validate", "--format", "json"] + files)
        #expect(!whole.stdout.contains("truncated"))
    }

    @Test("sarif: valid, 10 results, a tool notification and `truncated` run properties")
    func sarif() async throws {
        let files = try Self.trees()
        let result = try await Self.run(["validate", "--format", "sarif", "--max-diagnostics", "10"] + files)
        #expect(result.status == 1)
        let root = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let run = try #require((root["runs"] as? [[String: Any]])?.first)
        #expect((run["results"] as? [Any])?.count == 10)
        let properties = try #require(run["properties"] as? [String: Any])
        #expect(properties["truncated"] as? Bool == true)
        #expect(properties["findingsNotShown"] as? Int == 6)
        let invocation = try #require((run["invocations"] as? [[String: Any]])?.first)
        #expect(invocation["executionSuccessful"] as? Bool == true)
        let notification = try #require((invocation["toolExecutionNotifications"] as? [[String: Any]])?.first)
        #expect(
            ((notification["message"] as? [String: Any])?["text"] as? String)?.hasPrefix("6 more finding(s)") == true
        )
    }

    @Test("junit: valid XML; the cut file has one failing testcase standing for its 6 hidden findings")
    func junit() async throws {
        let files = try Self.trees()
        let result = try await Self.run(["validate", "--format", "junit", "--max-diagnostics", "10"] + files)
        #expect(result.status == 1)
        #if canImport(FoundationXML) || canImport(Darwin)
        let document = try XMLDocument(data: Data(result.stdout.utf8))
        let root = try #require(document.rootElement())
        let suites = root.elements(forName: "testsuite")
        #expect(suites.count == 2)
        for suite in suites {
            let cases = suite.elements(forName: "testcase")
            #expect(String(cases.count) == suite.attribute(forName: "tests")?.stringValue)
            let failures = cases.filter { !$0.elements(forName: "failure").isEmpty }.count
            #expect(String(failures) == suite.attribute(forName: "failures")?.stringValue)
        }
        let cut = try #require(suites.last?.elements(forName: "testcase").last)
        #expect(cut.attribute(forName: "name")?.stringValue == "6 more finding(s) not shown (--max-diagnostics)")
        #expect(cut.elements(forName: "failure").first?.attribute(forName: "type")?.stringValue == "truncated")
        #expect(root.attribute(forName: "failures")?.stringValue == "11")
        #endif
    }
}
