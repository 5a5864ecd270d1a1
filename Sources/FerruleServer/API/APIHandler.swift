import Campaigns
import DataModel
import FerruleCore
import GenieACS
import VOLTHA

/// The generated ``APIProtocol``'s implementation: one extension per area (`API+GenieACSDevices.swift`,
/// `API+Campaigns.swift` …), each handler checking its permission, resolving the tenant and calling
/// an engine.
struct APIHandler: APIProtocol {
    let tenants: any TenantDirectory
    let stores: TenantCampaignStores
    let options: FerruleAPI.Options

    /// Who calls and what their tenant reaches.
    struct Caller: Sendable {
        var principal: Principal
        var upstreams: TenantUpstreams
        /// The server's shared VOLTHA connections; nil connects per call.
        var connections: TenantConnections?

        var tenant: String { principal.tenant }

        /// The tenant's GenieACS; 503 when it has none.
        func acs() throws -> any GenieACSNBI {
            guard let acs = upstreams.acs else {
                throw APIFailure(
                    status: 503,
                    detail:
                        "Missing OSS configuration for genieacs: tenant '\(DisplayText.value(tenant))' has no GenieACS URL. "
                        + "Set it in the server configuration (tenants.<name>.acs_url) or FERRULE_ACS_URL."
                )
            }
            return acs
        }

        /// The tenant's GenieACS with the delete and count calls; 501 when its client has none.
        func administration() throws -> any GenieACSAdministration {
            guard let admin = try acs() as? any GenieACSAdministration else {
                throw APIFailure(
                    status: 501,
                    detail: "This tenant's GenieACS connection cannot delete or count documents; use an HTTP NBI URL"
                )
            }
            return admin
        }

        /// The tenant's VOLTHA; 503 when it has none.
        func voltha() throws -> VolthaConfiguration {
            guard let voltha = upstreams.voltha else {
                throw APIFailure(
                    status: 503,
                    detail:
                        "Missing OSS configuration for voltha: tenant '\(DisplayText.value(tenant))' has no VOLTHA address. "
                        + "Set it in the server configuration (tenants.<name>.voltha) or FERRULE_VOLTHA."
                )
            }
            return voltha
        }

        /// Runs `body` with a client of the tenant's VOLTHA: on the shared connection when the
        /// server keeps them (``TenantConnections``), else on one opened for the call.
        func withVoltha<T: Sendable>(_ body: @escaping @Sendable (VolthaClient) async throws -> T) async throws -> T {
            let configuration = try voltha()
            if let connections { return try await connections.withVoltha(configuration, body) }
            return try await withVolthaClient(configuration, body)
        }
    }

    /// The data models, loading the server's at first use; nil when the server has none.
    func models() async throws -> ModelSet? {
        if let models = options.models { return models }
        guard let serverModels = options.serverModels else { return nil }
        do {
            return try await serverModels.modelSet()
        } catch {
            throw APIFailure(
                status: 503,
                detail: "The server's data models cannot be loaded: \(DisplayText.line(String(describing: error)))"
            )
        }
    }

    /// The data models a configuration campaign's values are held against at create (nil for a
    /// firmware campaign, or when the server has no models).
    func configurationModels(_ spec: CampaignSpec) async throws -> ModelSet? {
        guard case .configuration = spec.change else { return nil }
        return try await models()
    }

    /// Runs a handler: checks the principal and its permission, resolves the tenant, and turns
    /// every thrown error into the operation's error response (`failure`), so nothing escapes
    /// without the envelope.
    ///
    /// - Parameters:
    ///   - permission: The route's one permission (DotMac's 403 text names it).
    ///   - action: What the route does, for messages (`List devices`).
    ///   - failure: The operation's `.default(statusCode:_:)`.
    ///   - body: The work.
    func handle<Output>(
        _ permission: Permission,
        _ action: String,
        _ failure: (Int, Components.Responses._Error) -> Output,
        _ body: (Caller) async throws -> Output
    ) async -> Output {
        do {
            return try await body(try await caller(permission))
        } catch {
            let problem = APIFailure.upstream(error, action: action)
            return failure(problem.status, problem.response)
        }
    }

    /// The request's caller when it may use `permission`: its principal, and its tenant's upstreams.
    /// - Throws: ``APIFailure`` 401 without a principal, 403 without the permission, 404 for a
    ///   tenant the server does not know.
    func caller(_ permission: Permission) async throws -> Caller {
        guard let principal = Principal.current else { throw APIFailure.notAuthenticated }
        guard principal.permissions.allows(permission.rawValue) else {
            throw APIFailure.permissionDenied(permission)
        }
        guard let upstreams = try await tenants.upstreams(for: principal.tenant) else {
            throw APIFailure.notFound("Tenant with ID '\(DisplayText.value(principal.tenant))' not found")
        }
        return Caller(principal: principal, upstreams: upstreams, connections: options.connections)
    }
}
