import ArgumentParser
import FerruleJSON
import Foundation
import PONEvents

/// `ferrule voltha alarms`: the alarms `ferrule events run` derived from VOLTHA's raise and
/// clear events, filtered, with totals.
struct VolthaAlarmsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alarms",
        abstract: "List PON alarms from the event store, most recently changed first, with totals.",
        discussion: """
            Reads DIR/events.sqlite, recorded by `ferrule events run` (docs/alarms.md): one alarm \
            per alarm name and ONU (or PON, or OLT), active or cleared. VOLTHA does not send \
            severities: they come from Ferrule's table or the operator's severity file. Does not \
            contact VOLTHA.

            Exit status: 0 success (also when nothing matches), 1 when the store is missing or \
            cannot be read, 64 usage errors.
            """
    )

    @OptionGroup var store: EventStoreOptions

    @OptionGroup var devices: PONDeviceOptions

    @Option(help: "The alarm name (ONU_LOSS_OF_SIGNAL).")
    var name: String?

    @Option(help: "critical, major, minor, warning, indeterminate; several separated by commas.")
    var severity: String?

    @Option(help: "active or cleared.")
    var state: String?

    @Option(help: "Alarms changed since \(EventTime.help).")
    var since: EventTime?

    @Option(help: "At most this many alarms (1–\(EventStore.maxLimit)).")
    var limit = 100

    @Option(help: "Skip this many alarms first.")
    var offset = 0

    @Option(help: "table, json or csv.")
    var format: ListFormat = .table

    func validate() throws {
        try checkEventLimit(limit)
        if offset < 0 { throw ValidationError("--offset must be 0 or more") }
        _ = try severities()
        if let state, AlarmState(name: state) == nil {
            throw ValidationError("--state must be active or cleared, not \"\(state)\"")
        }
    }

    private func severities() throws -> Set<AlarmSeverity> {
        guard let severity else { return [] }
        var set: Set<AlarmSeverity> = []
        for name in severity.split(separator: ",", omittingEmptySubsequences: false) {
            guard let value = AlarmSeverity(name: name.trimmingCharacters(in: .whitespaces)) else {
                let known = AlarmSeverity.allCases.reversed().map(\.rawValue).joined(separator: ", ")
                throw ValidationError("--severity \"\(name)\" is not one of \(known)")
            }
            set.insert(value)
        }
        return set
    }

    static let columns = [
        "id", "state", "severity", "name", "serial", "olt", "pon", "onu", "raised", "changed", "raises", "acknowledged",
    ]

    func run() async throws {
        let store = try store.open()
        let query = AlarmQuery(
            deviceID: devices.device,
            onuSerial: devices.serial,
            oltDeviceID: devices.olt,
            ponInterface: devices.pon,
            name: name,
            severities: try severities(),
            state: state.flatMap(AlarmState.init(name:)),
            since: since?.date,
            limit: limit,
            offset: offset
        )
        let page = try await reportingStoreErrors { try await store.alarms(query) }
        switch format {
        case .json:
            let document = JSONValue.object([
                ("alarms", .array(page.alarms.map(Self.json))), ("total", .int(page.total)),
                ("active", .int(page.active)), ("cleared", .int(page.cleared)),
            ])
            print(document.canonicalText, terminator: "")
        case .table, .csv:
            TableOutput.print(columns: Self.columns, rows: page.alarms.map(Self.row), format: format)
            if format == .table {
                let shown = page.alarms.isEmpty ? "none shown" : "\(offset + 1)–\(offset + page.alarms.count) shown"
                print("\(page.total) alarms (\(page.active) active, \(page.cleared) cleared), \(shown)")
            }
        }
    }

    static func row(_ a: PONAlarm) -> [String] {
        [
            String(a.id), a.state.rawValue, a.severity.rawValue, a.name, a.onuSerial ?? "", a.oltDeviceID ?? "",
            a.ponInterface.map(String.init) ?? "", a.onuNumber.map(String.init) ?? "", eventTimeText(a.raisedAt),
            eventTimeText(a.changedAt), String(a.raiseCount), a.acknowledgement?.by ?? "",
        ]
    }

    /// One alarm with typed values (numbers as numbers, absent values as null).
    static func json(_ a: PONAlarm) -> JSONValue {
        func note(_ note: OperatorNote?) -> JSONValue {
            guard let note else { return .null }
            return .object([
                ("by", .string(note.by)), ("at", .string(eventTimeText(note.at))), ("note", jsonText(note.note)),
            ])
        }
        return .object(
            [
                ("id", .number(String(a.id))), ("name", .string(a.name)), ("identity", .string(a.identity)),
                ("state", .string(a.state.rawValue)), ("severity", .string(a.severity.rawValue)),
                ("category", .string(a.category)), ("subCategory", .string(a.subCategory)),
                ("resourceId", .string(a.resourceID)), ("oltDeviceId", jsonText(a.oltDeviceID)),
                ("onuDeviceId", jsonText(a.onuDeviceID)), ("onuSerial", jsonText(a.onuSerial)),
                ("ponInterface", jsonNumber(a.ponInterface)), ("onuNumber", jsonNumber(a.onuNumber)),
                ("uni", jsonNumber(a.uni)), ("uniId", jsonNumber(a.uniID)),
                ("description", .string(a.description)), ("raisedAt", jsonText(a.raisedAt.map(eventTimeText))),
                ("changedAt", .string(eventTimeText(a.changedAt))),
                ("clearedAt", jsonText(a.clearedAt.map(eventTimeText))),
                ("raiseCount", .int(a.raiseCount)), ("clearCount", .int(a.clearCount)),
                ("acknowledged", note(a.acknowledgement)), ("clearedByOperator", note(a.operatorClear)),
            ] + jsonContext(a.context, unreadable: a.unreadableContext)
        )
    }
}
