import ArgumentParser
import FerruleCore
import FerruleServer
import Foundation

/// `ferrule token list`.
struct TokenListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List tokens (ids, tenants, permissions, state; never a secret)."
    )

    @OptionGroup var state: TokenStateOptions

    @Option(help: "table, json or csv.")
    var format: ListFormat = .table

    func run() async throws {
        let store = try state.store()
        let now = Date().timeIntervalSince1970 * 1000
        let tokens = try await reportingTokenErrors { try await store.tokens() }
        let rows = tokens.map { token -> [String] in
            let status =
                token.revokedAt != nil ? "revoked" : token.isExpired(at: now) ? "expired" : "active"
            return [
                token.id, token.name, token.tenant, token.permissions.grants.joined(separator: " "),
                token.permissions.denies.joined(separator: " "), status, isoTime(token.createdAt),
                token.expiresAt.map(isoTime) ?? "never", token.lastUsedAt.map(isoTime) ?? "-",
            ]
        }
        TableOutput.print(
            columns: [
                "id", "name", "tenant", "permissions", "denies", "status", "created", "expires", "last_used",
            ],
            rows: rows,
            format: format
        )
    }
}

/// `ferrule token revoke ID`.
struct TokenRevokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke",
        abstract: "Revoke a token at once (by id, a unique prefix of 6 or more digits, or the token itself)."
    )

    @Argument(
        help: "The token id (from `ferrule token list`), a unique prefix of it (6 or more digits), or the whole token."
    )
    var id: String

    @OptionGroup var state: TokenStateOptions

    func run() async throws {
        let store = try state.store()
        let key = TokenSecret(parsing: id)?.id ?? id
        guard !key.isEmpty, key.allSatisfy(\.isHexDigit) else {
            StandardError.write(
                "error: \"\(DisplayText.value(id, limit: 40))\" is not a token id: ids are hex digits (`ferrule token list`)\n"
            )
            throw ExitStatus.failure
        }
        guard let token = try await reportingTokenErrors({ try await store.revoke(id: key) }) else {
            StandardError.write(
                "error: no token \(key) in \(store.path); `ferrule token list` shows them. A token made with "
                    + "`token create --state DIR` is revoked with the same --state DIR (or FERRULE_STATE_DIR)\n"
            )
            throw ExitStatus.failure
        }
        print(DisplayText.escaped("revoked token \(token.id) (\(token.name)) of tenant \(token.tenant)"))
    }
}
