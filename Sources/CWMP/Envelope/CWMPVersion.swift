/// A CWMP protocol version. Versions 1.3 and 1.4 reuse the `cwmp-1-2` namespace and are told
/// apart only by optional headers (cwmp-1-3.xsd:86, cwmp-1-4.xsd:78).
public enum CWMPVersion: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case v1_0 = "1.0"
    case v1_1 = "1.1"
    case v1_2 = "1.2"
    case v1_3 = "1.3"
    case v1_4 = "1.4"

    /// The namespace URN a message of this version uses.
    public var namespace: String {
        switch self {
        case .v1_0: CWMPNamespaces.cwmp10
        case .v1_1: CWMPNamespaces.cwmp11
        case .v1_2, .v1_3, .v1_4: CWMPNamespaces.cwmp12
        }
    }

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

/// Namespace URIs of SOAP 1.1 and CWMP.
public enum CWMPNamespaces {
    public static let soapEnvelope = "http://schemas.xmlsoap.org/soap/envelope/"
    public static let soapEncoding = "http://schemas.xmlsoap.org/soap/encoding/"
    public static let xmlSchema = "http://www.w3.org/2001/XMLSchema"
    public static let xmlSchemaInstance = "http://www.w3.org/2001/XMLSchema-instance"
    public static let cwmp10 = "urn:dslforum-org:cwmp-1-0"
    public static let cwmp11 = "urn:dslforum-org:cwmp-1-1"
    public static let cwmp12 = "urn:dslforum-org:cwmp-1-2"
    /// Not defined by any Broadband Forum schema, but sent by some software; GenieACS maps it to 1.4.
    public static let cwmp13 = "urn:dslforum-org:cwmp-1-3"
    public static let cwmp14 = "urn:dslforum-org:cwmp-1-4"

    static let cwmpPrefix = "urn:dslforum-org:cwmp-"
}
