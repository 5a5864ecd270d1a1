extension PONEvent {
    /// The UNI of the ONU an openonu OMCI alarm is about (the uni id in its `onu-intf-id` port
    /// number), or nil when the alarm is about the ONU as a whole.
    ///
    /// voltha-openonu-adapter-go keeps an alarm per managed entity (class, instance, alarm number;
    /// `internal/pkg/almgr/alarm_manager.go:72-76`) and sends the same name from several entities:
    /// `ONU_Ethernet_UNI` from each PPTP Ethernet UNI, `ONU_EQUIPMENT`, `ONU_SELF_TEST_FAIL`,
    /// `ONU_TEMP_YELLOW` and `ONU_TEMP_RED` from each circuit pack and from the ONU-G (:141-163).
    /// The event does not carry the class or instance, only the port the instance maps to: a UNI
    /// port number for circuit packs and UNIs, the ONU's PON port for ONU-G and ANI-G
    /// (:715-736, :753). The UNI is therefore what tells these alarms apart on one ONU.
    public var uni: UInt32? { PONEventIdentity.uni(context: context) }

    /// The alarm name, with the UNI when the alarm is about one (``uni``): what deduplication,
    /// debounce and the alarm store tell apart on one ONU.
    var alarmInstance: String { uni.map { "\(alarmName)\u{0}uni-\($0)" } ?? alarmName }
}
