import FerruleJSON
import FerruleServer
import FerruleTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging

/// A server in process (HummingbirdTesting's router framework, no sockets) on its own state
/// directory, with two tenants without upstreams and two test routes behind the real chain:
/// `GET /api/v1/probe` needs `isp.cpe.read`, `POST /api/v1/probe` needs `isp.cpe.write` and
/// echoes the size of the body it read.
struct ServerTestHarness {
    let runtime: ServerRuntime
    let application: Application<RouterResponder<BasicRequestContext>>

    init(
        routes: [RouteRegistration] = [Self.probeRoutes],
        adjust: (inout ServerConfiguration) -> Void = { _ in }
    ) throws {
        var configuration = ServerConfiguration(stateDirectory: try Scratch.directory("ferrule-server").path)
        configuration.tenants = [TenantSettings(name: "acme"), TenantSettings(name: "globex")]
        configuration.runner.enabled = false
        adjust(&configuration)
        let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        runtime = try ServerRuntime(configuration: configuration, environment: [:], logger: logger)
        let router = try ServerApplication.router(runtime: runtime, logger: logger, routes: routes)
        application = Application(router: router, logger: logger)
    }

    static let probeRoutes: RouteRegistration = { router, _ in
        router.get("/api/v1/probe") { _, _ in
            let principal = try Principal.require(.cpeRead)
            return "tenant \(principal.tenant)"
        }
        router.post("/api/v1/probe") { request, _ in
            _ = try Principal.require(.cpeWrite)
            var size = 0
            for try await buffer in request.body { size += buffer.readableBytes }
            return "read \(size)"
        }
    }

    /// A new token's text.
    func token(
        tenant: String = "acme",
        grants: [String] = ["isp.*"],
        denies: [String] = [],
        expiresAt: Double? = nil,
        now: Double = Date().timeIntervalSince1970 * 1000
    ) async throws -> String {
        try await runtime.tokens.create(
            name: "test",
            tenant: tenant,
            permissions: PermissionSet(grants: grants, denies: denies),
            expiresAt: expiresAt,
            now: now
        ).1.text
    }

    /// Runs `body` with a client of the in-process server.
    func test<T>(_ body: @Sendable (any TestClientProtocol) async throws -> T) async throws -> T {
        try await application.test(.router, body)
    }
}

extension TestResponse {
    /// The body as text.
    var text: String { String(buffer: body) }

    /// The error envelope's `detail`.
    var detail: String? { (try? JSONValue.parse(Array(text.utf8)))?["detail"]?.stringValue }

    /// A member of the JSON body.
    func json(_ key: String) -> JSONValue? { (try? JSONValue.parse(Array(text.utf8)))?[key] }
}

/// Headers with an API key.
func apiKey(_ token: String, _ more: HTTPFields = [:]) -> HTTPFields {
    var fields = more
    fields[HTTPField.Name("X-API-Key")!] = token
    return fields
}
