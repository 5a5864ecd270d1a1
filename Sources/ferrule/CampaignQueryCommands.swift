import ArgumentParser
import CWMP
import Campaigns
import CurlHTTP
import FerruleCore
import FerruleJSON
import FerruleStore

/// `ferrule campaign list`.
struct CampaignListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List campaigns, newest first.")

    @OptionGroup var state: CampaignStateOptions

    @Option(help: "table, json or csv.")
    var format: ListFormat = .table

    func run() async throws {
        let store = try state.store()
        var rows: [[String]] = []
        for campaign in try await store.campaigns() {
            let counts = try await store.counts(campaign.id)
            rows.append([
                campaign.id, campaign.name, campaign.kind, campaign.status.rawValue,
                String(counts.values.reduce(0, +)), String(counts[.succeeded] ?? 0), String(counts[.failed] ?? 0),
                isoTime(campaign.createdAt),
            ])
        }
        TableOutput.print(
            columns: ["id", "name", "kind", "status", "devices", "succeeded", "failed", "created"],
            rows: rows,
            format: format,
            types: ["devices": .number, "succeeded": .number, "failed": .number]
        )
    }
}

/// `ferrule campaign show ID`.
struct CampaignShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "One campaign: status, counts per state, recent events."
    )

    @OptionGroup var target: CampaignTargetOptions

    @Option(help: "How many recent events to show.")
    var events: Int = 20

    func run() async throws {
        let (store, id) = try await target.open()
        guard let c = try await store.campaign(id) else { throw ExitCode(1) }
        let counts = try await store.counts(id)
        // Names, reasons and event details quote files, GenieACS and CPE fault strings: escaped.
        let text = DisplayText.escaped
        print("campaign \(c.id)  \(c.kind) \"\(text(c.name))\" from \(text(c.specFile))")
        print("status:   \(c.status.rawValue)" + (c.statusReason.map { " (\(text($0)))" } ?? ""))
        print("acs:      \(text(HTTPClientError.redacted(c.acsURL)))")
        if let parent = c.rollbackOf { print("rollback of \(parent)") }
        if let lease = try await store.lease(id) {
            print(
                "runner:   \(lease.holder) since \(isoTime(lease.startedAt)), last heartbeat \(isoTime(lease.heartbeatAt))"
            )
        }
        print("created:  \(isoTime(c.createdAt))  started: \(isoTime(c.startedAt))  finished: \(isoTime(c.finishedAt))")
        let states = TargetRecord.State.allCases.map { "\($0.rawValue) \(counts[$0] ?? 0)" }.joined(separator: "  ")
        print("devices:  \(counts.values.reduce(0, +)) — \(states)")
        let recent = try await store.events(id, limit: events)
        if !recent.isEmpty { print("recent events:") }
        for event in recent {
            print("  \(isoTime(event.at))  \(text(event.deviceID ?? "-"))  \(event.kind)  \(text(event.detail))")
        }
    }
}

/// `ferrule campaign report ID`: every device's result.
struct CampaignReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Per-device results: state, attempts, task, error, versions or values (secrets masked)."
    )

    @OptionGroup var target: CampaignTargetOptions

    @Option(help: "table, json or csv.")
    var format: ListFormat = .table

    static let columns = [
        "device", "state", "attempts", "task", "error", "message", "versionBefore", "changes", "finished",
    ]

    /// Rows are read and printed a page at a time, so a 5-million-device report streams in
    /// constant memory (table pages align their own columns).
    func run() async throws {
        let (store, id) = try await target.open()
        let pageSize = 10_000
        var from = 0
        var stream = TableOutput.Stream(columns: Self.columns, format: format)
        var emitted = 0
        while true {
            let page = try await store.targets(id, ordinalFrom: from, limit: pageSize)
            let last = page.count < pageSize
            if format == .json {
                // Typed values: numbers as numbers, absent values as null.
                var out = emitted == 0 ? "[" : ""
                for target in page {
                    out += (emitted > 0 ? "," : "") + "\n  " + Self.json(target).compactText
                    emitted += 1
                }
                if last { out += emitted > 0 ? "\n]\n" : "]\n" }
                print(out, terminator: "")
            } else {
                print(stream.page(page.map(Self.row), last: last), terminator: "")
            }
            guard !last, let final = page.last else { break }
            from = final.ordinal + 1
        }
    }

    /// One device's result as a JSON object with typed values; `changes` maps each parameter to its value as
    /// GenieACS stores it once set (``ParameterChange/reportValue``: `true`, `900`, `"Acme-1234"`).
    static func json(_ t: TargetRecord) -> JSONValue {
        func text(_ value: String?) -> JSONValue { value.map { .string($0) } ?? .null }
        let changes = ConfigurationPlan.changes(fromJSON: t.changesJSON).map { ($0.path, $0.reportValue) }
        return .object([
            ("device", .string(t.deviceID)), ("state", .string(t.state.rawValue)), ("attempts", .int(t.attempts)),
            ("task", text(t.taskID)), ("error", text(t.errorCode)), ("message", text(t.errorMessage)),
            ("versionBefore", text(t.versionBefore)), ("changes", .object(changes)),
            ("finished", t.finishedAt.map { .string(isoTime($0)) } ?? .null),
        ])
    }

    static func row(_ t: TargetRecord) -> [String] {
        let changes = ConfigurationPlan.changes(fromJSON: t.changesJSON).map { change in
            "\(change.path)=\(change.isSecret ? "••••••" : change.value)"
        }
        return [
            t.deviceID, t.state.rawValue, String(t.attempts), t.taskID ?? "", t.errorCode ?? "",
            t.errorMessage ?? "", t.versionBefore ?? "", changes.joined(separator: "; "), isoTime(t.finishedAt),
        ]
    }
}
