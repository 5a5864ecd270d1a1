import FerruleTestSupport
import Foundation
import Testing

/// End-to-end: `--format json` / `--format jsonl` of `cwmp parse` and `cwmp tree` are streamed, one
/// record per input, with JSON types kept.
@Suite("streaming JSON output (end to end)")
struct StreamingOutputTests {
    private static func objects(_ jsonl: String) throws -> [[String: Any]] {
        try jsonl.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
    }

    @Test("parse --format jsonl: one compact object per file, in input order, with numbers and booleans typed")
    func parseJSONLines() async throws {
        let files = [
            "Fixtures/cwmp/cpe-inform-cwmp13-sessiontimeout.xml", "Fixtures/cwmp/cpe-fault-9003-spv-three.xml",
            "Fixtures/cwmp-rejected/bad-truncated-inform.xml",
        ]
        let result = try await FerruleRunner.run(["cwmp", "parse", "--format", "jsonl"] + files)
        #expect(result.status == 1, "a file failed to parse: \(result.stderr)")
        let records = try Self.objects(result.stdout)
        #expect(records.count == files.count)
        #expect(records.map { $0["file"] as? String } == files)
        #expect(result.stdout.split(separator: "\n").allSatisfy { $0.hasPrefix("{") && $0.hasSuffix("}") })
        let header = try #require(records[0]["header"] as? [String: Any])
        #expect(header["sessionTimeout"] is NSNumber)
        #expect(!(header["sessionTimeout"] is String))
        #expect(records[0]["ok"] as? Bool == true)
        #expect(records[0]["empty"] as? Bool == false)
        let fault = try #require((records[1]["body"] as? [String: Any])?["cwmpFault"] as? [String: Any])
        #expect(fault["code"] as? Int == 9003)
        #expect(records[2]["ok"] as? Bool == false)
        let error = try #require(records[2]["error"] as? [String: Any])
        #expect(error["line"] as? Int == 46)
        #expect(error["column"] as? Int == 33)
    }

    @Test("parse --format json: the streamed array is the pretty document it always was, one element per file")
    func parseJSONArrayShape() async throws {
        let files = try FerruleRunner.fixtures("Fixtures/cwmp")
        let json = try await FerruleRunner.run(["cwmp", "parse", "--format", "json"] + files)
        #expect(json.status == 0, "\(json.stderr)")
        #expect(json.stdout.hasPrefix("[\n  {\n    \"body\" : "))
        #expect(json.stdout.hasSuffix("\n  }\n]\n"))
        let array = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        let lines = try await Self.objects(
            try FerruleRunner.run(["cwmp", "parse", "--format", "jsonl"] + files).stdout
        )
        #expect(array.count == files.count)
        #expect(array.map { $0["file"] as? String } == lines.map { $0["file"] as? String })
        #expect(array.map { NSDictionary(dictionary: $0) } == lines.map { NSDictionary(dictionary: $0) })
    }

    @Test("parse --format jsonl keeps secrets redacted unless --show-secrets")
    func parseJSONLinesRedacts() async throws {
        let file = "Fixtures/cwmp/acs-download-basic.xml"
        let redacted = try await FerruleRunner.run(["cwmp", "parse", "--format", "jsonl", file])
        #expect(redacted.stdout.contains("<redacted>"))
        #expect(!redacted.stdout.contains("example-not-secret"))
        let shown = try await FerruleRunner.run(["cwmp", "parse", "--format", "jsonl", "--show-secrets", file])
        #expect(shown.stdout.contains("example-not-secret"))
    }

    @Test("tree --format jsonl: one object per parameter, booleans and line numbers typed; --each names the file")
    func treeJSONLines() async throws {
        let file = "Fixtures/cwmp/cpe-getparameternamesresponse-basic.xml"
        let tsv = try await FerruleRunner.run(["cwmp", "tree", file])
        let result = try await FerruleRunner.run(["cwmp", "tree", "--format", "jsonl", file])
        #expect(result.status == 0, "\(result.stderr)")
        let rows = try Self.objects(result.stdout)
        #expect(rows.count == tsv.stdout.split(separator: "\n").count)
        #expect(rows.allSatisfy { $0["object"] is Bool && $0["path"] is String && $0["file"] == nil })
        #expect(rows.contains { $0["writable"] as? Bool == true })
        #expect(rows.allSatisfy { $0["line"] == nil || $0["line"] is Int })
        #expect(rows.contains { $0["line"] as? Int != nil })
        let each = try await Self.objects(
            try FerruleRunner.run([
                "cwmp", "tree", "--each", "--format", "jsonl", file, "Fixtures/trees/nbi-device-tr181.json",
            ])
            .stdout
        )
        #expect(each.first?["file"] as? String == file)
        #expect(each.last?["file"] as? String == "Fixtures/trees/nbi-device-tr181.json")
    }

    @Test("tree --each --format json: one {file, parameters} document per file, in input order")
    func treeEachJSON() async throws {
        let files = ["Fixtures/trees/nbi-device-tr098.json", "Fixtures/trees/genieacs-export-tr181.csv"]
        let result = try await FerruleRunner.run(["cwmp", "tree", "--each", "--format", "json"] + files)
        #expect(result.status == 0, "\(result.stderr)")
        let documents = result.stdout.components(separatedBy: "\n}\n").filter { !$0.isEmpty }.map { $0 + "\n}" }
        #expect(documents.count == 2)
        let parsed = try documents.map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        #expect(parsed.map { $0["file"] as? String } == files)
        #expect(parsed.allSatisfy { (($0["parameters"] as? [[String: Any]])?.count ?? 0) > 40 })
    }
}
