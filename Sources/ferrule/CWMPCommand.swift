import ArgumentParser

/// `ferrule cwmp`: read, inspect and write CWMP (TR-069) messages and parameter trees.
struct CWMPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cwmp",
        abstract: "Read, inspect and write CWMP (TR-069) messages and parameter trees.",
        subcommands: [CWMPParseCommand.self, CWMPTreeCommand.self, CWMPRenderCommand.self]
    )
}
