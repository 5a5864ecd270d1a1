import Campaigns
import FerruleCore
import FerruleJSON
import FerruleTestSupport
import Foundation
import GenieACS
import GenieACSStandIn
import Testing

/// A campaign listing thousands of device ids: the `$in` goes to GenieACS in several queries, each
/// URL under Node's 16 KiB limit, and the devices come back merged, each once, in `_id` order.
@Suite struct DeviceFilterChunkTests {
    /// The length of `query` percent-encoded in a URL.
    static func encodedLength(_ query: JSONValue?) -> Int {
        let text = query?.compactText ?? ""
        let unreserved = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        return (text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text).utf8.count
    }

    /// Finds nothing for a query whose URL-encoded text passes 16 KiB: the request Node.js refuses (431).
    static func refusingLongURLs(_ base: any GenieACSNBI) -> HookedNBI {
        HookedNBI(
            base,
            answer: { _, query in
                encodedLength(query.query) > 16_384 ? CollectionPage(items: [], total: 0) : nil
            }
        )
    }

    @Test("800 listed device ids resolve in chunked queries under 16 KiB: every device once, in _id order")
    func longInListChunked() async throws {
        let harness = try RunnerHarness(RunnerHarness.firmware("max_concurrent: 2"), scenario: Scenario(devices: 900))
        let all = try await harness.genieacs.nbi.query(.devices, CollectionQuery(projection: ["_id"])).items
            .compactMap { $0["_id"]?.stringValue }
        #expect(all.count == 900)
        // 800 of them, listed in reverse, plus one listed twice.
        let listed = Array(all.prefix(800).reversed()) + [all[0]]
        var diagnostics = DiagnosticCollector()
        let yaml = """
            name: fw
            firmware: {file: FW2.bin, target_version: FW2}
            devices:
              id: {$in: [\(listed.joined(separator: ", "))]}

            """
        let spec = try #require(CampaignFile.parse(yaml, file: "t.yaml", diagnostics: &diagnostics))
        let queries = spec.filter.nbiQueries()
        #expect(queries.count > 1)
        for query in queries {
            #expect(Self.encodedLength(query) <= DeviceFilter.maxListCharactersPerQuery + 200)
        }
        let nbi = Self.refusingLongURLs(harness.genieacs.nbi)
        let targets = try await CampaignResolver.resolve(spec, acs: nbi, now: harness.clock.now())
        let ids = targets.map(\.deviceID)
        #expect(ids.count == 800, "each listed device once")
        #expect(Set(ids) == Set(all.prefix(800)))
        #expect(ids == ids.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }, "in _id order")
        #expect(nbi.queries(of: .devices).count == queries.count, "one query per chunk")
    }

    @Test(
        "Lists whose values go as regex clauses (wildcard serials, OUIs) are sized as sent: every query under 16 KiB",
        arguments: ["serial", "oui"]
    )
    func regexListsChunked(key: String) async throws {
        let harness = try RunnerHarness(RunnerHarness.firmware("max_concurrent: 2"), scenario: Scenario(devices: 400))
        let devices = try await harness.genieacs.nbi.query(.devices, CollectionQuery(projection: ["_id"])).items
            .compactMap { $0["_id"]?.stringValue }
        // 300 wildcard serials of real devices, or 250 OUIs of which one is the fleet's.
        let values =
            key == "serial"
            ? devices.prefix(300).map { "\($0.split(separator: "-").last.map(String.init) ?? "")*" }
            : (0..<249).map { String(format: "A0B0%02X", $0) } + [String(devices[0].prefix(6))]
        var diagnostics = DiagnosticCollector()
        let yaml = """
            name: fw
            firmware: {file: FW2.bin, target_version: FW2}
            devices:
              \(key): {$in: [\(values.map { "\"\($0)\"" }.joined(separator: ", "))]}

            """
        let spec = try #require(CampaignFile.parse(yaml, file: "t.yaml", diagnostics: &diagnostics))
        let queries = spec.filter.nbiQueries()
        #expect(queries.count > 1)
        for query in queries { #expect(Self.encodedLength(query) <= 16_384 - 1_000) }
        let nbi = Self.refusingLongURLs(harness.genieacs.nbi)
        let targets = try await CampaignResolver.resolve(spec, acs: nbi, now: harness.clock.now())
        #expect(targets.count == (key == "serial" ? 300 : 400))
    }

    @Test("A short list stays one query, as before")
    func shortListOneQuery() throws {
        var diagnostics = DiagnosticCollector()
        let yaml = """
            name: fw
            firmware: {file: FW2.bin, target_version: FW2}
            devices:
              id: {$in: [a-1, a-2]}

            """
        let spec = try #require(CampaignFile.parse(yaml, file: "t.yaml", diagnostics: &diagnostics))
        #expect(spec.filter.nbiQueries().map { $0?.compactText } == [spec.filter.nbiQuery()?.compactText])
    }
}
