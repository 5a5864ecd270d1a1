import FerruleServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JWTKit
import Testing

/// JWT claims and headers this server cannot honour refuse the token (401) instead of being
/// ignored, and callers of different tenants never share a rate-limit bucket.
@Suite("ferrule serve: JWT checks fail closed")
struct ServerJWTFailClosedTests {
    /// Claims whose `denied_permissions` is an object, and whose `exp` may be text.
    struct OddClaims: JWTPayload {
        var exp: String?
        var expNumber: Double? = Date().timeIntervalSince1970 + 600
        var aud = ["ferrule"]
        var iss = "https://login.example.net"
        var sub = "noc-bob"
        var tenantID = "acme"
        var permissions = ["isp.cpe.*"]
        var deniedObject: [String: String]?
        var deniedNumber: Double?

        enum CodingKeys: String, CodingKey {
            case exp, aud, iss, sub, permissions
            case tenantID = "tenant_id"
            case denied = "denied_permissions"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            if let exp {
                try container.encode(exp, forKey: .exp)
            } else {
                try container.encode(expNumber, forKey: .exp)
            }
            try container.encode(aud, forKey: .aud)
            try container.encode(iss, forKey: .iss)
            try container.encode(sub, forKey: .sub)
            try container.encode(tenantID, forKey: .tenantID)
            try container.encode(permissions, forKey: .permissions)
            if let deniedObject { try container.encode(deniedObject, forKey: .denied) }
            if let deniedNumber { try container.encode(deniedNumber, forKey: .denied) }
        }

        init() {}
        init(from decoder: any Decoder) throws { self.init() }
        func verify(using algorithm: some JWTAlgorithm) async throws {}
    }

    @Test("a denied_permissions claim that is an object or a number refuses the token: grants never stand alone")
    func malformedDenies() async throws {
        let fixture = try await ServerJWTTests.Fixture()
        var object = OddClaims()
        object.deniedObject = ["x": "isp.cpe.read"]
        var number = OddClaims()
        number.deniedNumber = 7
        for claims in [object, number] {
            let response = try await fixture.probe(try await fixture.signer.sign(claims))
            #expect(response.status == .unauthorized, "\(response.text)")
            #expect(
                response.detail?.hasPrefix(
                    "Invalid token: the token's denied_permissions claim is not a list of strings"
                )
                    == true,
                "\(response.text)"
            )
        }
        let fine = try await fixture.probe(try await fixture.signer.sign(OddClaims()))
        #expect(fine.status == .ok, "the same token with no denied_permissions is accepted: \(fine.text)")
    }

    @Test("a header with crit is refused: this server understands no JWS extensions (RFC 7515 §4.1.11)")
    func criticalHeader() async throws {
        let fixture = try await ServerJWTTests.Fixture()
        var header = JWTHeader()
        header.crit = ["x-unknown"]
        header[dynamicMember: "x-unknown"] = .int(1)
        let response = try await fixture.probe(try await fixture.signer.sign(ServerJWTTests.Claims(), header: header))
        #expect(response.status == .unauthorized, "\(response.text)")
        #expect(
            response.detail
                == "Invalid token: the token's header marks extensions as critical (crit: x-unknown), which this server does not understand"
        )
    }

    @Test("an exp that is not a number says so, not that exp is missing")
    func textualExpiry() async throws {
        let fixture = try await ServerJWTTests.Fixture()
        var claims = OddClaims()
        claims.exp = "tomorrow"
        let response = try await fixture.probe(try await fixture.signer.sign(claims))
        #expect(response.status == .unauthorized)
        #expect(response.detail == "Invalid token: the token's exp is not a number")
    }

    @Test("tokens without sub of two tenants have their own buckets: acme's flood does not 429 globex")
    func bucketsPerTenant() async throws {
        let fixture = try await ServerJWTTests.Fixture { configuration in
            configuration.limits.ratePerSecond = 0.01
            configuration.limits.burst = 2
        }
        var acme = ServerJWTTests.Claims()
        acme.sub = nil
        var globex = acme
        globex.tenantID = "globex"
        let acmeToken = try await fixture.token(acme)
        var statuses: [HTTPResponse.Status] = []
        for _ in 0..<4 { statuses.append(try await fixture.probe(acmeToken).status) }
        #expect(statuses.last == .tooManyRequests, "acme's flood is limited: \(statuses)")
        let other = try await fixture.probe(try await fixture.token(globex))
        #expect(other.status == .ok, "globex has its own bucket: \(other.text)")
    }
}
