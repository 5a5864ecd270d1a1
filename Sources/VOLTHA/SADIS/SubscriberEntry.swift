public import FerruleJSON

/// A SADIS subscriber entry, keyed by the UNI port name `<ONU serial>-<uni>`
/// (`bbsim:internal/bbsim/responders/sadis/sadis.go` `SadisOnuEntryV2`).
public struct SubscriberEntry: Sendable, Hashable {
    /// The UNI port name, e.g. `BBSM00000001-1`.
    public var id: String
    public var nasPortID: String
    public var circuitID: String
    public var remoteID: String
    public var services: [SubscriberService]

    /// An entry from its parts; the access identifiers default to the port name.
    public init(
        id: String,
        services: [SubscriberService],
        nasPortID: String? = nil,
        circuitID: String? = nil,
        remoteID: String? = nil
    ) {
        self.id = id
        self.services = services
        self.nasPortID = nasPortID ?? id
        self.circuitID = circuitID ?? id
        self.remoteID = remoteID ?? id
    }

    /// The entry as SADIS serves it.
    public var json: JSONValue {
        .object([
            ("id", .string(id)),
            ("nasPortId", .string(nasPortID)),
            ("circuitId", .string(circuitID)),
            ("remoteId", .string(remoteID)),
            ("uniTagList", .array(services.map(\.json))),
        ])
    }

    /// Reads an entry; nil when it has no `id` or no `uniTagList` (an OLT entry, say).
    public init?(json: JSONValue) {
        guard let id = json["id"]?.stringValue, let list = json["uniTagList"]?.arrayValue else { return nil }
        self.init(
            id: id,
            services: list.compactMap(SubscriberService.init(json:)),
            nasPortID: json["nasPortId"]?.stringValue,
            circuitID: json["circuitId"]?.stringValue,
            remoteID: json["remoteId"]?.stringValue
        )
    }
}
