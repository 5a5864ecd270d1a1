extension PONEvent {
    /// The uni id of the UNI an openonu OMCI alarm is about (0-based: the low byte of the UNI
    /// port number in its `onu-intf-id`), or nil when the alarm is about the ONU as a whole. The
    /// alarm store's identities use it (`onu:<serial>/uni-<uniID>`); an operator's UNI number is
    /// ``uni``.
    ///
    /// voltha-openonu-adapter-go keeps an alarm per managed entity (class, instance, alarm number;
    /// `internal/pkg/almgr/alarm_manager.go:72-76`) and sends the same name from several entities:
    /// `ONU_Ethernet_UNI` from each PPTP Ethernet UNI, `ONU_EQUIPMENT`, `ONU_SELF_TEST_FAIL`,
    /// `ONU_TEMP_YELLOW` and `ONU_TEMP_RED` from each circuit pack and from the ONU-G (:141-163).
    /// The event does not carry the class or instance, only the port the instance maps to: a UNI
    /// port number for circuit packs and UNIs, the ONU's PON port for ONU-G and ANI-G
    /// (:715-736, :753). The UNI is therefore what tells these alarms apart on one ONU.
    public var uniID: UInt32? { PONEventIdentity.uni(context: context) }

    /// The UNI an OMCI alarm is about, numbered as the operator sees the UNI port: ``uniID`` + 1,
    /// the number in the port's name `<serial>-<n>` (openonu names a UNI's OpenFlow port
    /// `<serial>-<MacBpNo>` with `MacBpNo = UniID + 1`: voltha-openonu-adapter-go
    /// `internal/pkg/common/onu_uni_port.go:51, 72`), which ONOS, SADIS and `ferrule voltha
    /// provision-onu --uni` use. nil when the alarm is about the ONU as a whole.
    public var uni: UInt32? { PONEventIdentity.uniNumber(uniID: uniID) }

    /// The alarm name, with the UNI when the alarm is about one (``uniID``): what deduplication,
    /// debounce and the alarm store tell apart on one ONU.
    var alarmInstance: String { uniID.map { "\(alarmName)\u{0}uni-\($0)" } ?? alarmName }
}

extension PONAlarm {
    /// The uni id (0-based) of the UNI the alarm is about, from the context of the event that last
    /// raised it (``PONEvent/uniID``); the number in the identity's `/uni-<n>` tail.
    public var uniID: UInt32? { PONEventIdentity.uni(context: context) }

    /// The UNI the alarm is about as the operator numbers it (`<serial>-<n>`, ``PONEvent/uni``).
    public var uni: UInt32? { PONEventIdentity.uniNumber(uniID: uniID) }
}

extension PONEventIdentity {
    /// The operator's number of the UNI with this uni id: `uniID + 1` (voltha-openonu-adapter-go
    /// `internal/pkg/common/onu_uni_port.go:51` `MacBpNo = aUniID + 1`, the `<serial>-<MacBpNo>`
    /// port name of :72). A uni id is one byte of the port number, so the sum does not overflow.
    package static func uniNumber(uniID: UInt32?) -> UInt32? { uniID.map { $0 + 1 } }
}
