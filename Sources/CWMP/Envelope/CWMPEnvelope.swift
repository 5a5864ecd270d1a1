/// The SOAP Header fields CWMP defines (cwmp-1-2.xsd:73-91; cwmp-1-3.xsd:93-101; cwmp-1-4.xsd:201-242). Nil means the
/// element was absent.
public struct CWMPHeader: Sendable, Hashable, Codable {
    /// `cwmp:ID`: echoed back in the response. Empty and the literal `null` are kept as sent.
    public var id: String?
    public var holdRequests: Bool?
    /// Deprecated and in no XSD, but still sent by Thomson firmware and generic IADs.
    public var noMoreRequests: Bool?
    /// Seconds; CWMP 1.3+, Inform only.
    public var sessionTimeout: UInt32?
    /// Comma list such as `1.0,1.1,1.4`; CWMP 1.4.
    public var supportedCWMPVersions: String?
    /// CWMP 1.4, InformResponse.
    public var useCWMPVersion: String?

    public init(
        id: String? = nil,
        holdRequests: Bool? = nil,
        noMoreRequests: Bool? = nil,
        sessionTimeout: UInt32? = nil,
        supportedCWMPVersions: String? = nil,
        useCWMPVersion: String? = nil
    ) {
        self.id = id
        self.holdRequests = holdRequests
        self.noMoreRequests = noMoreRequests
        self.sessionTimeout = sessionTimeout
        self.supportedCWMPVersions = supportedCWMPVersions
        self.useCWMPVersion = useCWMPVersion
    }

    /// Whether any field is set (a Header element is written only then).
    public var isEmpty: Bool { self == CWMPHeader() }

    /// The header of a CPE's Inform in `version`. 1.3 and 1.4 share the `cwmp-1-2` namespace with
    /// 1.2 (cwmp-1-3.xsd:86, cwmp-1-4.xsd:78) and are told apart only by Inform headers, so a 1.3
    /// Inform carries `SessionTimeout` (cwmp-1-3.xsd:93; `sessionTimeout` seconds) and a 1.4 one
    /// `SupportedCWMPVersions` listing every version up to 1.4 (cwmp-1-4.xsd:201). Other messages
    /// carry no version header.
    public static func inform(id: String?, version: CWMPVersion, sessionTimeout: UInt32 = 30) -> CWMPHeader {
        switch version {
        case .v1_0, .v1_1, .v1_2: CWMPHeader(id: id)
        case .v1_3: CWMPHeader(id: id, sessionTimeout: sessionTimeout)
        case .v1_4: CWMPHeader(id: id, supportedCWMPVersions: "1.0,1.1,1.2,1.3,1.4")
        }
    }

    enum CodingKeys: String, CodingKey {
        case id, holdRequests, noMoreRequests, sessionTimeout, supportedCWMPVersions, useCWMPVersion
    }

    /// Encodes every field, absent ones as null, so JSON consumers see a fixed shape.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(holdRequests, forKey: .holdRequests)
        try c.encode(noMoreRequests, forKey: .noMoreRequests)
        try c.encode(sessionTimeout, forKey: .sessionTimeout)
        try c.encode(supportedCWMPVersions, forKey: .supportedCWMPVersions)
        try c.encode(useCWMPVersion, forKey: .useCWMPVersion)
    }
}

/// One CWMP SOAP envelope: namespace, header and the RPC in its body.
public struct CWMPEnvelope: Sendable, Hashable {
    /// The CWMP namespace URN as sent (`urn:dslforum-org:cwmp-1-2`); empty when none was found.
    public var namespace: String
    public var header: CWMPHeader
    public var body: CWMPBody

    public init(namespace: String = CWMPNamespaces.cwmp12, header: CWMPHeader = CWMPHeader(), body: CWMPBody) {
        self.namespace = namespace
        self.header = header
        self.body = body
    }

    /// Builds an envelope for a protocol version (1.3 and 1.4 use the `cwmp-1-2` namespace).
    public init(version: CWMPVersion, header: CWMPHeader = CWMPHeader(), body: CWMPBody) {
        self.init(namespace: version.namespace, header: header, body: body)
    }

    /// The protocol version, as far as namespace and headers tell: `cwmp-1-2` is 1.2, or 1.3
    /// with a SessionTimeout header, or 1.4 with SupportedCWMPVersions or UseCWMPVersion
    /// (cwmp-1-3.xsd:86, cwmp-1-4.xsd:78); the non-standard `cwmp-1-3` and `cwmp-1-4` are 1.4.
    /// Where GenieACS 1.2.16 concludes otherwise for an Inform, the parser warns
    /// (`genieacs-version`, `genieacs-refuses`).
    public var version: CWMPVersion? { Self.version(namespace: namespace, header: header) }

    static func version(namespace: String, header: CWMPHeader) -> CWMPVersion? {
        switch namespace {
        case CWMPNamespaces.cwmp10: return .v1_0
        case CWMPNamespaces.cwmp11: return .v1_1
        case CWMPNamespaces.cwmp12:
            if header.supportedCWMPVersions != nil || header.useCWMPVersion != nil { return .v1_4 }
            return header.sessionTimeout != nil ? .v1_3 : .v1_2
        // No schema defines `cwmp-1-3`; GenieACS 1.2.16 reads it as 1.4 (lib/soap.ts:901-903).
        case CWMPNamespaces.cwmp13: return .v1_4
        case CWMPNamespaces.cwmp14: return .v1_4
        default: return nil
        }
    }
}

/// What a CPE or ACS sent in one HTTP body.
public enum CWMPMessage: Sendable, Hashable {
    /// An empty body: the CPE has nothing more to send, or the ACS ends the session (GenieACS 1.2.16 lib/soap.ts:837,
    /// 993).
    case empty
    case envelope(CWMPEnvelope)

    /// The envelope, unless the body was empty.
    public var envelope: CWMPEnvelope? {
        if case .envelope(let e) = self { return e }
        return nil
    }
}

/// The result of reading one body: the message and every schema break that was tolerated.
public struct ParsedMessage: Sendable, Hashable {
    public var message: CWMPMessage
    public var warnings: [CWMPWarning]
    /// The character set the body was read in (`UTF-8`, `ISO-8859-1`, …).
    public var encoding: String

    public init(message: CWMPMessage, warnings: [CWMPWarning], encoding: String) {
        self.message = message
        self.warnings = warnings
        self.encoding = encoding
    }
}
