import FerruleJSON
import FerruleTestSupport
import Foundation
import Testing

/// End to end: `ferrule events replay --rules`, what a capture would trigger, changing nothing.
@Suite("ferrule events replay --rules (end to end)")
struct EventsReplayRulesTests {
    static let rules = """
        rules:
          - name: tag-gasp
            on: voltha.power_lost
            actions:
              - tag: {add: [power-lost]}
          - name: discovered
            on: voltha.onu_discovered
            when: {serial: "BBSM*"}
            actions:
              - provision: {name: bind-gateway, args: ["${event.serial}"]}
        """

    static func rulesDirectory() throws -> URL {
        let directory = try Scratch.directory("replay-rules")
        try Data(rules.utf8).write(to: directory.appendingPathComponent("triggers.yaml"))
        return directory
    }

    static var capture: String {
        EventsReplayCommandTests.fixtures.appendingPathComponent("events.jsonl").path
    }

    @Test("--format json adds each event's planned actions; events that fire nothing have none")
    func json() async throws {
        let directory = try Self.rulesDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = try await EventsReplayCommandTests.run([
            Self.capture, "--rules", directory.path, "--format", "json",
        ])
        #expect(output.status == 0, "\(output.stderr)")
        let events = try EventsReplayCommandTests.jsonLines(output.stdout)
        let gasps = events.filter { $0["name"]?.stringValue == "ONU_DYING_GASP_RAISE_EVENT" }
        #expect(gasps.count == 2)
        for gasp in gasps {
            let actions = try #require(gasp["actions"]?.arrayValue)
            #expect(actions.count == 1)
            #expect(actions.first?["rule"]?.stringValue == "tag-gasp")
            #expect(actions.first?["action"]?.stringValue == "tag +power-lost")
            #expect(actions.first?["key"]?.stringValue?.hasPrefix("trg-") == true)
        }
        let discovery = try #require(events.first { $0["name"]?.stringValue == "ONU_DISCOVERY_RAISE_EVENT" })
        #expect(
            discovery["actions"]?.arrayValue?.first?["action"]?.stringValue
                == #"provision bind-gateway("BBSM00000001")"#
        )
        let deleted = try #require(events.first { $0["name"]?.stringValue == "ONU_DELETED_RAISE_EVENT" })
        #expect(deleted["actions"]?.arrayValue?.isEmpty == true)
    }

    @Test("text with --filter plans only delivered events: the second dying gasp is a duplicate and triggers nothing")
    func filteredText() async throws {
        let directory = try Self.rulesDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = try await EventsReplayCommandTests.run([Self.capture, "--rules", directory.path, "--filter"])
        #expect(output.status == 0, "\(output.stderr)")
        let lines = output.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("  -> tag-gasp: tag +power-lost"))
        for (index, line) in lines.enumerated() where line.hasPrefix("  -> ") {
            let owner = lines[..<index].last { !$0.hasPrefix("  -> ") } ?? ""
            #expect(owner.hasPrefix("deliver"), "an action after \(owner)")
        }
        #expect(lines.contains { $0.hasPrefix("duplicate") && $0.contains("ONU_DYING_GASP_RAISE_EVENT") })
    }

    @Test("rules with errors stop the replay with status 1 before any event is printed")
    func badRules() async throws {
        let directory = try Scratch.directory("replay-bad-rules")
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("rules:\n  - name: x\n    on: voltha.onu_activatd\n    actions: [{tag: a}]\n".utf8)
            .write(to: directory.appendingPathComponent("bad.yaml"))
        let output = try await EventsReplayCommandTests.run([Self.capture, "--rules", directory.path])
        #expect(output.status == 1)
        #expect(output.stdout.isEmpty)
        #expect(output.stderr.contains("error[unknown-trigger]"))
    }
}
