public import FerruleCore
import Foundation
import VOLTHA

extension ServerConfiguration {
    /// The largest configuration file read.
    static let fileLimit = 1 << 20

    /// The configuration from the environment's defaults, then `file` over them, then the checks
    /// that need the whole of it (TLS files readable, every upstream address well formed).
    ///
    /// - Parameters:
    ///   - file: The YAML file; nil runs on the environment and the embedded defaults alone.
    ///   - environment: The process environment.
    ///   - adjust: Command-line flags, applied before the checks.
    /// - Returns: The configuration and every problem found; use it only without errors.
    public static func load(
        file: String?,
        environment: [String: String],
        adjust: (inout ServerConfiguration) -> Void = { _ in }
    ) -> (ServerConfiguration, DiagnosticCollector) {
        var configuration = ServerEnvironment.base(environment)
        var diagnostics = DiagnosticCollector()
        var fileNamedTenants = false
        if let file {
            do {
                let bytes = try BoundedFileReader.read(file, limit: fileLimit)
                var reader = ServerConfigurationReader(file: file)
                configuration = reader.read(
                    String(decoding: bytes, as: UTF8.self),
                    over: configuration,
                    environment: environment
                )
                diagnostics.add(contentsOf: reader.diagnostics)
                fileNamedTenants = reader.sawTenants
            } catch {
                diagnostics.error(
                    .unreadable,
                    "cannot read the server configuration: \(error.reason)",
                    at: SourceLocation(file: file)
                )
            }
        }
        adjust(&configuration)
        configuration.check(into: &diagnostics, file: file ?? "environment", tenantsChecked: fileNamedTenants)
        return (configuration, diagnostics)
    }

    /// Checks what the reader cannot see alone: TLS files readable, upstream addresses well formed
    /// (also those from the environment), a state directory given, the event consumer's settings
    /// and trigger rules. (TLS files are checked by the reader, at their lines; so are the URLs of
    /// the tenants the file names, `tenantsChecked`.)
    func check(into diagnostics: inout DiagnosticCollector, file: String, tenantsChecked: Bool = false) {
        let place = SourceLocation(file: file)
        if stateDirectory.isEmpty {
            diagnostics.error(.missingField, "no state directory", at: place, hint: "pass --state DIR")
        }
        checkEvents(into: &diagnostics)
        for tenant in tenants {
            if !tenantsChecked, let url = tenant.genieACS?.url, let problem = ServerEnvironment.urlProblem(url) {
                diagnostics.error(.badValue, "tenant \(tenant.name): GenieACS URL: \(problem)", at: place)
            }
            if !tenantsChecked, let path = tenant.secretsFile {
                do {
                    _ = try SecretStore.load(file: path, environment: [:])
                } catch {
                    let at = error.line > 0 ? "\(DisplayText.value(path)):\(error.line)" : DisplayText.value(path)
                    diagnostics.error(
                        error.code,
                        "tenant \(tenant.name): FERRULE_TENANT_SECRETS_FILE \(at): \(error.message)",
                        at: place
                    )
                }
            }
            // The file's tenants were checked at their `address` lines; these come from FERRULE_VOLTHA.
            if !tenantsChecked, let address = tenant.voltha?.address {
                do {
                    _ = try VolthaConfiguration(address: address)
                } catch let failure as VolthaError {
                    diagnostics.error(.badValue, "tenant \(tenant.name): FERRULE_VOLTHA: \(failure.message)", at: place)
                } catch {
                    diagnostics.error(.badValue, "tenant \(tenant.name): FERRULE_VOLTHA: \(error)", at: place)
                }
            }
        }
    }
}
