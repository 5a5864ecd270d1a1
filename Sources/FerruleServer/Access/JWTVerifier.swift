import ContentHash
import FerruleCore
public import Foundation
import JWTKit
import Synchronization

/// Verifies JWT bearer tokens against the configured key or JWKS (``JWTSettings``) and turns
/// their claims into a ``Principal``: the tenant from `tenant_id` (or the configured claim), the
/// permissions from `permissions` and `denied_permissions`, the subject from `sub`.
///
/// A token is accepted only when its signature verifies with a configured key whose algorithm is
/// the one the token's header names (never `none`), the header has no `crit` (this server
/// understands no extensions: RFC 7515 §4.1.11 says to reject what it cannot process), `exp` is
/// a number and not past, `nbf` (if present) is a number and has come, `aud` includes the
/// configured audience, `iss` equals the configured issuer (when one is set), the tenant claim is
/// a string and the permission claims, when present, are a string or a list of strings (a
/// malformed `denied_permissions` must not leave the grants standing). Every refusal is a
/// ``JWTRejection`` whose text says which of these failed, never echoing the token.
///
/// The subject is `jwt:<sub>`; a token without `sub` is `jwt:sha256:<first 16 hex digits of the
/// token's SHA-256>`, one identity per token, so such callers never share a rate-limit bucket or
/// an audit identity (buckets are per tenant and subject: ``RateLimitMiddleware``).
public final class JWTVerifier: Sendable {
    let settings: JWTSettings
    private let keys = JWTKeyCollection()
    private let material: KeyMaterial
    private let loaded = Mutex(false)

    /// The parsed key file, added to the collection at the first verification (adding is async).
    enum KeyMaterial: Sendable {
        case jwks(JWKS)
        case p256(ES256PublicKey)
        case p384(ES384PublicKey)
        case p521(ES512PublicKey)
        case rsa(Insecure.RSA.PublicKey)
    }

    /// The largest key file read (a JWKS of a few hundred keys is far below it).
    static let maximumKeyFileBytes = 1 << 20

    /// Reads and parses the key file named by `settings`.
    /// - Throws: ``JWTKeyFileError`` naming the file and what is wrong with it.
    public init(settings: JWTSettings) throws(JWTKeyFileError) {
        self.settings = settings
        let path = settings.jwksFile ?? settings.keyFile ?? ""
        let bytes: [UInt8]
        do {
            bytes = try BoundedFileReader.read(path, limit: Self.maximumKeyFileBytes)
        } catch {
            throw JWTKeyFileError(file: path, reason: error.reason)
        }
        let text = String(decoding: bytes, as: UTF8.self)
        if settings.jwksFile != nil {
            do {
                let jwks = try JSONDecoder().decode(JWKS.self, from: Data(bytes))
                guard !jwks.keys.isEmpty else { throw JWTKeyFileError(file: path, reason: "the key set has no keys") }
                if let nameless = jwks.keys.firstIndex(where: { $0.keyIdentifier == nil }) {
                    throw JWTKeyFileError(file: path, reason: "key \(nameless + 1) has no kid")
                }
                try Self.checkUsable(jwks, file: path)
                material = .jwks(jwks)
            } catch let error as JWTKeyFileError {
                throw error
            } catch {
                throw JWTKeyFileError(file: path, reason: "not a JSON Web Key Set ({\"keys\": [...]})")
            }
        } else if let key = try? ES256PublicKey(pem: text) {
            material = .p256(key)
        } else if let key = try? ES384PublicKey(pem: text) {
            material = .p384(key)
        } else if let key = try? ES512PublicKey(pem: text) {
            material = .p521(key)
        } else if let key = try? Insecure.RSA.PublicKey(pem: text) {
            material = .rsa(key)
        } else {
            throw JWTKeyFileError(
                file: path,
                reason: "not a PEM public key: expected an EC (P-256, P-384, P-521) or RSA public key"
            )
        }
    }

    /// Refuses a key set that would verify fewer tokens than it names: two keys with one kid (the
    /// later would silently replace the earlier) and EC keys whose point is not on their curve
    /// (the set would fail to load at the first token, and every token would be refused).
    static func checkUsable(_ jwks: JWKS, file: String) throws(JWTKeyFileError) {
        var seen: Set<String> = []
        for (index, key) in jwks.keys.enumerated() {
            let kid = key.keyIdentifier?.string ?? ""
            guard seen.insert(kid).inserted else {
                throw JWTKeyFileError(
                    file: file,
                    reason: "key \(index + 1): kid \"\(DisplayText.value(kid))\" is used twice"
                )
            }
            guard key.keyType == .ecdsa else { continue }
            do {
                guard let x = key.x, let y = key.y else { throw JWTError.invalidJWK(reason: "no x or y") }
                switch key.curve?.rawValue {
                case "P-256": _ = try ES256PublicKey(parameters: (x, y))
                case "P-384": _ = try ES384PublicKey(parameters: (x, y))
                case "P-521": _ = try ES512PublicKey(parameters: (x, y))
                default: throw JWTError.invalidJWK(reason: "curve")
                }
            } catch {
                throw JWTKeyFileError(
                    file: file,
                    reason: "key \(index + 1) (kid \"\(DisplayText.value(kid))\") is not a usable EC public key: "
                        + "crv must be P-256, P-384 or P-521 and x, y a point on it"
                )
            }
        }
    }

    /// The principal a token stands for.
    ///
    /// - Parameters:
    ///   - token: The compact JWT from `Authorization: Bearer`.
    ///   - now: The time `exp` and `nbf` are judged at.
    /// - Throws: ``JWTRejection`` with the reason.
    public func principal(for token: String, now: Date = Date()) async throws(JWTRejection) -> Principal {
        guard token.utf8.count <= 16 << 10 else { throw JWTRejection("the token is longer than 16 KiB") }
        let collection = await keyCollection()
        let claims: JWTClaims
        do {
            claims = try await checkedAlgorithm(token, collection: collection)
        } catch let rejection as JWTRejection {
            throw rejection
        } catch let error as JWTError {
            throw Self.rejection(error)
        } catch {
            throw JWTRejection("the token cannot be read")
        }
        return try principal(from: claims, now: now.timeIntervalSince1970, token: token)
    }

    /// Verifies the signature after checking that the header's `alg` is the key's own.
    private func checkedAlgorithm(_ token: String, collection: JWTKeyCollection) async throws -> JWTClaims {
        let header = try Self.header(of: token)
        if let repeated = Self.repeatedMember(in: token) {
            // RFC 7519 §4 lets a parser refuse it; the decoder would keep the first value silently.
            throw JWTRejection("the token names its \(repeated) twice")
        }
        guard let alg = header.alg, alg.lowercased() != "none" else {
            throw JWTRejection("the token is not signed (alg is none or missing)")
        }
        if let critical = header.crit {
            throw JWTRejection(
                "the token's header marks extensions as critical (crit: \(DisplayText.value(critical))), "
                    + "which this server does not understand"
            )
        }
        if header.kid == nil, case .jwks = material {
            throw JWTRejection("the token has no kid; with a key set the kid must name one of its keys")
        }
        let key: any JWTAlgorithm
        do {
            key = try await collection.getKey(for: header.kid.map { JWKIdentifier(string: $0) }, alg: alg)
        } catch {
            throw JWTRejection("no configured key verifies \"\(DisplayText.value(alg))\" tokens")
        }
        if let kid = header.kid, case .jwks(let jwks) = material,
            !jwks.keys.contains(where: { $0.keyIdentifier?.string == kid })
        {
            throw JWTRejection("no configured key has kid \"\(DisplayText.value(kid))\"")
        }
        guard key.name == alg else {
            throw JWTRejection(
                "the token is signed with \"\(DisplayText.value(alg))\", the configured key is \(key.name)"
            )
        }
        return try await collection.verify(token, as: JWTClaims.self)
    }

    /// The claims checked against the settings, as a principal.
    func principal(from claims: JWTClaims, now: Double, token: String) throws(JWTRejection) -> Principal {
        let leeway = Double(settings.leewaySeconds)
        guard let expiry = claims.values["exp"] else { throw JWTRejection("the token has no exp claim") }
        guard case .number(let expires) = expiry else { throw JWTRejection("the token's exp is not a number") }
        guard now <= expires + leeway else { throw JWTRejection.expired }
        if let notBefore = claims.values["nbf"] {
            guard case .number(let start) = notBefore else { throw JWTRejection("the token's nbf is not a number") }
            guard now + leeway >= start else { throw JWTRejection("the token is not valid yet (nbf)") }
        }
        guard let audiences = claims.values["aud"]?.strings, audiences.contains(settings.audience) else {
            throw JWTRejection(
                "the token's audience (aud) does not include \"\(DisplayText.value(settings.audience))\""
            )
        }
        if let issuer = settings.issuer {
            guard case .string(let given) = claims.values["iss"], given == issuer else {
                throw JWTRejection("the token's issuer (iss) is not \"\(DisplayText.value(issuer))\"")
            }
        }
        guard case .string(let tenant) = claims.values[settings.tenantClaim], !tenant.isEmpty else {
            throw JWTRejection("the token has no \(settings.tenantClaim) claim naming its tenant")
        }
        let subject: String
        if case .string(let sub) = claims.values["sub"], !sub.isEmpty {
            subject = "jwt:" + DisplayText.value(String(sub.prefix(128)))
        } else {
            subject = "jwt:sha256:" + ContentHash.SHA256.hex(Array(token.utf8)).prefix(16)
        }
        let grants = try permissionList(claims, settings.permissionsClaim)
        let denies = try permissionList(claims, settings.deniedPermissionsClaim)
        return Principal(
            tenant: tenant,
            subject: subject,
            permissions: PermissionSet(grants: Array(grants.prefix(256)), denies: Array(denies.prefix(256)))
        )
    }

    /// A permission claim's strings: none when absent; a refusal when it is not a string or a
    /// list of strings (an object, a number, a mixed list), so a malformed deny never fails open.
    private func permissionList(_ claims: JWTClaims, _ name: String) throws(JWTRejection) -> [String] {
        guard let value = claims.values[name] else { return [] }
        guard let strings = value.strings else {
            throw JWTRejection(
                "the token's \(DisplayText.value(name)) claim is not a list of strings (or a space-separated string)"
            )
        }
        return strings
    }

    private func keyCollection() async -> JWTKeyCollection {
        if loaded.withLock({ $0 }) { return keys }
        switch material {
        case .jwks(let jwks):
            // Key by key: one key jwt-kit cannot use leaves the others working.
            for key in jwks.keys { _ = try? await keys.add(jwk: key) }
        case .p256(let key): await keys.add(ecdsa: key)
        case .p384(let key): await keys.add(ecdsa: key)
        case .p521(let key): await keys.add(ecdsa: key)
        case .rsa(let key): await keys.add(rsa: key, digestAlgorithm: .sha256)
        }
        loaded.withLock { $0 = true }
        return keys
    }

    /// The first member name the token's header or claims set repeats (`claim "permissions"`),
    /// nil when none.
    static func repeatedMember(in token: String) -> String? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else { return nil }
        for (part, what) in [(parts[0], "header member"), (parts[1], "claim")] {
            if let data = base64URLDecoded(part), let finding = DuplicateKeyScanner.firstDuplicate(in: Array(data)) {
                return "\(what) \"\(DisplayText.value(finding.key))\""
            }
        }
        return nil
    }

    /// `alg`, `kid` and `crit` (as text, when present at all) of the token's header.
    static func header(of token: String) throws(JWTRejection) -> (alg: String?, kid: String?, crit: String?) {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let data = Self.base64URLDecoded(parts[0]),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { throw JWTRejection("the token is not a JWT (header.payload.signature)") }
        let crit = object["crit"].map { value in
            (value as? [Any]).map { $0.map { "\($0)" }.joined(separator: ", ") } ?? "\(value)"
        }
        return (object["alg"] as? String, object["kid"] as? String, crit)
    }

    static func base64URLDecoded(_ text: Substring) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64)
    }

    static func rejection(_ error: JWTError) -> JWTRejection {
        switch error.errorType {
        case .signatureVerificationFailed: JWTRejection("the signature does not verify with the configured key")
        case .malformedToken: JWTRejection("the token is not a JWT (header.payload.signature)")
        case .unknownKID: JWTRejection("no configured key has the token's kid")
        default: JWTRejection("the token cannot be verified (\(error.errorType))")
        }
    }
}

/// Why a JWT was refused; ``detail`` is what the 401 says.
public struct JWTRejection: Error, Sendable, Hashable {
    /// `Token has expired`, or `Invalid token: <reason>`.
    public var detail: String

    init(_ reason: String) { detail = "Invalid token: " + reason }
    private init(detail: String) { self.detail = detail }

    /// `exp` is past (as an API token's expiry is reported).
    static let expired = JWTRejection(detail: "Token has expired")
}

/// A JWT key or key-set file that cannot be used.
public struct JWTKeyFileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file as configured.
    public var file: String
    /// What is wrong.
    public var reason: String

    public var description: String { "\(file): error[jwt-key]: \(reason)" }
}
