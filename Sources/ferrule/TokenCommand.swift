import ArgumentParser
import FerruleServer
import Foundation

/// `ferrule token`: the API tokens of `ferrule serve`.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Create, list and revoke API tokens for `ferrule serve`.",
        discussion: """
            Tokens live in server.sqlite in the state directory (--state, $FERRULE_STATE_DIR or \
            ~/.local/state/ferrule), stored as a salted SHA-256 of their secret: a token is shown \
            once, when it is created. A running server sees a new or revoked token at its next request.
            """,
        subcommands: [TokenCreateCommand.self, TokenListCommand.self, TokenRevokeCommand.self]
    )
}

/// Where the token store is.
struct TokenStateOptions: ParsableArguments {
    @Option(
        name: .customLong("state"),
        help: "The state directory (default: $FERRULE_STATE_DIR or ~/.local/state/ferrule)."
    )
    var stateDirectory: String?

    func store() throws -> TokenStore {
        try Self.store(
            in: stateDirectory ?? ServerEnvironment.base(CommandEnvironment.current.variables).stateDirectory
        )
    }

    /// The token store in `directory`; an error is one line and exit 1.
    static func store(in directory: String) throws -> TokenStore {
        do {
            return try TokenStore(directory: directory)
        } catch {
            StandardError.write("error: \(error)\n")
            throw ExitStatus.failure
        }
    }
}

/// Runs `body`, printing a token-store error as one line and exiting 1.
func reportingTokenErrors<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as TokenStoreError {
        StandardError.write("error: \(error)\n")
        throw ExitStatus.failure
    }
}
