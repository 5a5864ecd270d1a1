import FerruleCore
import FerruleServer
import FerruleTestSupport
import Foundation
import Testing

/// `--check-config` refuses what would stop the server from starting, each problem once, at its
/// `file:line:col`.
@Suite("ferrule serve: --check-config catches what cannot start")
struct ServerCheckConfigTests {
    func errors(_ text: String) throws -> (file: String, errors: [String]) {
        let file = try Scratch.directory(["serve.yaml": text]) + "/serve.yaml"
        let (_, diagnostics) = ServerConfiguration.load(file: file, environment: [:])
        return (file, diagnostics.sorted.filter { $0.severity == .error }.map(\.description))
    }

    @Test("a JWKS file that is not a key set is an error at its line")
    func jwksNotAKeySet() throws {
        let (file, errors) = try errors("jwt: {jwks_file: /etc/passwd, audience: ferrule}\n")
        #expect(errors.count == 1, "\(errors)")
        #expect(errors.first?.hasPrefix("\(file):1:18: error[bad-value]: /etc/passwd") == true, "\(errors)")
    }

    @Test("a TLS certificate that is not PEM, and one that cannot be read, are errors at their lines")
    func tlsFiles() throws {
        let junk = try Scratch.file("cert.pem", Array("not a certificate\n".utf8))
        let (file, errors) = try errors(
            "tls:\n  certificate: \(junk)\n  key: /nonexistent/tls.key\n"
        )
        #expect(errors.count == 2, "\(errors)")
        #expect(
            errors.contains {
                $0.hasPrefix("\(file):2:16: error[bad-value]: tls.certificate") && $0.contains("not a PEM")
            },
            "\(errors)"
        )
        #expect(
            errors.contains {
                $0.hasPrefix("\(file):3:8: error[unreadable]: tls.key /nonexistent/tls.key cannot be read")
            },
            "\(errors)"
        )
    }

    @Test("tenant names '..' and '.hidden' are refused, here and by token create's check")
    func dotTenants() throws {
        let (file, errors) = try errors("tenants:\n  \"..\": {}\n  .hidden: {}\n  ok-1: {}\n")
        #expect(errors.count == 2, "\(errors)")
        #expect(errors.allSatisfy { $0.hasPrefix("\(file):") && $0.contains("error[bad-name]") }, "\(errors)")
        let (_, only) = try self.errors("tenants:\n  \"..\": {}\n")
        #expect(
            only.count == 1 && only[0].contains("error[bad-name]"),
            "the bad name alone, not also 'tenants is empty': \(only)"
        )
        let (_, empty) = try self.errors("tenants: {}\n")
        #expect(empty.count == 1 && empty[0].contains("tenants is empty"), "\(empty)")
        #expect(ServerEnvironment.tenantNameProblem("..") != nil)
        #expect(ServerEnvironment.tenantNameProblem(".") != nil)
        #expect(ServerEnvironment.tenantNameProblem("acme.eu") == nil)
    }

    @Test("two tenants on one GenieACS are refused at the second URL; other hosts, ports or paths are not")
    func sharedGenieACS() throws {
        let (file, errors) = try errors(
            "tenants:\n  acme:\n    genieacs: {url: \"http://ACS:80/\"}\n  beta:\n    genieacs: {url: \"http://acs\"}\n"
        )
        #expect(errors.count == 1, "\(errors)")
        #expect(
            errors.first?.hasPrefix("\(file):5:21: error[bad-value]: tenants acme and beta use the same GenieACS")
                == true,
            "\(errors)"
        )
        let (_, distinct) = try self.errors(
            "tenants:\n  a: {genieacs: {url: \"http://acs:7557\"}}\n  b: {genieacs: {url: \"http://acs:7558\"}}\n"
                + "  c: {genieacs: {url: \"https://proxy/acme\"}}\n  d: {genieacs: {url: \"https://proxy/beta\"}}\n"
        )
        #expect(distinct.isEmpty, "\(distinct)")
    }

    @Test("credentials in a GenieACS URL: one error, at the URL's line")
    func credentialsInURL() throws {
        let (file, errors) = try errors(
            "tenants:\n  acme:\n    genieacs: {url: \"http://nbi:pw@acs:7557\"}\n"
        )
        #expect(errors.count == 1, "\(errors)")
        #expect(errors.first?.hasPrefix("\(file):3:21: error[bad-value]: put credentials") == true, "\(errors)")
    }
}
