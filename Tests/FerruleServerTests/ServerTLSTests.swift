import FerruleCore
import FerruleJSON
import FerruleServer
import FerruleTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

/// TLS when the configuration names a certificate and a key.
@Suite("ferrule serve: TLS")
struct ServerTLSTests {
    /// A self-signed certificate and key for localhost, made with the openssl command.
    static func certificate() async throws -> (certificate: String, key: String) {
        let directory = try Scratch.directory("ferrule-tls")
        let certificate = directory.appendingPathComponent("cert.pem").path
        let key = directory.appendingPathComponent("key.pem").path
        let output = try await ProcessRunner(
            URL(fileURLWithPath: "/usr/bin/openssl"),
            [
                "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
                "-subj", "/CN=localhost", "-keyout", key, "-out", certificate,
            ]
        ).run()
        guard output.status == 0 else { throw CertificateError(description: output.stderr) }
        return (certificate, key)
    }

    struct CertificateError: Error, CustomStringConvertible {
        var description: String
    }

    @Test("with tls.certificate and tls.key the server speaks HTTPS, and the whole chain runs behind it")
    func https() async throws {
        let (certificate, key) = try await Self.certificate()
        var configuration = ServerConfiguration(stateDirectory: try Scratch.directory("ferrule-server").path)
        configuration.port = 0
        configuration.tls = .init(certificate: certificate, key: key)
        configuration.runner.enabled = false
        let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        let runtime = try ServerRuntime(configuration: configuration, environment: [:], logger: logger)
        let application = try ServerApplication.build(runtime: runtime, logger: logger)
        try await application.test(.ahc(.https)) { client in
            let health = try await client.execute(uri: "/healthz", method: .get)
            #expect(health.status == .ok)
            let anonymous = try await client.execute(uri: "/metrics", method: .get)
            #expect(anonymous.status == .unauthorized)
        }
    }

    @Test("an unreadable certificate is refused at start, naming the file")
    func badCertificate() throws {
        var configuration = ServerConfiguration(stateDirectory: try Scratch.directory("ferrule-server").path)
        let bogus = try Scratch.file("cert.pem", Array("not a certificate".utf8))
        configuration.tls = .init(certificate: bogus, key: bogus)
        configuration.runner.enabled = false
        let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        let runtime = try ServerRuntime(configuration: configuration, environment: [:], logger: logger)
        let error = #expect(throws: ServerStartError.self) {
            _ = try ServerApplication.build(runtime: runtime, logger: logger)
        }
        #expect(error?.description.contains("tls.certificate \(bogus)") == true)
    }

    @Test("a key of another certificate fails --check-config's reading at tls.key's line, and the start naming both")
    func mismatchedKey() async throws {
        let (certificate, _) = try await Self.certificate()
        let (_, otherKey) = try await Self.certificate()
        var reader = ServerConfigurationReader(file: "serve.yaml")
        _ = reader.read(
            "tls:\n  certificate: \(certificate)\n  key: \(otherKey)\n",
            over: ServerConfiguration(stateDirectory: "/tmp"),
            environment: [:]
        )
        let messages = reader.diagnostics.sorted.map(\.description)
        #expect(
            messages.contains { $0.hasPrefix("serve.yaml:3:8: error[") && $0.contains("is not the private key of") },
            "\(messages)"
        )

        var configuration = ServerConfiguration(stateDirectory: try Scratch.directory("ferrule-server").path)
        configuration.tls = .init(certificate: certificate, key: otherKey)
        configuration.runner.enabled = false
        let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        let runtime = try ServerRuntime(configuration: configuration, environment: [:], logger: logger)
        let error = #expect(throws: ServerStartError.self) {
            _ = try ServerApplication.build(runtime: runtime, logger: logger)
        }
        #expect(
            error?.description.contains("is not the private key of tls.certificate") == true,
            "\(String(describing: error))"
        )
    }
}
