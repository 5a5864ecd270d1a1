import FerruleJSON
import FerruleTestSupport
import Foundation
import Testing

@testable import PONEvents

/// What a device or a damaged file put in the event store, as `ferrule voltha events` prints it:
/// no terminal escapes, no screen-filling cells, no damage hidden behind `{}`.
@Suite("ferrule voltha events: hostile cells and damaged stores")
struct VolthaEventsHostileCellsTests {
    /// A store with one event whose serial is 100 KB long and carries an escape sequence.
    static func hostileDirectory() async throws -> URL {
        let directory = try Scratch.directory("ferrule-events-hostile")
        let store = try EventStore(path: EventStore.path(inStateDirectory: directory.path))
        let serial = "EVIL\u{1B}[2J" + String(repeating: "S", count: 100_000)
        try await store.record(
            VolthaEventSamples.alarm(.raise, serial: serial, pon: 0, at: Date(timeIntervalSince1970: 1_800_000_000)),
            source: .kafka(topic: "voltha.events", partition: 0, offset: 1)
        )
        try await store.executeForTesting("UPDATE events SET context_json = 'not json \u{1B}[31m'")
        return directory
    }

    @Test("a table cuts a 100 KB serial and escapes its control bytes; CSV escapes them and keeps the value")
    func cells() async throws {
        let directory = try await Self.hostileDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let table = try await VolthaEventsEndToEndTests.events([], directory)
        #expect(table.status == 0, "\(table.stderr)")
        #expect(!table.stdout.contains("\u{1B}"))
        let row = try #require(table.stdout.split(separator: "\n").dropFirst().first)
        #expect(row.contains("EVIL\\u{1B}[2J") && row.contains("… (100,008 bytes)"))
        #expect(row.count < 400, "a row of \(row.count) characters")

        let csv = try await VolthaEventsEndToEndTests.events(["--format", "csv"], directory)
        #expect(csv.status == 0 && !csv.stdout.contains("\u{1B}"))
        let lines = csv.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[1].contains("EVIL\\u{1B}[2J" + String(repeating: "S", count: 100_000) + ","))
    }

    @Test("JSON names a context the store cannot read instead of printing {}")
    func unreadableContext() async throws {
        let directory = try await Self.hostileDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let json = try await VolthaEventsEndToEndTests.events(["--format", "json"], directory)
        #expect(json.status == 0, "\(json.stderr)")
        let event = try #require(JSONValue.parse(json.stdout)["events"]?.arrayValue?.first)
        #expect(event["context"] == .null)
        #expect(event["contextUnreadable"]?.stringValue == "not json \\u{1B}[31m")
        let alarms = try await FerruleRunner.execute([
            "voltha", "alarms", "--state-dir", directory.path, "--format", "json",
        ])
        #expect(alarms.status == 0, "\(alarms.stderr)")
        #expect(!alarms.stdout.contains("contextUnreadable"))
    }

    @Test("an empty events.sqlite is refused, and left empty")
    func emptyFile() async throws {
        let directory = try Scratch.directory("ferrule-events-empty")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = EventStore.path(inStateDirectory: directory.path)
        #expect(FileManager.default.createFile(atPath: path, contents: Data()))
        for command in [["voltha", "events"], ["voltha", "alarms"]] {
            let result = try await FerruleRunner.execute(command + ["--state-dir", directory.path])
            #expect(result.status == 1)
            #expect(result.stderr.contains("\(path): error[event-store-empty]"))
            let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber
            #expect(size?.intValue == 0)
        }
    }
}
