import ArgumentParser
import FerruleCore
import FerruleJSON
import Foundation
import PONEvents

/// Where `ferrule voltha alarms` / `events` find the store `ferrule events run` writes:
/// `DIR/events.sqlite`, DIR from --state-dir, else `$FERRULE_STATE_DIR`, else
/// `~/.local/state/ferrule` (the campaign state's directory).
struct EventStoreOptions: ParsableArguments {
    @Option(
        name: .customLong("state-dir"),
        help: ArgumentHelp(
            "The state directory `ferrule events run` records into (default: $FERRULE_STATE_DIR or ~/.local/state/ferrule).",
            valueName: "dir"
        )
    )
    var stateDirectory: String?

    /// The store's file.
    var path: String {
        let environment = CommandEnvironment.current
        let directory =
            stateDirectory ?? environment["FERRULE_STATE_DIR"]
            ?? (environment["HOME"] ?? FileManager.default.homeDirectoryForCurrentUser.path) + "/.local/state/ferrule"
        return EventStore.path(inStateDirectory: directory)
    }

    /// Opens the store for reading; a missing file is an error (these commands never create one).
    func open() throws -> EventStore {
        let path = path
        guard FileManager.default.fileExists(atPath: path) else {
            StandardError.write(
                "\(DisplayText.escaped(path)): error[event-store-missing]: no event store here; `ferrule events run --state-dir DIR` "
                    + "records one, or give the directory it uses with --state-dir\n"
            )
            throw ExitStatus.failure
        }
        // An empty file is not a store (SQLite would take it as an empty database and the schema
        // would be written into it): a reading command never writes where nothing was recorded.
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue
        if size == 0 {
            StandardError.write(
                "\(DisplayText.escaped(path)): error[event-store-empty]: the file is empty, not an event store; "
                    + "`ferrule events run --state-dir DIR` records one (nothing was written)\n"
            )
            throw ExitStatus.failure
        }
        do {
            return try EventStore(path: path)
        } catch let error as EventStoreError {
            StandardError.write("\(error)\n")
            throw ExitStatus.failure
        }
    }
}

/// The device filters `alarms` and `events` share.
struct PONDeviceOptions: ParsableArguments {
    @Option(help: "A VOLTHA device id: the ONU, its OLT, or the event's resource.")
    var device: String?

    @Option(help: "The ONU's serial number.")
    var serial: String?

    @Option(help: "The OLT's VOLTHA device id.")
    var olt: String?

    @Option(help: "The PON interface number (intf-id).")
    var pon: UInt32?
}

/// Runs `body`, printing ``EventStoreError``s as their one line and exiting 1.
func reportingStoreErrors<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as EventStoreError {
        StandardError.write("\(error)\n")
        throw ExitStatus.failure
    }
}

/// `--since` / `--until` values: an ISO 8601 time (`2026-12-05T09:00:00Z`, with an offset, or a
/// date alone, taken as midnight UTC) or a time ago (`90s`, `15m`, `2h`, `7d`).
struct EventTime: ExpressibleByArgument {
    let date: Date

    init?(argument: String) {
        guard let date = Self.parse(argument, now: Date()) else { return nil }
        self.date = date
    }

    static func parse(_ text: String, now: Date) -> Date? {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3_600, "d": 86_400]
        if let unit = text.last, let seconds = units[unit], let count = Double(text.dropLast()), count >= 0,
            count.isFinite
        {
            return now.addingTimeInterval(-count * seconds)
        }
        if let date = try? Date(text, strategy: .iso8601) { return date }
        return try? Date(text, strategy: Date.ISO8601FormatStyle().year().month().day())
    }

    static let help = "an ISO 8601 time (2026-12-05T09:00:00Z) or a time ago (90s, 15m, 2h, 7d)"
}

/// `--limit` in 1 … ``EventStore/maxLimit``.
func checkEventLimit(_ limit: Int) throws {
    guard (1...EventStore.maxLimit).contains(limit) else {
        throw ValidationError("--limit must be between 1 and \(EventStore.maxLimit), not \(limit)")
    }
}

/// Times in listings: ISO 8601 UTC, empty for none.
func eventTimeText(_ date: Date?) -> String {
    date?.formatted(.iso8601) ?? ""
}

/// An optional value as JSON: the text, or null.
func jsonText(_ value: String?) -> JSONValue {
    value.map { .string($0) } ?? .null
}

/// An optional number as JSON.
func jsonNumber(_ value: UInt32?) -> JSONValue {
    value.map { .number(String($0)) } ?? .null
}

/// The `context` member (a JSON object with sorted keys) and, when the stored text was not a
/// JSON object of strings, `context` null and `contextUnreadable` with that text (shortened to
/// ``contextUnreadableLimit`` characters), instead of an empty object that hides the damage.
func jsonContext(_ context: [String: String], unreadable: String?) -> [(String, JSONValue)] {
    if let unreadable {
        return [
            ("context", .null),
            ("contextUnreadable", .string(DisplayText.value(unreadable, limit: contextUnreadableLimit))),
        ]
    }
    return [("context", .object(context.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }))]
}

/// How much of an unreadable stored context a listing shows.
let contextUnreadableLimit = 200
