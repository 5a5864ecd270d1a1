import FerruleCore
import FerruleJSON
import Foundation
public import Hummingbird
import HummingbirdCore
import HummingbirdTLS
public import Logging
import NIOCore
import NIOSSL

/// Registers routes on the server's router; the API's handlers come in through one of these.
public typealias RouteRegistration = @Sendable (Router<BasicRequestContext>, ServerRuntime) throws -> Void

/// Builds the `ferrule serve` application: the middleware chain, the health, readiness and
/// metrics routes, the routes given to it, TLS when configured, and the campaign runner as a
/// service that starts and stops with it.
///
/// The chain, in the order a request meets it:
///
/// 1. request id (`X-Request-ID`, echoed on every answer),
/// 2. access log and request metrics,
/// 3. audit log of writes,
/// 4. error envelope (every error answered with a `detail`),
/// 5. authentication and tenant (401, 403, 404): before any limit, so a client without a valid
///    token learns nothing of the server's limits and costs it no body reading,
/// 6. rate limit per token (429 with `Retry-After`),
/// 7. body size limit (413; the body is never read past it),
///
/// then the route. `/healthz`, `/readyz` and `/openapi.json` need no token; `/metrics` needs
/// one granted `ferrule.metrics.read` by name (no wildcard) unless `metrics.public` is set.
public enum ServerApplication {
    /// Paths served without a token: `/healthz`, `/readyz` and `/openapi.json`, at the root and
    /// under both API prefixes (where the API document places them).
    public static let publicPaths: Set<String> = Set(
        ["/healthz", "/readyz", "/openapi.json"].flatMap { path in
            [path] + APIPrefix.allCases.map { $0.rawValue + path }
        }
    )

    /// The application; `onListening` receives the bound host and port once it listens.
    public static func build(
        runtime: ServerRuntime,
        logger: Logger,
        routes: [RouteRegistration] = [],
        onListening: @escaping @Sendable (_ host: String, _ port: Int) async -> Void = { _, _ in }
    ) throws -> some ApplicationProtocol {
        let configuration = runtime.configuration
        let router = try router(runtime: runtime, logger: logger, routes: routes)
        let listening = AsyncEvent()
        let server: HTTPServerBuilder
        // A connection silent for idle_timeout_seconds (between requests, or mid-head) is closed;
        // so is one after a CONNECT request's (bodiless) error answer.
        let http1 = HTTP1Channel.Configuration(
            additionalChannelHandlers: [
                ConnectionCloser.installer(bodyTimeout: .seconds(Int64(configuration.limits.requestTimeoutSeconds)))
            ],
            idleTimeout: .seconds(Int64(configuration.limits.idleTimeoutSeconds))
        )
        if let tls = configuration.tls {
            server = try .tls(.http1(configuration: http1), tlsConfiguration: tlsConfiguration(tls))
        } else {
            server = .http1(configuration: http1)
        }
        var application = Application(
            responder: ShutdownDeadlineResponder(
                base: router.buildResponder(),
                deadline: runtime.shutdownDeadline,
                graceSeconds: ShutdownDeadline.requestGraceSeconds(
                    runnerGrace: configuration.runner.shutdownGraceSeconds
                ),
                logger: logger
            ),
            server: server,
            configuration: .init(
                address: .hostname(configuration.host, port: configuration.port),
                serverName: nil,
                availableConnectionsDelegate: MaximumAvailableConnections(configuration.limits.maxConnections)
            ),
            onServerRunning: { channel in
                listening.signal()
                await onListening(configuration.host, channel.localAddress?.port ?? configuration.port)
            },
            logger: logger
        )
        // Started once the server listens: a failed bind starts neither (ListeningGate).
        application.addServices(
            ListeningGate(listening: listening, service: runtime.scheduler),
            ListeningGate(
                listening: listening,
                service: AuditRetention(store: runtime.tokens, days: configuration.auditRetentionDays, logger: logger)
            )
        )
        return application
    }

    /// The router with the whole middleware chain and every route (what in-process tests drive).
    public static func router(
        runtime: ServerRuntime,
        logger: Logger,
        routes: [RouteRegistration] = []
    ) throws -> Router<BasicRequestContext> {
        let configuration = runtime.configuration
        let router = Router(context: BasicRequestContext.self)
        var open = publicPaths
        if configuration.metricsPublic { open.insert("/metrics") }
        let directory = runtime.directory
        router.addMiddleware {
            RequestIDMiddleware()
            AccessLogMiddleware(metrics: runtime.metrics, logger: logger)
            AuditMiddleware(store: runtime.tokens, metrics: runtime.metrics, logger: logger)
            ErrorEnvelopeMiddleware(logger: logger)
            TransferCodingMiddleware()
            AuthenticationMiddleware(
                tokens: runtime.tokens,
                tenantExists: { directory.upstreamsNow(for: $0) != nil },
                publicPaths: open,
                jwt: runtime.jwt
            )
            RateLimitMiddleware(
                ratePerSecond: configuration.limits.ratePerSecond,
                burst: configuration.limits.burst,
                maxInFlight: configuration.limits.maxRequestsPerToken
            )
            BodyLimitMiddleware(maxBytes: configuration.limits.maxBodyBytes)
        }
        addOperationalRoutes(to: router, runtime: runtime, logger: logger)
        for register in routes { try register(router, runtime) }
        return router
    }

    /// `/healthz`, `/readyz`, `/metrics` (GET and HEAD; other methods get 405 with `Allow: GET, HEAD`).
    static func addOperationalRoutes(to router: Router<BasicRequestContext>, runtime: ServerRuntime, logger: Logger) {
        let table = DeclaredMethods(router: router)
        table.get("/healthz") { _, _ in
            json(.object([("status", .string("ok"))]), status: .ok)
        }
        let probe = ReadinessProbeCache(
            probe: runtime.readiness,
            interval: .seconds(runtime.configuration.limits.readinessCacheSeconds)
        )
        let metricsPublic = runtime.configuration.metricsPublic
        // The route is public: a credential, when sent, only decides whether tenants are named.
        let identify = AuthenticationMiddleware<BasicRequestContext>(
            tokens: runtime.tokens,
            tenantExists: { _ in true },
            publicPaths: [],
            jwt: runtime.jwt
        )
        table.get("/readyz") { request, _ in
            let checks = await probe.checks(logger: logger)
            var detailed = metricsPublic
            // Only one credential names tenants: two different ones (a valid key beside a revoked
            // bearer token) are as good as none.
            if !detailed, case .one(let credential) = AuthenticationMiddleware<BasicRequestContext>.credential(request)
            {
                let principal = try? await identify.authenticate(credential.value, bearer: credential.bearer)
                detailed = principal?.permissions.grantsByName(ServerPermission.metricsRead.rawValue) ?? false
            }
            let ready = ReadinessProbe.isReady(checks)
            return json(ReadinessProbe.document(checks, detailed: detailed), status: ready ? .ok : .serviceUnavailable)
        }
        table.get("/metrics") { _, _ in
            if !metricsPublic {
                // Fleet-wide sums: for the operator's scraper, granted by name only.
                let permission = ServerPermission.metricsRead.rawValue
                guard let principal = Principal.current else { throw APIError.notAuthenticated() }
                guard principal.permissions.grantsByName(permission) else {
                    throw APIError.permissionDenied(permission)
                }
            }
            do {
                try await runtime.metrics.updateCampaigns(from: runtime.campaignSources().map(\.store))
            } catch {
                logger.warning("campaign metrics not updated", metadata: ["error": "\(error)"])
            }
            return Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: runtime.metrics.render()))
            )
        }
        // Other methods on these paths: 405 with `Allow: GET, HEAD`, as on the document's paths.
        table.registerMethodNotAllowed()
    }

    static func json(_ value: JSONValue, status: HTTPResponse.Status) -> Response {
        Response(
            status: status,
            headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(string: value.compactText))
        )
    }

    /// The TLS configuration for a PEM certificate chain and key.
    /// - Throws: ``ServerStartError`` naming the file that cannot be read.
    static func tlsConfiguration(_ files: ServerConfiguration.TLSFiles) throws -> TLSConfiguration {
        // Both read through the bounded reader: a FIFO or a device is refused at once.
        let chain: [NIOSSLCertificate]
        do {
            chain = try NIOSSLCertificate.fromPEMBytes(try BoundedFileReader.read(files.certificate))
        } catch let error as BoundedReadError {
            throw ServerStartError("tls.certificate \(files.certificate) cannot be read: \(error.reason)")
        } catch {
            throw ServerStartError(
                "tls.certificate \(files.certificate): not a readable PEM certificate chain (\(error))"
            )
        }
        let key: NIOSSLPrivateKey
        do {
            key = try NIOSSLPrivateKey(bytes: try BoundedFileReader.read(files.key), format: .pem)
        } catch let error as BoundedReadError {
            throw ServerStartError("tls.key \(files.key) cannot be read: \(error.reason)")
        } catch {
            throw ServerStartError("tls.key \(files.key): not a readable PEM private key (\(error))")
        }
        let configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) },
            privateKey: .privateKey(key)
        )
        // A context now, as the listener will make one: a key of another certificate fails here,
        // named, instead of as "cannot listen … failedToLoadPrivateKey".
        do {
            _ = try NIOSSLContext(configuration: configuration)
        } catch {
            throw ServerStartError(
                "tls.key \(files.key) is not the private key of tls.certificate \(files.certificate)'s first "
                    + "certificate (\(error)); give the key the certificate was issued for"
            )
        }
        return configuration
    }
}

/// The server cannot start: what and where.
public struct ServerStartError: Error, Sendable, CustomStringConvertible {
    /// The problem.
    public let description: String

    init(_ description: String) { self.description = description }
}
