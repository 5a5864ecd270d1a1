import Foundation

/// The process environment, read once when `ferrule` starts; commands take what they need from
/// here instead of reading `ProcessInfo` themselves.
///
/// Variables: `FERRULE_ACS_URL`, `FERRULE_ACS_USERNAME` + `FERRULE_ACS_PASSWORD`,
/// `FERRULE_ACS_TOKEN`, `FERRULE_ACS_HEADER` (GenieACS), `FERRULE_SECRET_<NAME>` (secrets),
/// `FERRULE_MODELS` (data models), `FERRULE_STATE_DIR` and `HOME` (campaign state), `FERRULE_VOLTHA`,
/// `FERRULE_SADIS`, `FERRULE_ONOS_URL` + `FERRULE_ONOS_USERNAME` + `FERRULE_ONOS_PASSWORD` (VOLTHA,
/// SADIS and ONOS), `NO_COLOR`.
struct CommandEnvironment: Sendable {
    /// Every variable, as the process started with them.
    let variables: [String: String]

    /// The environment of this process.
    static let current = CommandEnvironment(variables: ProcessInfo.processInfo.environment)

    /// A variable's value; nil when unset or empty.
    subscript(_ name: String) -> String? {
        guard let value = variables[name], !value.isEmpty else { return nil }
        return value
    }

    /// `FERRULE_MODELS`.
    var modelsDirectory: String? { self["FERRULE_MODELS"] }

    /// Where campaign state lives without `--state`.
    var defaultStatePath: String {
        if let directory = self["FERRULE_STATE_DIR"] { return directory + "/campaigns.sqlite" }
        let home = self["HOME"] ?? FileManager.default.homeDirectoryForCurrentUser.path
        return home + "/.local/state/ferrule/campaigns.sqlite"
    }

    /// Whether colour is allowed (`NO_COLOR` unset).
    var allowsColour: Bool { variables["NO_COLOR"] == nil }
}
