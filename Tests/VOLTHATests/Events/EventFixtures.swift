import FerruleJSON
import Foundation

@testable import PONEvents

/// The fixtures Tools/make-event-fixtures.py writes with the official voltha-protos classes.
enum EventFixtures {
    /// One binary fixture: its file, `device_event_name` ("" for KPI and RPC events) and oneof case.
    struct Entry {
        var file: String
        var name: String
        var type: String
        var bytes: [UInt8]
    }

    static let directory = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appending(path: "Fixtures/events")

    static func path(_ name: String) -> String { directory.appending(path: name).path }

    static func bytes(_ name: String) throws -> [UInt8] { Array(try Data(contentsOf: directory.appending(path: name))) }

    /// Every binary fixture, in the order of index.json.
    static func all() throws -> [Entry] {
        let index = try JSONValue.parse(try bytes("index.json"))
        return try (index.arrayValue ?? []).map { item in
            let file = item["file"]?.stringValue ?? ""
            return Entry(
                file: file,
                name: item["name"]?.stringValue ?? "",
                type: item["type"]?.stringValue ?? "",
                bytes: try bytes(file)
            )
        }
    }

    /// The decoded fixtures named `name` (both sources of a shared name, in file order).
    static func decoded(_ name: String) throws -> [PONEvent] {
        try all().filter { $0.name == name && !$0.file.contains("LEGACY") }.map {
            try PONEventDecoder().decode($0.bytes)
        }
    }

    /// The one decoded fixture named `name`.
    static func one(_ name: String) throws -> PONEvent {
        let events = try decoded(name)
        guard events.count == 1, let event = events.first else { throw FixtureMissing(name: name, count: events.count) }
        return event
    }

    struct FixtureMissing: Error {
        var name: String
        var count: Int
    }

    static let oltID = "6f1c2b3a4d5e6f708192a3b4"
    static let onuID = "0a1b2c3d4e5f60718293a4b5"
    static let oltSerial = "BBSIM_OLT_10"
    static let onuSerial = "BBSM00000001"
}
