import FerruleCore
import Foundation

/// The environment variables `ferrule serve` reads, and the defaults they give.
///
/// | variable | meaning |
/// |---|---|
/// | `FERRULE_STATE_DIR` | the state directory (default `~/.local/state/ferrule`) |
/// | `FERRULE_ACS_URL` | the default tenant's GenieACS NBI, when the file names no tenants |
/// | `FERRULE_ACS_USERNAME` + `FERRULE_ACS_PASSWORD`, `FERRULE_ACS_TOKEN` | its credentials |
/// | `FERRULE_VOLTHA` | the default tenant's VOLTHA (`host:port`), when the file names no tenants |
/// | `FERRULE_TENANT_SECRETS_FILE` | the default tenant's `secrets_file` (its rules' and campaigns' `${secret:NAME}`) |
/// | `FERRULE_LOG_FORMAT`, `FERRULE_LOG_LEVEL` | `text`/`json`; `trace` … `critical` |
/// | `FERRULE_SECRET_<NAME>` | the value of `${secret:NAME}` |
/// | `FERRULE_KAFKA_BROKERS` | hosts the PON event consumer on these brokers (`events.brokers`) |
/// | `FERRULE_KAFKA_TOPIC`, `FERRULE_KAFKA_GROUP` | with it: `events.topic`, `events.group` |
/// | `FERRULE_EVENTS_RULES` | with it: trigger rule directories or files, `:`-separated (`events.rules`) |
/// | `FERRULE_KAFKA_ONOS_TOPICS` | with it: ONOS's kafka-onos topics, `,`-separated (`events.onos.topics`) |
///
/// The file wins over the environment; command-line flags win over both.
public enum ServerEnvironment {
    /// The tenant built from the environment when the file names none.
    public static let defaultTenant = "default"

    /// swift-log's levels, lowest first.
    public static let logLevels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]

    /// The configuration the environment gives before any file is read.
    public static func base(_ environment: [String: String]) -> ServerConfiguration {
        func value(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        let home = value("HOME") ?? FileManager.default.homeDirectoryForCurrentUser.path
        var configuration = ServerConfiguration(
            stateDirectory: value("FERRULE_STATE_DIR") ?? home + "/.local/state/ferrule"
        )
        var tenant = TenantSettings(name: defaultTenant)
        if let url = value("FERRULE_ACS_URL") {
            var acs = TenantSettings.GenieACSSettings(url: url)
            if let user = value("FERRULE_ACS_USERNAME") {
                acs.username = user
                acs.password = value("FERRULE_ACS_PASSWORD") ?? ""
            } else if let token = value("FERRULE_ACS_TOKEN") {
                acs.token = token
            }
            tenant.genieACS = acs
        }
        if let address = value("FERRULE_VOLTHA") { tenant.voltha = TenantSettings.VolthaSettings(address: address) }
        tenant.secretsFile = value("FERRULE_TENANT_SECRETS_FILE")
        configuration.tenants = [tenant]
        if let format = value("FERRULE_LOG_FORMAT").flatMap(ServerConfiguration.LogSettings.Format.init(rawValue:)) {
            configuration.log.format = format
        }
        if let level = value("FERRULE_LOG_LEVEL"), logLevels.contains(level) { configuration.log.level = level }
        if let brokers = value("FERRULE_KAFKA_BROKERS") {
            var events = EventsSettings(brokers: brokers)
            events.topic = value("FERRULE_KAFKA_TOPIC")
            events.group = value("FERRULE_KAFKA_GROUP")
            events.rules = value("FERRULE_EVENTS_RULES").map { $0.split(separator: ":").map(String.init) } ?? []
            events.onosTopics =
                value("FERRULE_KAFKA_ONOS_TOPICS").map {
                    $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
                } ?? []
            configuration.events = events
        }
        return configuration
    }

    /// Why `name` cannot be a tenant id, or nil: 1–64 characters of letters, digits, `.`, `_`, `-`,
    /// starting with a letter or digit (a tenant's files live in `<state>/tenants/<name>/`, so `..`
    /// or `.hidden` cannot be one).
    public static func tenantNameProblem(_ name: String) -> String? {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-".unicodeScalars)
        let first = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".unicodeScalars)
        guard (1...64).contains(name.unicodeScalars.count), name.unicodeScalars.allSatisfy(allowed.contains),
            let head = name.unicodeScalars.first, first.contains(head)
        else {
            return "tenant id \"\(DisplayText.value(name))\" must be 1 to 64 letters, digits, ., _ or -, "
                + "starting with a letter or digit"
        }
        return nil
    }

    /// Why `url` cannot be a GenieACS NBI URL, or nil. Credentials inside the URL are refused:
    /// they would show in logs and messages; use username/password with `${secret:NAME}`.
    public static func urlProblem(_ url: String) -> String? {
        guard let parsed = URLComponents(string: url), let scheme = parsed.scheme, ["http", "https"].contains(scheme),
            parsed.host?.isEmpty == false
        else { return "expected an http:// or https:// URL, such as http://genieacs:7557" }
        if parsed.user != nil || parsed.password != nil {
            return "put credentials in username/password (with ${secret:NAME}), not in the URL"
        }
        if parsed.query != nil || parsed.fragment != nil {
            // Paths are appended to the URL (`<url>/devices/?query=…`): a `?` or `#` in it would
            // swallow them, and a token in a query would show in logs and messages.
            return "give the NBI's base URL without ?query or #fragment (credentials go in username/password)"
        }
        return nil
    }
}
