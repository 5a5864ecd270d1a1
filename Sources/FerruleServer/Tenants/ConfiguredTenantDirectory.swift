import CurlHTTP
public import GenieACS
import VOLTHA

/// The tenants of the server's configuration, each with its own GenieACS client (made once, with
/// its credentials, counted in ``ServerMetrics``) and VOLTHA settings.
public struct ConfiguredTenantDirectory: TenantDirectory {
    private let tenants: [String: TenantUpstreams]
    /// Tenant names in configuration order.
    public let names: [String]

    /// Builds every tenant's clients.
    /// - Throws: ``TenantConfigurationError`` naming the tenant whose GenieACS client or VOLTHA
    ///   address cannot be set up.
    public init(_ settings: [TenantSettings], metrics: ServerMetrics) throws {
        var tenants: [String: TenantUpstreams] = [:]
        for tenant in settings {
            var acs: (any GenieACSNBI)?
            if let genieACS = tenant.genieACS {
                acs = InstrumentedNBI(try Self.client(genieACS, tenant: tenant.name), metrics: metrics)
            }
            var voltha: VolthaConfiguration?
            if let settings = tenant.voltha {
                do {
                    voltha = try VolthaConfiguration(
                        address: settings.address,
                        security: settings.tls || settings.caFile != nil ? .tls(caFile: settings.caFile) : .plaintext,
                        callTimeout: .seconds(settings.timeoutSeconds)
                    )
                } catch {
                    throw TenantConfigurationError(tenant: tenant.name, detail: "VOLTHA: \(error)")
                }
            }
            tenants[tenant.name] = TenantUpstreams(acs: acs, voltha: voltha)
        }
        self.tenants = tenants
        self.names = settings.map(\.name)
    }

    public func upstreams(for tenant: String) async throws -> TenantUpstreams? { tenants[tenant] }

    /// The upstreams of `tenant` without suspending.
    public func upstreamsNow(for tenant: String) -> TenantUpstreams? { tenants[tenant] }

    /// The GenieACS client of the first tenant whose NBI is `url` (trailing slashes ignored): the
    /// runner drives a stored campaign through it, with that tenant's credentials.
    public func acs(forURL url: String) -> (tenant: String, acs: any GenieACSNBI)? {
        let wanted = Self.normalised(url)
        for name in names {
            if let acs = tenants[name]?.acs, Self.normalised(acs.baseURL) == wanted { return (name, acs) }
        }
        return nil
    }

    private static func normalised(_ url: String) -> String {
        var text = url
        while text.hasSuffix("/") { text.removeLast() }
        return text.lowercased()
    }

    private static func client(_ settings: TenantSettings.GenieACSSettings, tenant: String) throws -> NBIClient {
        var authentication = HTTPClientConfiguration.Authentication.none
        if let username = settings.username {
            authentication = .basic(username: username, password: settings.password ?? "")
        } else if let token = settings.token {
            authentication = .bearer(token: token)
        }
        let configuration = HTTPClientConfiguration(
            authentication: authentication,
            tls: .init(caFile: settings.caFile, insecureSkipVerify: settings.insecure),
            requestTimeout: .seconds(settings.timeoutSeconds)
        )
        do {
            return try NBIClient(
                baseURL: settings.url,
                http: try HTTPClient(configuration: configuration),
                timeout: .seconds(settings.timeoutSeconds)
            )
        } catch {
            throw TenantConfigurationError(tenant: tenant, detail: "GenieACS: \(error)")
        }
    }
}

/// A tenant whose upstream clients cannot be set up.
public struct TenantConfigurationError: Error, Sendable, CustomStringConvertible {
    /// The tenant.
    public var tenant: String
    /// What failed (never a credential).
    public var detail: String

    public var description: String { "tenant \(tenant): \(detail)" }
}
