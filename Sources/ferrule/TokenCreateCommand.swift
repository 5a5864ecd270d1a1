import ArgumentParser
import FerruleCore
import FerruleServer
import Foundation

/// `ferrule token create`.
struct TokenCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create a token; prints it alone on the last line (shown once).",
        discussion: """
            Permissions: the seed platform's isp.cpe.read, isp.cpe.write, isp.network.pon.read, \
            isp.network.pon.write, Ferrule's ferrule.metrics.read, `prefix.*` (isp.* grants all four \
            isp permissions) or `*`. --deny wins over any grant.

            The tenant must be one the server serves: one of --config's tenants (its state directory \
            too, unless --state is given), else one of the tenants the server last started on the \
            state directory recorded. A tenant neither names is refused (exit 64); when no server has \
            started there yet and no --config is given, it is not checked (a note says so).

            Example: ferrule token create --tenant acme --permission 'isp.*' --deny isp.cpe.write --expires 90d
            """
    )

    @OptionGroup var state: TokenStateOptions

    @Option(
        name: .customLong("config"),
        help: "The server configuration file (YAML): the tenant must be one of its tenants."
    )
    var configFile: String?

    @Option(help: "The tenant the token acts in (default: default, the tenant of the embedded defaults).")
    var tenant: String = ServerEnvironment.defaultTenant

    @Option(name: .customLong("permission"), help: "A granted permission pattern; repeat for more.")
    var permissions: [String] = []

    @Option(name: .customLong("deny"), help: "A denied permission pattern; repeat for more.")
    var denies: [String] = []

    @Option(help: "How long the token works: 30d, 12h, 45m, or never (default 90d).")
    var expires: String = "90d"

    @Option(help: "A label for people (default: token).")
    var name: String = "token"

    func validate() throws {
        if permissions.isEmpty { throw ValidationError("give at least one --permission (e.g. isp.cpe.read)") }
        for pattern in permissions + denies {
            if let problem = PermissionPattern.problem(pattern) { throw ValidationError(DisplayText.line(problem)) }
        }
        if let problem = ServerEnvironment.tenantNameProblem(tenant) {
            throw ValidationError(DisplayText.line(problem))
        }
        if Self.lifetime(expires) == nil {
            throw ValidationError(
                "--expires \"\(DisplayText.value(expires, limit: 40))\": expected a whole number with s, m, h or d (90d), or never"
            )
        }
        if name.isEmpty || name.count > 100 || DisplayText.escaped(name) != name {
            throw ValidationError("--name must be 1 to 100 characters on one line, without control characters")
        }
    }

    func run() async throws {
        for pattern in permissions + denies where !PermissionPattern.matchesKnownPermission(pattern) {
            StandardError.write("warning: \(DisplayText.value(pattern)) matches no permission Ferrule checks\n")
        }
        // The operator's permission is granted by its name only (docs/serve.md, "Permissions").
        let metrics = ServerPermission.metricsRead.rawValue
        for pattern in permissions where pattern != metrics && PermissionSet(grants: [pattern]).allows(metrics) {
            StandardError.write(
                "note: \(DisplayText.value(pattern)) does not grant \(metrics) (the metrics of every tenant): "
                    + "grant it by its name, --permission \(metrics)\n"
            )
        }
        let (store, served) = try await servedTenants()
        try TenantCheck.require(
            tenant,
            servedBy: served,
            stateDirectory: (store.path as NSString).deletingLastPathComponent
        )
        let now = Date().timeIntervalSince1970 * 1000
        let expiresAt = Self.lifetime(expires).flatMap { $0 }.map { now + $0 * 1000 }
        let (token, secret) = try await reportingTokenErrors {
            try await store.create(
                name: name,
                tenant: tenant,
                permissions: PermissionSet(grants: permissions, denies: denies),
                expiresAt: expiresAt,
                now: now
            )
        }
        let expiry = token.expiresAt.map { "expires \(isoTime($0))" } ?? "never expires"
        print(
            DisplayText.escaped(
                "created token \(token.id) (\(name)) for tenant \(tenant): \(permissions.joined(separator: " "))"
                    + (denies.isEmpty ? "" : " deny \(denies.joined(separator: " "))") + "; \(expiry)"
            )
        )
        print("store it now: it is not shown again")
        print(secret.text)
    }

    /// The token store, and the tenants the server serves: `--config`'s (its state directory unless
    /// `--state` is given), else what the last server started on the state directory recorded.
    func servedTenants() async throws -> (TokenStore, TenantCheck.Served?) {
        guard let configFile else {
            let store = try state.store()
            let recorded = try await reportingTokenErrors { try await store.servedTenants() }
            return (store, recorded.map { .recorded($0) })
        }
        let (configuration, diagnostics) = ServerConfiguration.load(
            file: configFile,
            environment: CommandEnvironment.current.variables
        ) { configuration in
            if let directory = state.stateDirectory { configuration.stateDirectory = directory }
        }
        for diagnostic in diagnostics.sorted { StandardError.write("\(diagnostic)\n") }
        if diagnostics.hasErrors {
            StandardError.write("error: the server configuration has \(diagnostics.errorCount) error(s)\n")
            throw ExitStatus.failure
        }
        let store = try TokenStateOptions.store(in: configuration.stateDirectory)
        return (store, .configuration(file: configFile, names: configuration.tenants.map(\.name)))
    }

    /// Seconds for `30d`, `12h`, `45m`, `90s`; `.some(nil)` for `never`; nil when unreadable.
    /// The number is a whole number of decimal digits (not `1e3`, `0x10` or `1e-9`).
    static func lifetime(_ text: String) -> Double?? {
        if text == "never" { return .some(nil) }
        let digits = text.dropLast()
        guard let unit = text.last, (1...12).contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }),
            let whole = Int(digits), whole > 0
        else {
            return nil
        }
        let number = Double(whole)
        let seconds: Double
        switch unit {
        case "s": seconds = number
        case "m": seconds = number * 60
        case "h": seconds = number * 3600
        case "d": seconds = number * 86_400
        default: return nil
        }
        return seconds <= 100 * 365 * 86_400 ? .some(seconds) : nil
    }
}
