import ArgumentParser
import FerruleCore
import FerruleJSON
import Foundation
import PONEvents

#if canImport(Glibc)
import Glibc
#endif

/// `ferrule voltha events`: the VOLTHA events `ferrule events run` recorded; `--follow` keeps
/// printing new ones until SIGINT or SIGTERM.
struct VolthaEventsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events",
        abstract: "List recorded VOLTHA events, oldest of the newest N first; --follow prints new ones as they come.",
        discussion: """
            Reads DIR/events.sqlite, recorded by `ferrule events run` (docs/alarms.md). --type is a \
            kind (onu_activated, signal_lost, power_lost, …), an alarm name (ONU_LOSS_OF_SIGNAL: \
            raises and clears) or a full event name (ONU_LOSS_OF_SIGNAL_CLEAR_EVENT). With \
            --follow, JSON output is one object per line, and the command ends with status 0 on \
            SIGINT or SIGTERM. Does not contact VOLTHA or Kafka.

            Exit status: 0 success (also when nothing matches), 1 when the store is missing or \
            cannot be read, 64 usage errors.
            """
    )

    @OptionGroup var store: EventStoreOptions

    @Option(help: "A kind, an alarm name or a full event name.")
    var type: String?

    @OptionGroup var devices: PONDeviceOptions

    @Option(help: "Events since \(EventTime.help).")
    var since: EventTime?

    @Option(help: "Show the newest N events (1–\(EventStore.maxLimit)).")
    var limit = 50

    @Flag(help: "Keep printing new events until interrupted.")
    var follow = false

    @Option(help: "table, json or csv.")
    var format: ListFormat = .table

    /// How often --follow looks for new events.
    static let pollInterval = Duration.milliseconds(250)

    static let columns = ["id", "time", "name", "kind", "serial", "olt", "pon", "onu", "resource", "source"]

    func validate() throws {
        try checkEventLimit(limit)
    }

    func run() async throws {
        let store = try store.open()
        var query = EventQuery(
            deviceID: devices.device,
            onuSerial: devices.serial,
            oltDeviceID: devices.olt,
            ponInterface: devices.pon,
            type: type,
            since: since?.date,
            limit: limit
        )
        let stop = AsyncEvent()
        let signals = follow ? ShutdownSignals { _ in stop.signal() } : nil
        defer { signals?.cancel() }
        let page = try await reportingStoreErrors { try await store.events(query) }
        let newest = page.events.reversed()
        var cursor = try await reportingStoreErrors { try await store.lastEventID() }
        if let last = newest.last { cursor = max(cursor, last.id) }
        guard signals != nil else {
            print(render(Array(newest), total: page.total), terminator: "")
            return
        }
        var stream = TableOutput.Stream(columns: Self.columns, format: .csv)
        emit(Array(newest), stream: &stream, first: true)
        // Follow: look at the newest id; when it moved, print what matches after the cursor.
        query.oldestFirst = true
        query.limit = EventStore.maxLimit
        query.offset = 0
        while !stop.isSet {
            if await stop.wait(timeout: Self.pollInterval) { break }
            let newestID = try await reportingStoreErrors { try await store.lastEventID() }
            guard newestID > cursor else { continue }
            while true {
                query.afterID = cursor
                let next = try await reportingStoreErrors { try await store.events(query) }
                emit(next.events, stream: &stream, first: false)
                if next.events.count == query.limit, let last = next.events.last {
                    cursor = last.id
                    continue
                }
                cursor = max(newestID, next.events.last?.id ?? 0)
                break
            }
        }
    }

    /// The output without --follow.
    private func render(_ events: [StoredEvent], total: Int) -> String {
        switch format {
        case .json:
            return JSONValue.object([("events", .array(events.map(Self.json))), ("total", .int(total))]).canonicalText
        case .table, .csv:
            var text = TableOutput.render(columns: Self.columns, rows: events.map(Self.row), format: format)
            if format == .table { text += "\(events.count) of \(total) events shown\n" }
            return text
        }
    }

    /// Prints events as --follow does: JSON Lines, or table / CSV rows (the header once), flushed.
    private func emit(_ events: [StoredEvent], stream: inout TableOutput.Stream, first: Bool) {
        var text = ""
        switch format {
        case .json:
            for event in events { text += Self.json(event).compactText + "\n" }
        case .csv:
            text = stream.page(events.map(Self.row), last: false)
        case .table:
            // Rows come a few at a time: fixed-width columns rather than realigned pages.
            if first { text = Self.columns.map { $0.uppercased() }.joined(separator: "  ") + "\n" }
            for event in events {
                text +=
                    Self.row(event).map { $0.isEmpty ? "-" : TableOutput.tableCell($0) }.joined(separator: "  ") + "\n"
            }
        }
        guard !text.isEmpty else { return }
        // Unbuffered: whoever follows reads each event as it comes.
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func row(_ s: StoredEvent) -> [String] {
        let e = s.event
        return [
            String(s.id), eventTimeText(s.at), e.name, e.kind.rawValue, e.onuSerial ?? "", e.oltDeviceID ?? "",
            e.ponInterface.map(String.init) ?? "", e.onuNumber.map(String.init) ?? "", e.resourceID,
            s.source.description,
        ]
    }

    /// One event with typed values.
    static func json(_ s: StoredEvent) -> JSONValue {
        let e = s.event
        return .object(
            [
                ("id", .number(String(s.id))), ("time", .string(eventTimeText(s.at))), ("name", .string(e.name)),
                ("alarmName", .string(e.alarmName)), ("kind", .string(e.kind.rawValue)),
                ("phase", .string(e.phase.rawValue)),
                ("category", .string(e.category)), ("subCategory", .string(e.subCategory)),
                ("resourceId", .string(e.resourceID)), ("oltDeviceId", jsonText(e.oltDeviceID)),
                ("onuDeviceId", jsonText(e.onuDeviceID)), ("onuSerial", jsonText(e.onuSerial)),
                ("oltSerial", jsonText(e.oltSerial)), ("ponInterface", jsonNumber(e.ponInterface)),
                ("onuNumber", jsonNumber(e.onuNumber)), ("uni", jsonNumber(e.uni)), ("uniId", jsonNumber(e.uniID)),
                ("description", .string(e.description)),
                ("alarmId", s.alarmID.map { .number(String($0)) } ?? .null),
                ("recordedAt", .string(eventTimeText(s.recordedAt))),
                ("source", .string(s.source.description)),
            ] + jsonContext(e.context, unreadable: s.unreadableContext)
        )
    }
}
