import FerruleCore
import FerruleServer
import Foundation

/// `ferrule token create`'s check that a token's tenant is one the server serves: a token of
/// another tenant would be refused on every request (404 `Tenant with ID '…' not found`).
enum TenantCheck {
    /// Where the served tenants come from.
    enum Served {
        /// `--config FILE`'s tenants.
        case configuration(file: String, names: [String])
        /// What the server last started on the state directory recorded.
        case recorded(TokenStore.ServedTenants)

        var names: [String] {
            switch self {
            case .configuration(_, let names): names
            case .recorded(let served): served.names
            }
        }

        /// Where the names come from, for messages.
        var origin: String {
            switch self {
            case .configuration(let file, _): "the configuration \(DisplayText.value(file))"
            case .recorded(let served):
                "the server last started on this state directory (\(isoTime(served.recordedAt)))"
            }
        }
    }

    /// Refuses `tenant` (exit 64) when `served` does not name it; a note when nothing is known.
    static func require(_ tenant: String, servedBy served: Served?, stateDirectory: String) throws {
        guard let served else {
            StandardError.write(
                "note: tenant \(DisplayText.value(tenant)) is not checked: no server has started on "
                    + "\(DisplayText.value(stateDirectory)) yet and no --config was given; give the server's "
                    + "configuration with --config FILE to check it\n"
            )
            return
        }
        guard !served.names.contains(tenant) else { return }
        let names = served.names.map { DisplayText.value($0) }.joined(separator: ", ")
        StandardError.write(
            "error: --tenant \(DisplayText.value(tenant)): not a tenant of \(served.origin), which serves "
                + "\(names.isEmpty ? "no tenant" : names); a token for it would be refused on every request "
                + "(404 Tenant not found). Use one of those, or add the tenant under `tenants:` in the server's "
                + "configuration (docs/serve.md) and restart the server first\n"
        )
        throw ExitStatus.usage
    }
}
