import ArgumentParser

/// `ferrule events`: VOLTHA's `voltha.events`, normalised.
struct EventsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events",
        abstract:
            "VOLTHA events (event.Event from voltha.events): consume them from Kafka, replay captures, operate the action outbox.",
        subcommands: [EventsRunCommand.self, EventsReplayCommand.self, EventsActionsCommand.self]
    )
}
