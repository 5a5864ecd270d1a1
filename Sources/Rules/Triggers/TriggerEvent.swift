/// The PON events a trigger rule can react to (`on: voltha.onu_activated`), in Ferrule's vocabulary.
///
/// Which VOLTHA events map to which trigger is decided once, by the PONTriggers module (docs/triggers.md
/// lists the sources): `ONU_DISCOVERY_RAISE_EVENT` is `onu_discovered`, `ONU_ACTIVATED_RAISE_EVENT` or a
/// state change of an ONU to ACTIVE/REACHABLE/ENABLED is `onu_activated`, and so on.
public enum TriggerEvent: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// The openolt adapter created the ONU device (`ONU_DISCOVERY_RAISE_EVENT`, once per device lifetime).
    case onuDiscovered = "onu_discovered"
    /// The ONU is in service (`ONU_ACTIVATED_RAISE_EVENT`, or a state change to ACTIVE/REACHABLE/ENABLED).
    case onuActivated = "onu_activated"
    /// The data path is ready: the ONU's device reason became `omci-flows-pushed` (`SERVICE_READY`,
    /// derived by `ferrule events run --voltha`'s reconciliation; VOLTHA publishes no such event).
    case serviceReady = "service_ready"
    /// Loss of signal raised (`ONU_LOSS_OF_SIGNAL_RAISE_EVENT`; the OLT's `OLT_LOSS_OF_SIGNAL` is a PON down).
    case signalLost = "signal_lost"
    /// Dying gasp raised, from either source (`ONU_DYING_GASP_RAISE_EVENT`).
    case powerLost = "power_lost"
    /// The matching clear, or a state change back to ACTIVE/REACHABLE.
    case recovered
    /// A PON port went down (`OLT_PON_INTERFACE_DOWN_RAISE_EVENT`).
    case ponDown = "pon_down"
    /// A PON port came back (`OLT_PON_INTERFACE_DOWN_CLEAR_EVENT`).
    case ponUp = "pon_up"
    /// ONU configuration failed (`ONU_CONFIG_FAILED`, `ONU_*_FAILED` with an `error-code`).
    case configFailed = "config_failed"
    /// Any other alarm raised or cleared (optical levels, temperature, `ONU_Ethernet_UNI` LAN-LOS …):
    /// narrow it with the `alarm` condition.
    case alarm
    // ONOS's events (kafka-onos JSON, docs/triggers.md "ONOS triggers"): named with their own
    // namespace, which the raw value carries.
    /// The olt app added a UNI port (`onu.events`, status `activated`).
    case onosUNIAdded = "onos.uni_added"
    /// The olt app removed a UNI port (`onu.events`, status `disabled`).
    case onosUNIRemoved = "onos.uni_removed"
    /// The aaa app saw 802.1X start on the UNI (`authentication.events`, `STARTED`).
    case onosAuthStarted = "onos.auth_started"
    /// The subscriber authenticated (`authentication.events`, `APPROVED`).
    case onosAuthenticated = "onos.authenticated"
    /// Authentication was denied (`DENIED`).
    case onosAuthDenied = "onos.auth_denied"
    /// Authentication timed out (`TIMEOUT`).
    case onosAuthTimeout = "onos.auth_timeout"
    /// The RG got an IP address: dhcpl2relay relayed the server's `DHCPACK` (`dhcp.events`).
    case onosDHCPAcked = "onos.dhcp_acked"
    /// The DHCP server refused the client (`DHCPNAK`).
    case onosDHCPNak = "onos.dhcp_nak"
    /// The client released its address (`DHCPRELEASE`).
    case onosDHCPReleased = "onos.dhcp_released"

    /// The prefix VOLTHA's trigger names carry in rule files.
    public static let namespace = "voltha."
    /// The prefix ONOS's trigger names carry.
    public static let onosNamespace = "onos."

    /// Whether the trigger is one of ONOS's events (`onos.*`).
    public var isONOS: Bool { rawValue.hasPrefix(Self.onosNamespace) }

    /// `voltha.onu_activated`, `onos.dhcp_acked`.
    public var qualifiedName: String { isONOS ? rawValue : Self.namespace + rawValue }

    /// Reads `voltha.onu_activated` (or the bare `onu_activated`) and `onos.dhcp_acked`.
    public init?(name: String) {
        if name.hasPrefix(Self.onosNamespace) {
            self.init(rawValue: name)
            return
        }
        let bare = name.hasPrefix(Self.namespace) ? String(name.dropFirst(Self.namespace.count)) : name
        guard !bare.contains(".") else { return nil }
        self.init(rawValue: bare)
    }

    /// Whether events of this trigger name one ONU (and so a CPE behind it). PON port events do not.
    public var concernsONU: Bool { self != .ponDown && self != .ponUp }

    /// Whether events of this trigger carry the ONU's equipment id and software versions
    /// (only `ONU_ACTIVATED` does, voltha-openonu-adapter-go `internal/pkg/core/device_handler.go`).
    public var carriesInventory: Bool { self == .onuActivated }

    /// Whether events of this trigger carry a MAC and an IP address (ONOS's DHCP events only).
    public var carriesAddresses: Bool { self == .onosDHCPAcked || self == .onosDHCPNak || self == .onosDHCPReleased }

    public static func < (a: Self, b: Self) -> Bool {
        (allCases.firstIndex(of: a) ?? 0) < (allCases.firstIndex(of: b) ?? 0)
    }
}
