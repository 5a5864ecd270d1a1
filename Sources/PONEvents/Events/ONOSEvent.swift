/// The JSON events ONOS publishes about subscriber ports through its kafka-onos app, and how
/// Ferrule names them as ``PONEvent``s (kind ``PONEventKind/onos``, phase ``PONEventPhase/bare``).
///
/// | topic (kafka-onos) | sent by | payload | Ferrule's event name |
/// |---|---|---|---|
/// | `onu.events` (`AccessDeviceKafkaIntegration.java:66`) | the olt app's `UNI_ADDED` / `UNI_REMOVED` (`Olt.java:901, 933`) | `timestamp`, `status` (`activated` / `disabled`), `serialNumber` (the UNI port name), `portNumber`, `deviceId`, `oltSerialNumber` (`:103-121`) | `ONOS_UNI_ADDED`, `ONOS_UNI_REMOVED` |
/// | `authentication.events` (`AaaKafkaIntegration.java:97`) | the aaa app's `AuthenticationEvent` | `timestamp`, `deviceId`, `portNumber`, `serialNumber`, `authenticationState` (`:231-242`) | `ONOS_AUTH_<STATE>` (`STARTED`, `REQUESTED`, `APPROVED`, `DENIED`, `TIMEOUT`) |
/// | `dhcp.events` (`DhcpL2RelayKafkaIntegration.java:65`) | dhcpl2relay's `UPDATED` / `REMOVED` per relayed packet (`DhcpL2Relay.java:845, 960`) | `type`, `timestamp`, `deviceId`, `portNumber`, `serialNumber`, `messageType`, `macAddress`, `ipAddress` (`:127-143`) | `ONOS_DHCP_<MESSAGE>` (`ONOS_DHCP_ACK` for `DHCPACK` …), `ONOS_DHCP_REMOVED` for `type: REMOVED` |
///
/// File references are to opencord/kafka-onos `src/main/java/org/opencord/kafka/integrations/`,
/// opencord/olt `impl/src/main/java/org/opencord/olt/impl/`, opencord/dhcpl2relay
/// `app/src/main/java/org/opencord/dhcpl2relay/impl/`.
public enum ONOSEventFamily: String, Sendable, Hashable, CaseIterable {
    /// `onu.events`: a UNI port added or removed by the olt app.
    case uni
    /// `authentication.events`: an 802.1X state of the aaa app.
    case authentication
    /// `dhcp.events`: a DHCP packet relayed by dhcpl2relay.
    case dhcp

    /// kafka-onos's topic for the family (`TOPIC` in each integration).
    public var defaultTopic: String {
        switch self {
        case .uni: "onu.events"
        case .authentication: "authentication.events"
        case .dhcp: "dhcp.events"
        }
    }

    /// The family a topic name says, by kafka-onos's default names; nil for another name.
    public init?(topic: String) {
        guard let family = Self.allCases.first(where: { $0.defaultTopic == topic }) else { return nil }
        self = family
    }

    /// The event's `subCategory`.
    var subCategory: String {
        switch self {
        case .uni: "UNI"
        case .authentication: "AAA"
        case .dhcp: "DHCP"
        }
    }
}

extension PONEvent {
    /// The category of every ONOS event.
    public static let onosCategory = "ONOS"

    /// Whether the event came from ONOS (kafka-onos JSON), not from VOLTHA.
    public var isONOS: Bool { kind == .onos }

    /// For an ONOS event: the UNI port's name as ONOS knows it (`BBSM00000001-1`, the port
    /// annotation `portName` kafka-onos sends as `serialNumber`).
    public var onosPortName: String? { isONOS ? Self.nonEmpty(context["serialNumber"]) : nil }

    /// For an ONOS event: the OLT's OpenFlow device id (`of:00000a0a0a0a0a00`). This is ONOS's id of
    /// the logical device, not VOLTHA's device id of the OLT (``oltDeviceID``).
    public var onosDeviceID: String? { isONOS ? Self.nonEmpty(context["deviceId"]) : nil }

    /// For an ONOS event: the OpenFlow port number of the UNI.
    public var onosPortNumber: UInt32? { isONOS ? context["portNumber"].flatMap { UInt32($0) } : nil }

    /// For an ONOS event: the UNI number in the port name (`1` of `BBSM00000001-1`), the operator's
    /// number as in ``uni``.
    public var onosUNI: UInt32? { onosPortName.flatMap { ONOSEventDecoder.splitPortName($0).uni } }

    /// For an ONOS DHCP event: the client's MAC address (`macAddress`).
    public var onosMACAddress: String? {
        isONOS ? Self.nonEmpty(context["macAddress"]) : nil
    }

    /// For an ONOS DHCP event: the IP address (`ipAddress`): the one the server assigned
    /// (`yiaddr`) on a `DHCPACK` relayed to the client (dhcpl2relay `DhcpL2Relay.java:945-961`);
    /// `0.0.0.0` on the client's own packets before it has one.
    public var onosIPAddress: String? {
        isONOS ? Self.nonEmpty(context["ipAddress"]) : nil
    }

    private static func nonEmpty(_ text: String?) -> String? {
        guard let text, !text.isEmpty else { return nil }
        return text
    }
}

extension ONOSEventDecoder {
    /// Whether `name` is the name of an ONOS event (`ONOS_…`, as this decoder names them).
    public static func isONOSName(_ name: String) -> Bool { name.hasPrefix("ONOS_") }
}
