public import PONEvents
public import Rules

/// From an ONOS event (``PONEventKind/onos``, ``ONOSEventDecoder``) to its `onos.*` trigger and
/// the facts only ONOS events carry.
///
/// | trigger | ONOS event | kafka-onos |
/// |---|---|---|
/// | `onos.uni_added` | `ONOS_UNI_ADDED` (`onu.events`, `status: activated`: the olt app's `UNI_ADDED`, a UNI port enabled) | `AccessDeviceKafkaIntegration.java:129-135` |
/// | `onos.uni_removed` | `ONOS_UNI_REMOVED` (`status: disabled`: `UNI_REMOVED`, the port disabled or removed) | same |
/// | `onos.auth_started` | `ONOS_AUTH_STARTED` (`authenticationState: STARTED`) | `AaaKafkaIntegration.java:231-242` |
/// | `onos.authenticated` | `ONOS_AUTH_APPROVED` | same |
/// | `onos.auth_denied` | `ONOS_AUTH_DENIED` | same |
/// | `onos.auth_timeout` | `ONOS_AUTH_TIMEOUT` | same |
/// | `onos.dhcp_acked` | `ONOS_DHCP_ACK` (`messageType: DHCPACK`, `type: UPDATED`: the server's ACK relayed to the client, `ipAddress` its new address) | `DhcpL2RelayKafkaIntegration.java:127-143` |
/// | `onos.dhcp_nak` | `ONOS_DHCP_NAK` | same |
/// | `onos.dhcp_released` | `ONOS_DHCP_RELEASE` | same |
///
/// Everything else (`ONOS_AUTH_REQUESTED`, `ONOS_DHCP_DISCOVER` / `_OFFER` / `_REQUEST`,
/// `ONOS_DHCP_REMOVED`, unknown statuses) is recorded and triggers nothing.
public enum ONOSTriggerMapping {
    /// The trigger of each ONOS event name that has one.
    static let byName: [String: [TriggerEvent]] = [
        "ONOS_UNI_ADDED": [.onosUNIAdded],
        "ONOS_UNI_REMOVED": [.onosUNIRemoved],
        "ONOS_AUTH_STARTED": [.onosAuthStarted],
        "ONOS_AUTH_APPROVED": [.onosAuthenticated],
        "ONOS_AUTH_DENIED": [.onosAuthDenied],
        "ONOS_AUTH_TIMEOUT": [.onosAuthTimeout],
        "ONOS_DHCP_ACK": [.onosDHCPAcked],
        "ONOS_DHCP_NAK": [.onosDHCPNak],
        "ONOS_DHCP_RELEASE": [.onosDHCPReleased],
    ]

    /// The triggers an ONOS event fires (none or one).
    public static func triggers(for event: PONEvent) -> [TriggerEvent] {
        byName[event.name] ?? []
    }

    /// `facts` with what the event says of its UNI and, for ONOS events, its OpenFlow port and
    /// addresses.
    static func adding(_ event: PONEvent, to facts: TriggerFacts) -> TriggerFacts {
        var facts = facts
        guard event.isONOS else {
            facts.uni = event.uni
            return facts
        }
        facts.uni = event.onosUNI
        facts.uniPort = event.onosPortName
        facts.ofDevice = event.onosDeviceID
        facts.ofPort = event.onosPortNumber
        facts.macAddress = event.onosMACAddress
        facts.ipAddress = event.onosIPAddress
        return facts
    }
}
