import ArgumentParser
import FerruleCore
import FerruleJSON
import Foundation
import PONEvents
import PONTriggers
import Rules

/// `ferrule events replay FILE|-`: the normalised events of a capture, in order; with `--rules`,
/// what each event would trigger (a dry run: nothing is contacted or changed).
struct EventsReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Print the normalised events of a capture of voltha.events (JSON Lines or length-delimited).",
        discussion: """
            FILE holds VOLTHA event.Event messages, either one per line in protobuf's JSON mapping \
            (what MessageToJson or protojson write) or as length-delimited binary protobufs (a varint \
            length, then the message). - reads standard input, as a stream: memory stays bounded \
            whatever the length of the capture. The format is taken from the first byte unless \
            --input says it. Each line or message is at most 1 MiB (less when FERRULE_MAX_INPUT_BYTES \
            is smaller). A JSON line may also be one of ONOS's kafka-onos events (onu.events, \
            authentication.events, dhcp.events: an object with status, authenticationState or \
            messageType and no header), printed with kind "onos" (docs/events.md, "ONOS events").

            A record that cannot be decoded is reported on standard error as \
            file:line:col: error[code]: message and the replay goes on. Unknown event names are \
            printed with kind "unknown", never an error.

            --filter runs the events through deduplication, storm protection and debounce as the \
            event engine would, with the defaults or the storm: section of --settings FILE, and \
            prints each outcome (deliver, duplicate, absorbed, held, flap-suppressed, storm-raised, \
            storm-cleared) before the event; time comes from the events, so a replay gives the \
            same outcomes every time. See docs/events.md.

            --rules DIR (repeatable) adds what each event would trigger under the `on: voltha.*` \
            rules there: text prints one indented `-> rule: action` line per planned action after \
            the event; json adds `actions` (rule, trigger, key, action) to each object. With \
            --filter the events go through the same stage as in `ferrule events run`: only \
            delivered events are planned, and an activation or recovery VOLTHA reports twice \
            (the core's state change and the adapter's event) is planned once. A dry run: \
            neither GenieACS nor anything else is contacted. docs/triggers.md.

            Exit status: 0 when every record decoded, 1 when any did not (the others are still \
            printed), 2 when FILE cannot be read, 64 for usage errors.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    enum Input: String, ExpressibleByArgument, CaseIterable {
        case jsonl, binary
    }

    @Argument(help: "A capture of voltha.events, or - for standard input.")
    var file: String

    @Option(help: "Output: text (one line per event) or json (JSON Lines, one object per event).")
    var format: Format = .text

    @Option(help: "The capture's format: jsonl or binary (length-delimited); sniffed when absent.")
    var input: Input?

    @Flag(help: "Show what deduplication, storm protection and debounce make of each event.")
    var filter = false

    @Option(help: "A YAML file with a storm: section (thresholds for --filter).")
    var settings: String?

    @Option(help: "A rules directory or file: show what each event would trigger (repeatable; a dry run).")
    var rules: [String] = []

    func validate() throws {
        if settings != nil && !filter { throw ValidationError("--settings applies to --filter; add --filter") }
    }

    func run() throws {
        let triggerRules = try Self.triggerRules(rules)
        let planner = triggerRules.map { TriggerPlanner(rules: $0) }
        let storm = try settings.map { try Self.readSettings($0) } ?? PONStormSettings()
        // With --filter and --rules: the stage `ferrule events run` plans with (EventTriggerStage), so
        // that a replay plans what the consumer would, the once-per-activation rule included.
        var stage = filter ? triggerRules.map { EventTriggerStage(rules: $0, storm: storm) } : nil
        var pipeline = filter && stage == nil ? PONEventFilter(settings: storm) : nil
        // The time of the last event: the stage's `now` for an event that carries none (deterministic).
        var lastTime = Date(timeIntervalSince1970: 0)
        let reader: PONEventReplayReader
        do {
            reader = try PONEventReplayReader(path: file, format: input.map { $0 == .jsonl ? .jsonl : .binary })
        } catch {
            StandardError.write(error.description + "\n")
            throw ExitStatus.unreadable
        }
        var failed = false
        while let item = reader.next() {
            switch item {
            case .event(let event, _, _):
                lastTime = max(lastTime, event.raisedAt ?? event.reportedAt ?? lastTime)
                // Changed in place (optional chaining): a copy would share the filter's
                // dictionaries and copy them whole on every event.
                if let result = stage?.process(event, now: lastTime) {
                    for (outcome, actions) in zip(result.outcomes, result.planned) { print(render(outcome, actions)) }
                } else if let outcomes = pipeline?.process(event) {
                    for outcome in outcomes { print(render(outcome, planner)) }
                } else {
                    print(render(event, planner))
                }
            case .failure(let diagnostic):
                failed = true
                if diagnostic.code == .unreadable {
                    StandardError.write(diagnostic.description + "\n")
                    throw ExitStatus.unreadable
                }
                StandardError.write(diagnostic.description + "\n")
            }
        }
        if var active = stage {
            let result = active.finish(now: lastTime)
            for (outcome, actions) in zip(result.outcomes, result.planned) { print(render(outcome, actions)) }
        }
        if var active = pipeline {
            for outcome in active.finish() { print(render(outcome, planner)) }
        }
        if failed { throw ExitStatus.failure }
    }

    private func render(_ outcome: PONEventOutcome, _ planner: TriggerPlanner?) -> String {
        var actions: [PlannedAction]?
        if let planner, case .deliver(let event) = outcome { actions = planner.plan(event).actions }
        return render(outcome, actions)
    }

    /// `outcome` with the actions planned for it (nil: no rules were given).
    private func render(_ outcome: PONEventOutcome, _ actions: [PlannedAction]?) -> String {
        if format == .json { return Self.withActions(outcome.jsonValue, actions).compactText }
        return EventsText.line(outcome) + EventsText.actions(actions)
    }

    private func render(_ event: PONEvent, _ planner: TriggerPlanner?) -> String {
        let actions = planner.map { $0.plan(event).actions }
        if format == .json { return Self.withActions(event.jsonValue, actions).compactText }
        return EventsText.line(event) + EventsText.actions(actions)
    }

    /// `object` with an `actions` member when rules were given.
    private static func withActions(_ object: JSONValue, _ actions: [PlannedAction]?) -> JSONValue {
        guard let actions, case .object(let members) = object else { return object }
        let list: [JSONValue] = actions.map {
            .object([
                ("rule", .string($0.rule)), ("trigger", .string($0.trigger.qualifiedName)), ("key", .string($0.key)),
                ("action", .string($0.step.summary)),
            ])
        }
        return .object(members + [("actions", .array(list))])
    }

    /// The trigger rules of `roots`; nil without rules. Exits 2 (unreadable) or 1 (errors).
    static func triggerRules(_ roots: [String]) throws -> [TriggerRule]? {
        guard !roots.isEmpty else { return nil }
        let project: RuleProject
        do {
            project = try RuleProject(roots: roots)
        } catch {
            throw ValidationError(error.description)
        }
        var diagnostics = DiagnosticCollector()
        let ruleSet = project.resolve(diagnostics: &diagnostics)
        DiagnosticOutput.print(diagnostics)
        if diagnostics.contains(.unreadable) { throw ExitStatus.unreadable }
        guard !diagnostics.hasErrors else {
            StandardError.write("ferrule events replay: the rules have errors; no event was replayed\n")
            throw ExitStatus.failure
        }
        return ruleSet.triggerRules
    }

    /// The storm settings of `path`, or exit 2 (unreadable) / 1 (wrong) with the diagnostics.
    static func readSettings(_ path: String) throws -> PONStormSettings {
        let bytes: [UInt8]
        switch InputFiles.read(path) {
        case .failure(let error):
            StandardError.write(error.description + "\n")
            throw ExitStatus.unreadable
        case .success(let read): bytes = read
        }
        let (settings, diagnostics) = PONStormSettings.read(String(decoding: bytes, as: UTF8.self), file: path)
        for diagnostic in diagnostics.sorted { StandardError.write(diagnostic.description + "\n") }
        guard let settings else { throw ExitStatus.failure }
        return settings
    }
}

/// One line per event: time, kind, phase, name, then the identities that are known.
enum EventsText {
    static func line(_ event: PONEvent) -> String {
        let time = (event.raisedAt ?? event.reportedAt).map(PONEvent.timestamp) ?? "-"
        var fields = [
            time, pad(event.kind.rawValue, 14), pad(event.phase.rawValue, 5), DisplayText.line(event.name),
        ]
        let identities: [(String, String?)] = [
            ("olt", event.oltDeviceID), ("olt-serial", event.oltSerial), ("pon", event.ponInterface.map(String.init)),
            ("onu", event.onuNumber.map(String.init)), ("serial", event.onuSerial), ("onu-device", event.onuDeviceID),
            ("uni", (event.uni ?? event.onosUNI).map(String.init)), ("uni-id", event.uniID.map(String.init)),
            ("of-device", event.onosDeviceID), ("of-port", event.onosPortNumber.map(String.init)),
            ("mac", event.onosMACAddress), ("ip", event.onosIPAddress),
        ]
        for (key, value) in identities {
            if let value { fields.append("\(key)=\(DisplayText.value(value))") }
        }
        return fields.joined(separator: " ")
    }

    /// The planned actions after an event's line, one indented line each (nothing without rules).
    static func actions(_ actions: [PlannedAction]?) -> String {
        guard let actions else { return "" }
        return actions.map { "\n  -> " + DisplayText.line($0.summary) }.joined()
    }

    /// An outcome of `--filter`: its name, then the event's line or the storm's summary.
    static func line(_ outcome: PONEventOutcome) -> String {
        switch outcome {
        case .stormRaised(let storm), .stormCleared(let storm):
            let time = PONEvent.timestamp(storm.endedAt ?? storm.startedAt)
            return
                "\(pad(outcome.name, 15)) \(time) \(DisplayText.value(storm.port.description)) onus=\(storm.onus.count) "
                + "raises=\(storm.raises) still-down=\(storm.stillDown.count)"
        default:
            return "\(pad(outcome.name, 15)) " + (outcome.event.map(line) ?? "")
        }
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}
