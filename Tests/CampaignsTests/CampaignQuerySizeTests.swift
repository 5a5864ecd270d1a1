import FerruleCore
import Testing

@testable import Campaigns

/// A campaign's `query:` is converted to JSON within a budget, and YAML aliases (which made a
/// 727-byte file stand for 10⁹ values) are refused before it is read.
@Suite("Campaign files: query size")
struct CampaignQuerySizeTests {
    static func parse(_ text: String) -> (CampaignSpec?, DiagnosticCollector) {
        var diagnostics = DiagnosticCollector()
        let spec = CampaignFile.parse(text, file: "c.yaml", variables: VariableSet(), diagnostics: &diagnostics)
        return (spec, diagnostics)
    }

    static let header = "name: t\nfirmware: {file: f.bin, target_version: V2}\nrollout: {max_concurrent: 1}\n"

    @Test("a query over the value budget is a bad-query error naming the limit")
    func overBudget() throws {
        let ids = Array(repeating: "x", count: CampaignReader.maximumQueryValues).joined(separator: ", ")
        let (spec, d) = Self.parse(Self.header + "devices:\n  manufacturer: Huawei\n  query: {_id: {$in: [\(ids)]}}\n")
        #expect(spec == nil)
        let error = try #require(d.sorted.first { $0.code == .badQuery }, "\(d.sorted)")
        #expect(error.message == "`query` holds more than \(CampaignReader.maximumQueryValues) values")
    }

    @Test("the same query written as JSON text is held to the same budget (review 41), one within it reads")
    func jsonTextOverBudget() throws {
        for (count, refused) in [(CampaignReader.maximumQueryValues, true), (1000, false)] {
            let ids = Array(repeating: "\"x\"", count: count).joined(separator: ",")
            let (spec, d) = Self.parse(
                Self.header + "devices:\n  manufacturer: Huawei\n  query: '{\"_id\": {\"$in\": [\(ids)]}}'\n"
            )
            #expect((spec == nil) == refused, "\(count): \(d.sorted.prefix(3))")
            #expect(
                d.sorted.contains {
                    $0.message == "`query` holds more than \(CampaignReader.maximumQueryValues) values"
                }
                    == refused
            )
        }
    }

    @Test("a query within the budget reads")
    func withinBudget() throws {
        let ids = Array(repeating: "x", count: 1000).joined(separator: ", ")
        let (_, d) = Self.parse(Self.header + "devices:\n  manufacturer: Huawei\n  query: {_id: {$in: [\(ids)]}}\n")
        #expect(!d.sorted.contains { $0.code == .badQuery }, "\(d.sorted)")
    }

    @Test("`query: *alias` of nested aliases is refused at the alias (was >1.5 GB of memory)")
    func aliasBomb() throws {
        var lines = ["x0: &a0 {k: [s, s, s, s, s, s, s, s, s, s]}"]
        for i in 1...8 {
            lines.append(
                "x\(i): &a\(i) {k: [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]}"
            )
        }
        let text =
            lines.joined(separator: "\n") + "\n" + Self.header + "devices:\n  manufacturer: Huawei\n  query: *a8\n"
        let (spec, d) = Self.parse(text)
        #expect(spec == nil)
        #expect(d.sorted.map(\.code) == [.yamlAlias], "\(d.sorted)")
    }
}
