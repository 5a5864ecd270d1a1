import FerruleCore
import FerruleServer
import FerruleTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JWTKit
import Testing

/// JWT bearer tokens verified against a configured PEM key or JWKS file (keys made in the test):
/// claims map to tenant and permissions; every refusal is 401 with a `detail` naming the reason.
@Suite("ferrule serve: JWT bearer verification")
struct ServerJWTTests {
    /// The claims a test token carries (nil members are left out).
    struct Claims: JWTPayload {
        var exp: Double? = Date().timeIntervalSince1970 + 600
        var nbf: Double?
        var aud: [String]? = ["ferrule"]
        var iss: String? = "https://login.example.net"
        var sub: String? = "noc-alice"
        var tenantID: String? = "acme"
        var permissions: [String]? = ["isp.cpe.*"]
        var deniedPermissions: [String]?

        enum CodingKeys: String, CodingKey {
            case exp, nbf, aud, iss, sub
            case tenantID = "tenant_id"
            case permissions
            case deniedPermissions = "denied_permissions"
        }

        func verify(using algorithm: some JWTAlgorithm) async throws {}
    }

    /// A signer with a new P-256 key, and a server verifying with its public key (PEM or JWKS).
    struct Fixture {
        let server: ServerTestHarness
        let signer = JWTKeyCollection()
        /// The signing key (a test may sign with its own serializer).
        let key = ES256PrivateKey()

        init(jwks: Bool = false, adjust: (inout ServerConfiguration) -> Void = { _ in }) async throws {
            let directory = try Scratch.directory("ferrule-jwt")
            let file: URL
            if jwks {
                let parameters = try #require(key.publicKey.parameters)
                let jwk = JWK.ecdsa(.es256, identifier: "k1", x: parameters.x, y: parameters.y, curve: .p256)
                file = directory.appendingPathComponent("jwks.json")
                try JSONEncoder().encode(JWKS(keys: [jwk])).write(to: file)
                await signer.add(ecdsa: key, kid: "k1")
            } else {
                file = directory.appendingPathComponent("key.pem")
                try Data(key.publicKey.pemRepresentation.utf8).write(to: file)
                await signer.add(ecdsa: key)
            }
            server = try ServerTestHarness { configuration in
                var settings = JWTSettings(
                    audience: "ferrule",
                    keyFile: jwks ? nil : file.path,
                    jwksFile: jwks ? file.path : nil
                )
                settings.issuer = "https://login.example.net"
                settings.leewaySeconds = 0
                configuration.jwt = settings
                adjust(&configuration)
            }
        }

        func token(_ claims: Claims, kid: JWKIdentifier? = nil) async throws -> String {
            try await signer.sign(claims, kid: kid)
        }

        /// `GET /api/v1/probe` (needs isp.cpe.read) with `Authorization: Bearer <token>`.
        func probe(_ token: String) async throws -> TestResponse {
            try await server.test { client in
                try await client.execute(
                    uri: "/api/v1/probe",
                    method: .get,
                    headers: [.authorization: "Bearer \(token)"]
                )
            }
        }
    }

    @Test("a signed token with the right audience and issuer acts in its tenant_id with its permissions")
    func accepted() async throws {
        let fixture = try await Fixture()
        let response = try await fixture.probe(try await fixture.token(Claims()))
        #expect(response.status == .ok, "\(response.text)")
        #expect(response.text == "tenant acme")

        var globex = Claims()
        globex.tenantID = "globex"
        globex.aud = nil
        globex.iss = "https://login.example.net"
        let scoped = try await fixture.probe(try await fixture.token(globex))
        #expect(scoped.status == .unauthorized, "aud is required")

        var stringAudience = Claims()
        stringAudience.tenantID = "globex"
        let other = try await fixture.probe(try await fixture.token(stringAudience))
        #expect(other.text == "tenant globex")
    }

    /// Writes the claims and then `extra` members: a payload naming a claim twice.
    struct RepeatingSerializer: JWTSerializer {
        let extra: String
        var jsonEncoder: any JWTJSONEncoder = .defaultForJWT

        func serialize(_ payload: some JWTPayload, header: JWTHeader) throws -> Data {
            var json = String(decoding: try jsonEncoder.encode(payload), as: UTF8.self)
            json.removeLast()
            json += "," + extra + "}"
            let base64 = Data(json.utf8).base64EncodedString()
                .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
                .replacingOccurrences(of: "=", with: "")
            return Data(base64.utf8)
        }
    }

    @Test("a token naming a claim twice is refused (RFC 7519 §4), not read with its first value")
    func repeatedClaim() async throws {
        let fixture = try await Fixture()
        let repeating = JWTKeyCollection()
        await repeating.add(ecdsa: fixture.key, serializer: RepeatingSerializer(extra: #""permissions":["*"]"#))
        var claims = Claims()
        claims.permissions = ["isp.cpe.read"]
        let token = try await repeating.sign(claims)
        let response = try await fixture.probe(token)
        #expect(response.status == .unauthorized, "\(response.text)")
        #expect(response.text.contains("names its claim \\\"permissions\\\" twice"), "\(response.text)")
    }

    @Test("permissions come from the claims: a missing one is 403, a denied one wins over a grant")
    func permissions() async throws {
        let fixture = try await Fixture()
        var pon = Claims()
        pon.permissions = ["isp.network.pon.read"]
        let missing = try await fixture.probe(try await fixture.token(pon))
        #expect(missing.status == .forbidden)
        #expect(missing.detail == "Permission denied. Required: ['isp.cpe.read']")

        var denied = Claims()
        denied.permissions = ["*"]
        denied.deniedPermissions = ["isp.cpe.read"]
        let refused = try await fixture.probe(try await fixture.token(denied))
        #expect(refused.status == .forbidden)
    }

    @Test("expired, not yet valid, wrong audience, wrong issuer, no tenant: 401 with the reason in detail")
    func refusedClaims() async throws {
        let fixture = try await Fixture()
        let now = Date().timeIntervalSince1970
        var cases: [(Claims, String)] = []
        var expired = Claims()
        expired.exp = now - 5
        cases.append((expired, "Token has expired"))
        var noExpiry = Claims()
        noExpiry.exp = nil
        cases.append((noExpiry, "Invalid token: the token has no exp claim"))
        var early = Claims()
        early.nbf = now + 600
        cases.append((early, "Invalid token: the token is not valid yet (nbf)"))
        var audience = Claims()
        audience.aud = ["billing"]
        cases.append((audience, "Invalid token: the token's audience (aud) does not include \"ferrule\""))
        var issuer = Claims()
        issuer.iss = "https://evil.example"
        cases.append((issuer, "Invalid token: the token's issuer (iss) is not \"https://login.example.net\""))
        var tenantless = Claims()
        tenantless.tenantID = nil
        cases.append((tenantless, "Invalid token: the token has no tenant_id claim naming its tenant"))
        for (claims, detail) in cases {
            let response = try await fixture.probe(try await fixture.token(claims))
            #expect(response.status == .unauthorized, "\(detail)")
            #expect(response.detail == detail)
            #expect(response.headers[.wwwAuthenticate] == "Bearer")
        }
    }

    @Test("a token signed by another key, an unsigned token or garbage: 401 Invalid token")
    func refusedSignatures() async throws {
        let fixture = try await Fixture()
        let stranger = JWTKeyCollection()
        await stranger.add(ecdsa: ES256PrivateKey())
        let forged = try await stranger.sign(Claims())
        let response = try await fixture.probe(forged)
        #expect(response.status == .unauthorized)
        #expect(response.detail == "Invalid token: the signature does not verify with the configured key")

        let parts = forged.split(separator: ".")
        let unsigned = "eyJhbGciOiJub25lIn0." + parts[1] + "."
        let none = try await fixture.probe(unsigned)
        #expect(none.status == .unauthorized)
        #expect(none.detail == "Invalid token: the token is not signed (alg is none or missing)")

        let garbage = try await fixture.probe("not-a-jwt")
        #expect(garbage.status == .unauthorized)
        #expect(garbage.detail == "Invalid token: the token is not a JWT (header.payload.signature)")
    }

    @Test("JWKS: the key is chosen by kid; an unknown kid or an HMAC token naming the EC key's kid is refused")
    func jwks() async throws {
        let fixture = try await Fixture(jwks: true)
        let good = try await fixture.probe(try await fixture.token(Claims(), kid: "k1"))
        #expect(good.status == .ok, "\(good.text)")

        let stranger = JWTKeyCollection()
        await stranger.add(ecdsa: ES256PrivateKey(), kid: "k9")
        let unknown = try await fixture.probe(try await stranger.sign(Claims(), kid: "k9"))
        #expect(unknown.status == .unauthorized)
        #expect(unknown.detail == "Invalid token: no configured key has kid \"k9\"")

        let hmac = JWTKeyCollection()
        await hmac.add(hmac: "a-shared-secret-of-at-least-32-bytes", digestAlgorithm: .sha256, kid: "k1")
        let confused = try await fixture.probe(try await hmac.sign(Claims(), kid: "k1"))
        #expect(confused.status == .unauthorized)
        #expect(confused.detail == "Invalid token: the token is signed with \"HS256\", the configured key is ES256")

        let nameless = try await fixture.probe(try await fixture.token(Claims()))
        #expect(nameless.status == .unauthorized)
        #expect(
            nameless.detail == "Invalid token: the token has no kid; with a key set the kid must name one of its keys"
        )
    }

    @Test("JWKS: a key off its curve or a kid used twice is refused when the file is read, naming the key")
    func unusableKeySet() throws {
        let parameters = try #require(ES256PrivateKey().publicKey.parameters)
        let good = JWK.ecdsa(.es256, identifier: "k1", x: parameters.x, y: parameters.y, curve: .p256)
        let offCurve = JWK.ecdsa(.es256, identifier: "k2", x: parameters.x, y: parameters.x, curve: .p256)
        let twice = JWK.ecdsa(.es256, identifier: "k1", x: parameters.x, y: parameters.y, curve: .p256)
        for (keys, reason) in [
            ([good, offCurve], "key 2 (kid \"k2\") is not a usable EC public key"),
            ([good, twice], "key 2: kid \"k1\" is used twice"),
        ] {
            let directory = try Scratch.directory("ferrule-jwks")
            let file = directory.appendingPathComponent("jwks.json")
            try JSONEncoder().encode(JWKS(keys: keys)).write(to: file)
            let error = try #require(throws: JWTKeyFileError.self) {
                try JWTVerifier(settings: JWTSettings(audience: "x", jwksFile: file.path))
            }
            #expect(error.reason.contains(reason), "\(error)")
        }
    }

    @Test("API tokens still work beside JWT verification; a JWT in X-API-Key is not accepted")
    func apiTokensStillWork() async throws {
        let fixture = try await Fixture()
        let token = try await fixture.server.token()
        let response = try await fixture.probe(token)
        #expect(response.status == .ok)
        let jwt = try await fixture.token(Claims())
        let asKey = try await fixture.server.test { client in
            try await client.execute(uri: "/api/v1/probe", method: .get, headers: apiKey(jwt))
        }
        #expect(asKey.status == .unauthorized)
        #expect(asKey.detail == "Not authenticated")
    }

    @Test("configuration: jwt needs audience and exactly one key source; a bad key file stops the start")
    func configuration() throws {
        let directory = try Scratch.directory(["bad.pem": "not a key\n"])
        var reader = ServerConfigurationReader(file: "serve.yaml")
        _ = reader.read(
            "jwt: {key_file: /k.pem, jwks_file: /k.json, audience: x}\n",
            over: ServerConfiguration(stateDirectory: "/tmp"),
            environment: [:]
        )
        #expect(reader.diagnostics.hasErrors)
        var missing = ServerConfigurationReader(file: "serve.yaml")
        _ = missing.read(
            "jwt: {key_file: /k.pem}\n",
            over: ServerConfiguration(stateDirectory: "/tmp"),
            environment: [:]
        )
        #expect(missing.diagnostics.sorted.map(\.message).contains { $0.contains("jwt needs audience") })
        #expect(throws: JWTKeyFileError.self) {
            try JWTVerifier(settings: JWTSettings(audience: "x", keyFile: directory + "/bad.pem"))
        }
    }
}
