import ArgumentParser
import FerruleCore
import FerruleJSON
import FerruleStore
import Foundation
import PONEventIngest
import PONEvents
import PONTriggers

/// `ferrule events actions`: the trigger outbox of an event store, for operators.
struct EventsActionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "actions",
        abstract: "The trigger actions `ferrule events run` queued: list them, skip a stuck one, retry a failed one.",
        subcommands: [EventsActionsListCommand.self, EventsActionsSkipCommand.self, EventsActionsRetryCommand.self]
    )
}

/// `--state` / `--state-dir`, as `ferrule events run` takes them, with the readers' default.
struct OutboxStoreOptions: ParsableArguments {
    @Option(
        name: [.customLong("state"), .customLong("state-dir")],
        help: ArgumentHelp(
            "The state directory holding events.sqlite, as `ferrule events run --state` (default: $FERRULE_STATE_DIR or ~/.local/state/ferrule).",
            valueName: "dir"
        )
    )
    var stateDirectory: String?

    /// Opens the store; a missing or empty file is an error (these commands never create one).
    func open() throws -> EventStore {
        var options = EventStoreOptions()
        options.stateDirectory = stateDirectory
        return try options.open()
    }
}

/// `ferrule events actions list`.
struct EventsActionsListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract:
            "List pending actions (oldest first: the first is the one the outbox works on) and recently finished ones.",
        discussion: """
            Reads DIR/events.sqlite (docs/triggers.md, "Operating the outbox"). A pending action \
            with attempts is retrying after a retryable failure and holds back every action after \
            it; OUTCOME is its last failure. Secrets show as their ${secret:NAME} placeholders: \
            the store never holds their values. Does not contact GenieACS and may run while \
            `ferrule events run` does.

            Exit status: 0 success (also when the outbox is empty), 1 when the store is missing \
            or cannot be read, 64 usage errors.
            """
    )

    @OptionGroup var store: OutboxStoreOptions

    @Option(help: "At most this many pending actions (1–\(EventStore.maxLimit)).")
    var limit = 100

    @Option(help: "At most this many finished actions, newest first (0–\(EventStore.maxLimit)).")
    var recent = 20

    @Option(help: "table, json or csv.")
    var format: ListFormat = .table

    func validate() throws {
        try checkEventLimit(limit)
        guard (0...EventStore.maxLimit).contains(recent) else {
            throw ValidationError("--recent must be 0 to \(EventStore.maxLimit), not \(recent)")
        }
    }

    static let columns = [
        "id", "state", "event", "rule", "trigger", "kind", "target", "attempts", "queued", "done", "outcome",
    ]

    func run() async throws {
        let store = try store.open()
        let listing = try await reportingStoreErrors {
            try await store.outbox(pendingLimit: limit, finishedLimit: recent)
        }
        let pending = listing.pending.map(OutboxEntry.init)
        let finished = listing.finished.map(OutboxEntry.init)
        switch format {
        case .json:
            let document = JSONValue.object([
                ("pending", .array(pending.map(Self.json))), ("pendingTotal", .int(listing.pendingTotal)),
                ("finished", .array(finished.map(Self.json))), ("finishedTotal", .int(listing.finishedTotal)),
            ])
            print(document.canonicalText, terminator: "")
        case .table, .csv:
            TableOutput.print(
                columns: Self.columns,
                rows: (pending + finished).map(Self.row),
                format: format,
                types: ["id": .number, "event": .number, "attempts": .number]
            )
            if format == .table {
                var summary = "\(listing.pendingTotal) pending (\(pending.count) shown)"
                if let head = pending.first, head.attempts > 0 {
                    summary +=
                        "; action \(head.id) is retrying and holds back the rest "
                        + "(`ferrule events actions skip \(head.id) --note …` lets the outbox go on)"
                }
                print(summary + "; \(listing.finishedTotal) finished (\(finished.count) most recent shown)")
            }
        }
    }

    static func row(_ e: OutboxEntry) -> [String] {
        [
            String(e.id), e.state.rawValue, String(e.eventID), e.rule ?? "", e.trigger ?? "", e.kind ?? "",
            e.target ?? "", String(e.attempts), eventTimeText(e.createdAt), eventTimeText(e.doneAt),
            e.retriedAs.map { "\(e.lastOutcome) (retried as action \($0))" } ?? e.lastOutcome,
        ]
    }

    static func json(_ e: OutboxEntry) -> JSONValue {
        .object([
            ("id", .number(String(e.id))), ("state", .string(e.state.rawValue)),
            ("eventId", .number(String(e.eventID))),
            ("key", .string(e.key)), ("rule", jsonText(e.rule)), ("trigger", jsonText(e.trigger)),
            ("kind", jsonText(e.kind)), ("target", jsonText(e.target)), ("summary", .string(e.summary)),
            ("attempts", .int(e.attempts)), ("queuedAt", .string(eventTimeText(e.createdAt))),
            ("doneAt", jsonText(e.doneAt.map(eventTimeText))),
            ("lastOutcome", e.lastOutcome.isEmpty ? .null : .string(e.lastOutcome)),
            ("retriedAs", e.retriedAs.map { .number(String($0)) } ?? .null),
        ])
    }
}

/// The operator and note `skip` and `retry` record with the action.
struct OutboxOperatorOptions: ParsableArguments {
    @Option(help: "Why: kept with the action (one line, at most 1,024 characters).")
    var note: String

    @Option(help: "Who (default: $USER); kept with the action.")
    var by: String?

    func operatorName() throws -> String {
        guard let name = by ?? CommandEnvironment.current["USER"], !name.isEmpty else {
            throw ValidationError("give --by NAME: $USER is not set, and the action keeps who changed it")
        }
        return name
    }
}

/// Prints what an operator's change came to; throws the exit status for a refusal.
private func report(_ change: OperatorChange, id: Int64, store: EventStore, verb: String) throws -> StoredAction {
    switch change {
    case .changed(let action):
        return action
    case .unknown:
        StandardError.write(
            "\(DisplayText.escaped(store.path)): error[action-not-found]: there is no action \(id) "
                + "(it may have been pruned); `ferrule events actions list` shows the actions there are; nothing was changed\n"
        )
        throw ExitStatus.failure
    case .refused(let action):
        let state = OutboxEntry(action).state
        let why: String
        switch (verb, state) {
        case ("skip", _): why = "it is not pending but \(state.rawValue); only a pending action can be skipped"
        case (_, .pending): why = "it is still pending; the outbox performs it (skip it instead to pass it over)"
        case (_, .succeeded): why = "it succeeded; retrying would perform it twice"
        default: why = "it was already retried as action \(action.retriedAs.map(String.init) ?? "?")"
        }
        StandardError.write(
            "\(DisplayText.escaped(store.path)): error[action-not-\(verb == "skip" ? "pending" : "retryable")]: "
                + "action \(id) cannot be \(verb == "skip" ? "skipped" : "retried"): \(why); nothing was changed\n"
        )
        throw ExitStatus.failure
    case .consumerRunning(let holder):
        StandardError.write(
            "\(DisplayText.escaped(store.path)): error[lease-held]: the outbox is being run by \(holder.holder) "
                + "(`ferrule events run` or `ferrule serve`), which may be performing action \(id) now; nothing was "
                + "changed. Stop that process (SIGTERM: it finishes the action in hand), run this again, then start "
                + "it again\n"
        )
        throw ExitStatus.leaseHeld
    }
}

/// `ferrule events actions skip ID`.
struct EventsActionsSkipCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "skip",
        abstract: "Mark a pending action skipped (with who and why), so the outbox goes on past it.",
        discussion: """
            For an action that keeps failing and holds back the outbox (docs/triggers.md). The \
            action is not performed; its outcome becomes `skipped by NAME: NOTE`. One writer at \
            a time: refused (exit 3, naming the process) while `ferrule events run` or \
            `ferrule serve` consumes into the store, since it may be performing the action at that \
            moment; stop it (SIGTERM), skip, start it again.

            Exit status: 0 skipped, 1 unknown or not pending action or unreadable store, 3 a \
            consumer holds the store, 64 usage errors.
            """
    )

    @OptionGroup var action: OutboxActionOptions

    func run() async throws {
        let id = action.id
        let skipped = try await action.change(verb: "skip") { store, by, note in
            try await store.skipAction(
                id,
                by: by,
                note: note,
                unlessHeld: EventConsumerLease.name,
                timeout: EventConsumerLease.timeout
            )
        }
        let entry = OutboxEntry(skipped)
        print(
            "skipped action \(id) (\(DisplayText.value(entry.rule ?? entry.key)): \(DisplayText.line(entry.summary)))"
        )
    }
}

/// `ferrule events actions retry ID`.
struct EventsActionsRetryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retry",
        abstract: "Queue a failed or skipped action again, at the end of the outbox.",
        discussion: """
            The action is queued as a new action (a new id, attempts from 0) after everything \
            queued so far, so it does not overtake actions that ran since; the old one records the \
            new id. A succeeded action is not retried, nor one retried already. The same \
            one-writer rule as `skip`: refused (exit 3) while a consumer holds the store; the next \
            `ferrule events run` performs it.

            Exit status: 0 queued, 1 unknown or not retryable action or unreadable store, 3 a \
            consumer holds the store, 64 usage errors.
            """
    )

    @OptionGroup var action: OutboxActionOptions

    func run() async throws {
        let id = action.id
        let queued = try await action.change(verb: "retry") { store, by, note in
            try await store.retryAction(
                id,
                by: by,
                note: note,
                unlessHeld: EventConsumerLease.name,
                timeout: EventConsumerLease.timeout
            )
        }
        print("queued action \(id) again as action \(queued.id); `ferrule events run` performs it")
    }
}

/// The options of `skip` and `retry`: the store, the action id and who changes it, why.
struct OutboxActionOptions: ParsableArguments {
    @OptionGroup var store: OutboxStoreOptions

    @Argument(help: "The action id (`ferrule events actions list`).")
    var id: Int64

    @OptionGroup var operatorNote: OutboxOperatorOptions

    /// Opens the store, makes the change (`verb` names it in refusals) and returns the action it
    /// produced, or exits as ``report(_:id:store:verb:)`` says.
    func change(
        verb: String,
        _ make: @Sendable (EventStore, String, String) async throws -> OperatorChange
    ) async throws -> StoredAction {
        let by = try operatorNote.operatorName()
        let store = try store.open()
        let note = operatorNote.note
        let change = try await reportingStoreErrors { try await make(store, by, note) }
        return try report(change, id: id, store: store, verb: verb)
    }
}
