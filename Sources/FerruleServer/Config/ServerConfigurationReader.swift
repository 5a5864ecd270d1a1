public import FerruleCore
import Foundation
import NIOSSL
import PONCampaigns
import PONEvents
import VOLTHA
import Yams

/// Reads the `ferrule serve` configuration file: every key checked, unknown keys reported with
/// a "did you mean" at `file:line:column`, `${secret:NAME}` resolved for credentials.
///
/// ```yaml
/// listen: {host: 0.0.0.0, port: 8443}
/// tls: {certificate: /etc/ferrule/tls.crt, key: /etc/ferrule/tls.key}
/// state: /var/lib/ferrule
/// tenants:
///   acme:
///     genieacs: {url: "http://genieacs:7557", username: nbi, password: "${secret:ACME_NBI}"}
///     voltha: {address: "voltha:55555"}
/// ```
public struct ServerConfigurationReader: YAMLReader {
    /// The file as named on the command line.
    public let file: String
    /// Every problem found.
    public var diagnostics = DiagnosticCollector()
    /// Secret-bearing values with where they were written, resolved once the secrets file is known.
    var pendingSecrets:
        [(node: YAMLNode, text: String, assign: @Sendable (inout ServerConfiguration, String) -> Void)] = []

    /// `<tenant>.genieacs` and `<tenant>.voltha` whose `timeout_seconds` the file sets (the others
    /// take `limits.upstream_timeout_seconds`).
    private var explicitTimeouts: Set<String> = []

    /// Whether the file named its tenants (their URLs are then checked here, at their lines).
    public private(set) var sawTenants = false

    /// A reader for `file`.
    public init(file: String) { self.file = file }

    static let topKeys = [
        "listen", "tls", "state", "secrets_file", "log", "limits", "metrics", "audit", "runner", "tenants", "jwt",
        "pon", "events",
    ]

    /// Reads `text` over `base` (the defaults and the environment's values).
    ///
    /// - Parameters:
    ///   - environment: For `FERRULE_SECRET_<NAME>` (secret values) only.
    /// - Returns: The configuration; check ``diagnostics`` for errors before using it.
    public mutating func read(
        _ text: String,
        over base: ServerConfiguration,
        environment: [String: String]
    ) -> ServerConfiguration {
        var configuration = base
        guard let root = compose(text) else { return configuration }
        guard let pairs = mapping(root, what: "the server configuration") else { return configuration }
        sawTenants = false
        for (keyNode, value) in pairs {
            guard let key = keyNode.string else { continue }
            switch key {
            case "listen": readListen(value, into: &configuration)
            case "tls": readTLS(value, into: &configuration)
            case "state": if let s = nonEmptyText(value, what: "state") { configuration.stateDirectory = s }
            case "secrets_file": configuration.secretsFile = nonEmptyText(value, what: "secrets_file")
            case "log": readLog(value, into: &configuration)
            case "limits": readLimits(value, into: &configuration)
            case "metrics":
                for (k, v) in fields(value, what: "metrics", known: ["public"]) where k == "public" {
                    configuration.metricsPublic = bool(v, what: "metrics.public") ?? configuration.metricsPublic
                }
            case "audit":
                for (k, v) in fields(value, what: "audit", known: ["retention_days"]) where k == "retention_days" {
                    configuration.auditRetentionDays =
                        int(v, what: "audit.retention_days", range: 1...36500) ?? configuration.auditRetentionDays
                }
            case "runner": readRunner(value, into: &configuration)
            case "jwt": configuration.jwt = readJWT(value)
            case "pon": readPON(value, into: &configuration)
            case "events": readEvents(keyNode, value, into: &configuration)
            case "tenants":
                sawTenants = true
                configuration.tenants = readTenants(value)
            default: unknownKey(keyNode, key, among: Self.topKeys, in: "the server configuration")
            }
        }
        if !sawTenants { configuration.tenants = base.tenants }
        // limits.upstream_timeout_seconds is every upstream call's bound unless a tenant sets its own.
        for index in configuration.tenants.indices {
            let name = configuration.tenants[index].name
            if !explicitTimeouts.contains("\(name).genieacs") {
                configuration.tenants[index].genieACS?.timeoutSeconds = configuration.limits.upstreamTimeoutSeconds
            }
            if !explicitTimeouts.contains("\(name).voltha") {
                configuration.tenants[index].voltha?.timeoutSeconds = configuration.limits.upstreamTimeoutSeconds
            }
        }
        resolveSecrets(into: &configuration, environment: environment)
        return configuration
    }

    // MARK: - Sections

    private mutating func readListen(_ node: YAMLNode, into configuration: inout ServerConfiguration) {
        for (key, value) in fields(node, what: "listen", known: ["host", "port"]) {
            switch key {
            case "host":
                guard let host = nonEmptyText(value, what: "listen.host") else { continue }
                if let problem = Self.hostProblem(host) {
                    error(value, .badValue, problem)
                    continue
                }
                configuration.host = host
            default: configuration.port = int(value, what: "listen.port", range: 0...65535) ?? configuration.port
            }
        }
    }

    /// Why `host` cannot be listened on, or nil: an IPv4 or IPv6 address, or a DNS name (labels of
    /// letters, digits and `-`, at most 63 characters each, 253 in all, the last not all digits).
    public static func hostProblem(_ host: String) -> String? {
        var buffer = [UInt8](repeating: 0, count: 16)
        if inet_pton(AF_INET, host, &buffer) == 1 || inet_pton(AF_INET6, host, &buffer) == 1 { return nil }
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-".unicodeScalars)
        let labels = host.split(separator: ".", omittingEmptySubsequences: false)
        // An all-numeric last label is an IPv4 address gone wrong (256.1.1.1, 10.0.0), never a name:
        // top-level domains are not numeric (RFC 3696 §2).
        let numericTop = labels.last.map { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } } ?? false
        let valid =
            host.utf8.count <= 253 && !numericTop
            && labels.allSatisfy { label in
                (1...63).contains(label.utf8.count) && !label.hasPrefix("-") && !label.hasSuffix("-")
                    && label.unicodeScalars.allSatisfy(allowed.contains)
            }
        return valid
            ? nil
            : "listen.host \"\(DisplayText.value(host))\" is not an IP address or host name (e.g. 127.0.0.1, ::, ferrule.example.net)"
    }

    private mutating func readTLS(_ node: YAMLNode, into configuration: inout ServerConfiguration) {
        var certificate: String?
        var key: String?
        let entries = fields(node, what: "tls", known: ["certificate", "key"])
        for (name, value) in entries {
            if name == "certificate" {
                certificate = nonEmptyText(value, what: "tls.certificate")
            } else {
                key = nonEmptyText(value, what: "tls.key")
            }
        }
        guard let certificate, let key else {
            error(node, .missingField, "tls needs both certificate and key (PEM files)")
            return
        }
        // Both files are read now, so one that cannot serve fails the check at its line.
        var filesUsable = true
        for (name, value) in entries {
            let path = name == "certificate" ? certificate : key
            guard let bytes = readable(path, what: "tls.\(name)", at: value) else {
                filesUsable = false
                continue
            }
            let usable: Bool
            if name == "certificate" {
                usable = (try? NIOSSLCertificate.fromPEMBytes(bytes))?.isEmpty == false
            } else {
                usable = (try? NIOSSLPrivateKey(bytes: bytes, format: .pem)) != nil
            }
            if !usable {
                filesUsable = false
                let what = name == "certificate" ? "a PEM certificate chain" : "a PEM private key"
                error(value, .badValue, "tls.\(name) \(DisplayText.value(path)) is not \(what)")
            }
        }
        let files = ServerConfiguration.TLSFiles(certificate: certificate, key: key)
        // The pair too: a key of another certificate would fail only when the listener starts.
        if filesUsable, let keyNode = entries.first(where: { $0.0 == "key" })?.1 {
            do {
                _ = try ServerApplication.tlsConfiguration(files)
            } catch let problem {
                self.error(keyNode, .badValue, "\(problem)")
            }
        }
        configuration.tls = files
    }

    private mutating func readLog(_ node: YAMLNode, into configuration: inout ServerConfiguration) {
        for (key, value) in fields(node, what: "log", known: ["format", "level"]) {
            guard let text = nonEmptyText(value, what: "log.\(key)") else { continue }
            if key == "format" {
                guard let format = ServerConfiguration.LogSettings.Format(rawValue: text) else {
                    error(value, .badValue, "log.format must be text or json, not \"\(DisplayText.value(text))\"")
                    continue
                }
                configuration.log.format = format
            } else {
                guard ServerEnvironment.logLevels.contains(text) else {
                    error(
                        value,
                        .badValue,
                        "log.level must be one of \(ServerEnvironment.logLevels.joined(separator: ", ")), not \"\(DisplayText.value(text))\""
                    )
                    continue
                }
                configuration.log.level = text
            }
        }
    }

    private mutating func readLimits(_ node: YAMLNode, into configuration: inout ServerConfiguration) {
        let known = [
            "max_body_bytes", "rate_per_second", "burst", "upstream_timeout_seconds", "idle_timeout_seconds",
            "max_connections", "readiness_cache_seconds", "request_timeout_seconds", "max_requests_per_token",
        ]
        for (key, value) in fields(node, what: "limits", known: known) {
            let what = "limits.\(key)"
            switch key {
            case "max_body_bytes":
                configuration.limits.maxBodyBytes =
                    int(value, what: what, range: 1024...(1 << 30)) ?? configuration.limits.maxBodyBytes
            case "rate_per_second":
                configuration.limits.ratePerSecond =
                    number(value, what: what, range: 0.01...100_000) ?? configuration.limits.ratePerSecond
            case "burst":
                configuration.limits.burst = int(value, what: what, range: 1...1_000_000) ?? configuration.limits.burst
            case "idle_timeout_seconds":
                configuration.limits.idleTimeoutSeconds =
                    int(value, what: what, range: 1...3600) ?? configuration.limits.idleTimeoutSeconds
            case "readiness_cache_seconds":
                configuration.limits.readinessCacheSeconds =
                    int(value, what: what, range: 0...300) ?? configuration.limits.readinessCacheSeconds
            case "request_timeout_seconds":
                configuration.limits.requestTimeoutSeconds =
                    int(value, what: what, range: 1...3600) ?? configuration.limits.requestTimeoutSeconds
            case "max_requests_per_token":
                configuration.limits.maxRequestsPerToken =
                    int(value, what: what, range: 1...1_000_000) ?? configuration.limits.maxRequestsPerToken
            case "max_connections":
                configuration.limits.maxConnections =
                    int(value, what: what, range: 1...1_000_000) ?? configuration.limits.maxConnections
            default:
                configuration.limits.upstreamTimeoutSeconds =
                    int(value, what: what, range: 1...600) ?? configuration.limits.upstreamTimeoutSeconds
            }
        }
    }

    private mutating func readRunner(_ node: YAMLNode, into configuration: inout ServerConfiguration) {
        let known = [
            "enabled", "scan_seconds", "poll_seconds", "max_campaigns", "max_campaigns_per_tenant",
            "yield_after_seconds", "shutdown_grace_seconds",
        ]
        var runner = configuration.runner
        var perTenantNode: YAMLNode?
        for (key, value) in fields(node, what: "runner", known: known) {
            let what = "runner.\(key)"
            switch key {
            case "enabled": runner.enabled = bool(value, what: what) ?? runner.enabled
            case "scan_seconds":
                runner.scanSeconds = number(value, what: what, range: 0.05...3600) ?? runner.scanSeconds
            case "poll_seconds": runner.pollSeconds = number(value, what: what, range: 0.05...600) ?? runner.pollSeconds
            case "max_campaigns": runner.maxCampaigns = int(value, what: what, range: 1...256) ?? runner.maxCampaigns
            case "max_campaigns_per_tenant":
                runner.maxCampaignsPerTenant = int(value, what: what, range: 1...256)
                perTenantNode = value
            case "yield_after_seconds":
                runner.yieldAfterSeconds = number(value, what: what, range: 0.05...86_400) ?? runner.yieldAfterSeconds
            default:
                runner.shutdownGraceSeconds = number(value, what: what, range: 0...3600) ?? runner.shutdownGraceSeconds
            }
        }
        if let perTenant = runner.maxCampaignsPerTenant, perTenant > runner.maxCampaigns, let perTenantNode {
            error(
                perTenantNode,
                .outOfRange,
                "runner.max_campaigns_per_tenant (\(perTenant)) is more than runner.max_campaigns "
                    + "(\(runner.maxCampaigns)): no tenant could reach it",
                hint: "set it to at most \(runner.maxCampaigns), or raise runner.max_campaigns"
            )
            runner.maxCampaignsPerTenant = nil
        }
        configuration.runner = runner
    }

    private mutating func readPON(_ node: YAMLNode, into configuration: inout ServerConfiguration) {
        for (key, value) in fields(node, what: "pon", known: ["topology", "storm"]) {
            if key == "topology" {
                configuration.pon.topologyFile = readTopologyFile(value, what: "pon.topology")
            } else if let storms = PONStormSettings.read(section: value, file: file, diagnostics: &diagnostics) {
                configuration.pon.storms = storms
            }
        }
    }

    private mutating func readJWT(_ node: YAMLNode) -> JWTSettings? {
        let known = [
            "key_file", "jwks_file", "audience", "issuer", "tenant_claim", "permissions_claim",
            "denied_permissions_claim", "leeway_seconds",
        ]
        let entries = fields(node, what: "jwt", known: known)
        var text: [String: String] = [:]
        var leeway: Int?
        for (key, value) in entries {
            if key == "leeway_seconds" {
                leeway = int(value, what: "jwt.leeway_seconds", range: 0...600)
            } else if let value = nonEmptyText(value, what: "jwt.\(key)") {
                text[key] = value
            }
        }
        guard let audience = text["audience"] else {
            error(node, .missingField, "jwt needs audience: the value every token's aud claim must include")
            return nil
        }
        guard (text["key_file"] == nil) != (text["jwks_file"] == nil) else {
            error(node, .missingField, "jwt needs exactly one of key_file (a PEM public key) and jwks_file (a JWKS)")
            return nil
        }
        var settings = JWTSettings(audience: audience, keyFile: text["key_file"], jwksFile: text["jwks_file"])
        settings.issuer = text["issuer"]
        settings.tenantClaim = text["tenant_claim"] ?? settings.tenantClaim
        settings.permissionsClaim = text["permissions_claim"] ?? settings.permissionsClaim
        settings.deniedPermissionsClaim = text["denied_permissions_claim"] ?? settings.deniedPermissionsClaim
        settings.leewaySeconds = leeway ?? settings.leewaySeconds
        // The key is loaded now, so a file that is not a key fails the check, not the start.
        do {
            _ = try JWTVerifier(settings: settings)
        } catch {
            let fileNode = entries.first { $0.0 == "key_file" || $0.0 == "jwks_file" }?.1
            self.error(fileNode ?? node, .badValue, "\(DisplayText.value(error.file)): \(error.reason)")
            return nil
        }
        return settings
    }

    private mutating func readTenants(_ node: YAMLNode) -> [TenantSettings] {
        guard let pairs = mapping(node, what: "tenants (tenant name: its upstreams)") else { return [] }
        var tenants: [TenantSettings] = []
        for (nameNode, value) in pairs {
            guard let name = scalarText(nameNode, what: "a tenant name") else { continue }
            if let problem = ServerEnvironment.tenantNameProblem(name) {
                error(nameNode, .badName, problem)
                continue
            }
            var tenant = TenantSettings(name: name)
            let index = tenants.count
            for (key, section) in fields(
                value,
                what: "tenant \(name)",
                known: ["genieacs", "voltha", "pon", "secrets_file"]
            ) {
                switch key {
                case "genieacs": tenant.genieACS = readGenieACS(section, tenant: name, index: index)
                case "secrets_file": tenant.secretsFile = readTenantSecretsFile(section, tenant: name)
                case "voltha": tenant.voltha = readVoltha(section, tenant: name)
                default:
                    for (k, v) in fields(section, what: "tenants.\(name).pon", known: ["topology"])
                    where k == "topology" {
                        tenant.topologyFile = readTopologyFile(v, what: "tenants.\(name).pon.topology")
                    }
                }
            }
            tenants.append(tenant)
        }
        if pairs.isEmpty { error(node, .empty, "tenants is empty: name at least one tenant, or leave the key out") }
        refuseSharedGenieACS(pairs)
        return tenants
    }

    /// Two tenants on one GenieACS would own each other's presets: the ownership marker Ferrule
    /// writes names no tenant, so one tenant's prune deletes what the other deployed. Grouped by the
    /// URL's scheme, host, port and path (a dictionary, not pairs).
    private mutating func refuseSharedGenieACS(_ pairs: [(YAMLNode, YAMLNode)]) {
        var first: [String: String] = [:]
        for (nameNode, value) in pairs {
            guard let name = nameNode.string, let section = value.mapping?["genieacs"],
                let urlNode = section.mapping?["url"], let url = urlNode.string,
                let key = Self.endpointKey(url)
            else { continue }
            if let owner = first[key] {
                error(
                    urlNode,
                    .badValue,
                    "tenants \(DisplayText.value(owner)) and \(DisplayText.value(name)) use the same GenieACS: "
                        + "Ferrule's ownership marker names no tenant, so one tenant's prune would delete the other's "
                        + "presets and provisions",
                    hint: "give each tenant its own GenieACS"
                )
            } else {
                first[key] = name
            }
        }
    }

    /// `scheme://host:port/path` of an http(s) URL, host lower-cased, with the scheme's default port
    /// (a proxy may put two GenieACS behind one host under different paths); nil
    /// for anything else (reported by `urlProblem`).
    static func endpointKey(_ url: String) -> String? {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
            let host = components.host?.lowercased(), !host.isEmpty
        else { return nil }
        let port = components.port ?? (scheme == "https" ? 443 : 80)
        var path = components.path
        while path.hasSuffix("/") { path.removeLast() }
        return "\(scheme)://\(host):\(port)\(path)"
    }

    /// A `pon.topology` file, read and checked now (readable, every record well formed) so
    /// `--check-config` reports an unreadable file at the key and a bad record at its own line,
    /// rather than the first PON-aware campaign failing later.
    private mutating func readTopologyFile(_ node: YAMLNode, what: String) -> String? {
        guard let path = nonEmptyText(node, what: what) else { return nil }
        guard let bytes = readable(path, what: what, at: node) else { return path }
        let (_, problems) = TopologyFile.read(String(decoding: bytes, as: UTF8.self), file: path)
        for problem in problems { diagnostics.add(problem) }
        return path
    }

    /// A tenant's `secrets_file`, checked now (readable, `NAME=value` lines) so `--check-config`
    /// reports it at the key rather than the server failing to start.
    private mutating func readTenantSecretsFile(_ node: YAMLNode, tenant: String) -> String? {
        guard let path = nonEmptyText(node, what: "tenants.\(tenant).secrets_file") else { return nil }
        do {
            _ = try SecretStore.load(file: path, environment: [:])
        } catch {
            let at = error.line > 0 ? "\(DisplayText.value(path)):\(error.line)" : DisplayText.value(path)
            self.error(node, error.code, "tenants.\(tenant).secrets_file \(at): \(error.message)")
        }
        return path
    }

    private mutating func readGenieACS(_ node: YAMLNode, tenant: String, index: Int) -> TenantSettings.GenieACSSettings?
    {
        let known = ["url", "username", "password", "token", "ca_file", "insecure", "timeout_seconds"]
        let entries = fields(node, what: "tenants.\(tenant).genieacs", known: known)
        guard let urlNode = entries.first(where: { $0.0 == "url" })?.1, let url = nonEmptyText(urlNode, what: "url")
        else {
            error(node, .missingField, "tenants.\(tenant).genieacs needs url (e.g. http://genieacs:7557)")
            return nil
        }
        if let problem = ServerEnvironment.urlProblem(url) { error(urlNode, .badValue, problem) }
        var settings = TenantSettings.GenieACSSettings(url: url)
        for (key, value) in entries {
            let what = "tenants.\(tenant).genieacs.\(key)"
            switch key {
            case "username": settings.username = nonEmptyText(value, what: what)
            case "password", "token":
                if let text = nonEmptyText(value, what: what) {
                    let isPassword = key == "password"
                    pendingSecrets.append(
                        (
                            value, text,
                            { configuration, resolved in
                                if isPassword {
                                    configuration.tenants[index].genieACS?.password = resolved
                                } else {
                                    configuration.tenants[index].genieACS?.token = resolved
                                }
                            }
                        )
                    )
                }
            case "ca_file": settings.caFile = caFile(value, what: what)
            case "insecure": settings.insecure = bool(value, what: what) ?? false
            case "timeout_seconds":
                settings.timeoutSeconds = int(value, what: what, range: 1...600) ?? 30
                explicitTimeouts.insert("\(tenant).genieacs")
            default: break
            }
        }
        return settings
    }

    /// The bytes of a file the configuration names, through the bounded reader (a FIFO or a device
    /// is refused at once, README.md "Limits on input"); nil, reported at `node`, when it cannot be read.
    private mutating func readable(_ path: String, what: String, at node: YAMLNode) -> [UInt8]? {
        do {
            return try BoundedFileReader.read(path)
        } catch {
            self.error(
                node,
                .unreadable,
                "\(what) \(DisplayText.value(path)) cannot be read: \(error.reason)",
                hint: "check the path and its permissions"
            )
            return nil
        }
    }

    /// A CA bundle's path, read now: a file that cannot be read or holds no PEM certificate fails
    /// the check at its line (the upstream calls would otherwise each fail on it).
    mutating func caFile(_ node: YAMLNode, what: String) -> String? {
        guard let path = nonEmptyText(node, what: what) else { return nil }
        guard let bytes = readable(path, what: what, at: node) else { return path }
        if (try? NIOSSLCertificate.fromPEMBytes(bytes))?.isEmpty != false {
            error(
                node,
                .badValue,
                "\(what) \(DisplayText.value(path)) holds no PEM certificate",
                hint: "a PEM bundle of CA certificates"
            )
        }
        return path
    }

    private mutating func readVoltha(_ node: YAMLNode, tenant: String) -> TenantSettings.VolthaSettings? {
        let entries = fields(
            node,
            what: "tenants.\(tenant).voltha",
            known: ["address", "tls", "ca_file", "timeout_seconds"]
        )
        guard let addressNode = entries.first(where: { $0.0 == "address" })?.1,
            let address = nonEmptyText(addressNode, what: "address")
        else {
            error(node, .missingField, "tenants.\(tenant).voltha needs address (host:port, e.g. voltha-api:55555)")
            return nil
        }
        do {
            _ = try VolthaConfiguration(address: address)
        } catch let failure as VolthaError {
            error(addressNode, .badValue, "tenants.\(tenant).voltha.address: \(failure.message)")
        } catch {
            self.error(addressNode, .badValue, "tenants.\(tenant).voltha.address: \(error)")
        }
        var settings = TenantSettings.VolthaSettings(address: address)
        for (key, value) in entries {
            let what = "tenants.\(tenant).voltha.\(key)"
            switch key {
            case "tls": settings.tls = bool(value, what: what) ?? false
            case "ca_file": settings.caFile = caFile(value, what: what)
            case "timeout_seconds":
                settings.timeoutSeconds = int(value, what: what, range: 1...600) ?? 30
                explicitTimeouts.insert("\(tenant).voltha")
            default: break
            }
        }
        return settings
    }

    // MARK: - Secrets

    private mutating func resolveSecrets(into configuration: inout ServerConfiguration, environment: [String: String]) {
        guard !pendingSecrets.isEmpty else { return }
        let secrets: SecretStore
        do {
            secrets = try SecretStore.load(file: configuration.secretsFile, environment: environment)
        } catch {
            diagnostics.add(error.diagnostic)
            return
        }
        for pending in pendingSecrets {
            do {
                pending.assign(&configuration, try SecretPlaceholder.resolve(pending.text, secrets))
            } catch {
                self.error(
                    pending.node,
                    .badValue,
                    "secret \"\(DisplayText.value(error.name))\" has no value",
                    hint: "set \(SecretStore.environmentName(error.name)) or add \(error.name)=… to the secrets_file"
                )
            }
        }
    }

    // MARK: - Values

    /// The pairs of a mapping with string keys, unknown keys reported; empty when `node` is not one.
    mutating func fields(_ node: YAMLNode, what: String, known: [String]) -> [(String, YAMLNode)] {
        guard let pairs = mapping(node, what: what) else { return [] }
        var out: [(String, YAMLNode)] = []
        for (keyNode, value) in pairs {
            guard let key = keyNode.string else { continue }
            if known.contains(key) {
                out.append((key, value))
            } else {
                unknownKey(keyNode, key, among: known, in: what)
            }
        }
        return out
    }

    mutating func nonEmptyText(_ node: YAMLNode, what: String) -> String? {
        guard let text = scalarText(node, what: what) else { return nil }
        guard !text.isEmpty else {
            error(node, .badValue, "\(what) is empty")
            return nil
        }
        return text
    }

    /// An unquoted number within `range`, or nil (reported).
    mutating func number(_ node: YAMLNode, what: String, range: ClosedRange<Double>) -> Double? {
        guard isPlain(node), let value = node.float, value.isFinite else {
            error(node, .wrongType, "expected \(what) as a number")
            return nil
        }
        guard range.contains(value) else {
            error(
                node,
                .outOfRange,
                "\(what) must be between \(range.lowerBound) and \(range.upperBound), not \(value)"
            )
            return nil
        }
        return value
    }
}
