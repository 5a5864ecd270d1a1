/// A GenieACS virtual parameter (`VirtualParameters.<name>`) that reads the first of several
/// candidate paths the device has, so TR-098 and TR-181 devices answer under one name, and (when
/// writable) sets the value at the path found.
///
/// ```yaml
/// virtualParameters:
///   - name: wanPPPoEUsername
///     type: xsd:string
///     writable: true
///     paths:
///       - Device.PPP.Interface.1.Username
///       - InternetGatewayDevice.WANDevice.1.WANConnectionDevice.1.WANPPPConnection.1.Username
/// ```
public struct VirtualParameter: Sendable, Hashable {
    /// The id under `VirtualParameters.` (GenieACS allows `[A-Za-z0-9_-]` in it).
    public var name: String
    public var description: String?
    /// The CWMP type the value is reported with (`xsd:string` unless given).
    public var type: String
    /// Candidate paths, first existing one wins; `*` matches every instance (the first value is used).
    public var paths: [String]
    public var writable: Bool
    public var location: RuleLocation

    /// The types GenieACS accepts for a parameter value.
    public static let types = [
        "xsd:string", "xsd:boolean", "xsd:int", "xsd:unsignedInt", "xsd:long", "xsd:unsignedLong", "xsd:dateTime",
        "xsd:base64", "xsd:hexBinary",
    ]

    public init(
        name: String,
        description: String? = nil,
        type: String = "xsd:string",
        paths: [String],
        writable: Bool = false,
        location: RuleLocation
    ) {
        self.name = name
        self.description = description
        self.type = type
        self.paths = paths
        self.writable = writable
        self.location = location
    }
}
