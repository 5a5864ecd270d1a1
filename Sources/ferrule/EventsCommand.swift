import ArgumentParser

/// `ferrule events`: VOLTHA's `voltha.events`, normalised.
struct EventsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events",
        abstract: "VOLTHA events (event.Event from voltha.events): replay captures, normalised.",
        subcommands: [EventsReplayCommand.self]
    )
}
