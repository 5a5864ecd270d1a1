import PONEvents
import PONTriggers
import Rules
import Testing

@Suite("PON events map to the rule language's triggers")
struct TriggerMappingTests {
    static let table: [(String, PONEventKind, [TriggerEvent])] = [
        ("ONU_DISCOVERY_RAISE_EVENT", .onuDiscovered, [.onuDiscovered]),
        ("ONU_ACTIVATED_RAISE_EVENT", .onuActivated, [.onuActivated]),
        ("ONU_LOSS_OF_SIGNAL_RAISE_EVENT", .signalLost, [.signalLost]),
        ("OLT_LOSS_OF_SIGNAL_RAISE_EVENT", .ponDown, [.ponDown]),
        ("OLT_LOSS_OF_SIGNAL_CLEAR_EVENT", .ponDown, [.ponUp]),
        ("ONU_LOSS_OF_SIGNAL_CLEAR_EVENT", .signalLost, [.recovered]),
        ("ONU_DYING_GASP_RAISE_EVENT", .powerLost, [.powerLost]),
        ("ONU_DYING_GASP_EVENT", .powerLost, [.powerLost]),
        ("ONU_DYING_GASP_CLEAR_EVENT", .powerLost, [.recovered]),
        ("OLT_PON_INTERFACE_DOWN_RAISE_EVENT", .ponDown, [.ponDown]),
        ("OLT_PON_INTERFACE_DOWN_CLEAR_EVENT", .ponDown, [.ponUp]),
        ("ONU_CONFIG_FAILED", .configFailed, [.configFailed]),
        ("ONU_ACTIVATION_FAIL", .configFailed, [.configFailed]),
        ("ONU_Ethernet_UNI_RAISE_EVENT", .alarm, [.alarm]),
        ("ONU_TEMP_RED_CLEAR_EVENT", .alarm, [.alarm]),
        ("OLT_DOWN_INDICATION_RAISE_EVENT", .oltDown, []),
        ("ONU_DELETED_RAISE_EVENT", .deviceDeleted, []),
        ("STATS_PUBLISH_EVENT", .kpi, []),
        ("RPC_ERROR_RAISE_EVENT", .rpcError, []),
        ("SOMETHING_NEW_RAISE_EVENT", .unknown, []),
    ]

    @Test("each event name and phase maps to its trigger (voltha.md §9); OLT-wide, KPI and unknown events to none")
    func table() {
        for (name, kind, expected) in Self.table {
            #expect(TriggerMapping.triggers(for: Events.onu(name, kind)) == expected, "\(name)")
        }
    }

    @Test("an ONU's state change to ACTIVE/REACHABLE/ENABLED is an activation, or a recovery from UNREACHABLE")
    func stateChanges() {
        let up = ["oper-state": "ACTIVE", "connect-state": "REACHABLE", "admin-state": "ENABLED"]
        let fromActivating = up.merging(["prev-oper-state": "ACTIVATING", "prev-connect-state": "REACHABLE"]) { $1 }
        #expect(TriggerMapping.triggers(for: Events.stateChange(fromActivating)) == [.onuActivated])
        let fromUnreachable = up.merging([
            "prev-oper-state": "ACTIVE", "prev-connect-state": "UNREACHABLE", "prev-admin-state": "ENABLED",
        ]) { $1 }
        #expect(TriggerMapping.triggers(for: Events.stateChange(fromUnreachable)) == [.recovered])
        let unchanged = up.merging([
            "prev-oper-state": "ACTIVE", "prev-connect-state": "REACHABLE", "prev-admin-state": "ENABLED",
        ]) { $1 }
        #expect(TriggerMapping.triggers(for: Events.stateChange(unchanged)).isEmpty)
        let down = up.merging(["connect-state": "UNREACHABLE"]) { $1 }
        #expect(TriggerMapping.triggers(for: Events.stateChange(down)).isEmpty)
        let olt = up.merging(["is-root": "true", "prev-oper-state": "ACTIVATING"]) { $1 }
        #expect(TriggerMapping.triggers(for: Events.stateChange(olt)).isEmpty, "the OLT itself is a root device")
    }

    @Test("service ready comes from the device reason omci-flows-pushed or a SERVICE_READY event")
    func serviceReady() {
        #expect(
            TriggerMapping.triggers(
                for: Events.stateChange(["reason": "omci-flows-pushed", "oper-state": "ACTIVE"])
            ) == [.serviceReady]
        )
        #expect(TriggerMapping.triggers(for: Events.onu("SERVICE_READY", .unknown)) == [.serviceReady])
    }

    @Test("facts: vendor from vendor-id, else the GPON serial's letters; inventory and an ISO raise time")
    func facts() {
        let activated = Events.onu(
            "ONU_ACTIVATED_RAISE_EVENT",
            .onuActivated,
            context: ["vendor-id": "HWTC", "equipment-id": "EG8145V5", "software-version": "V5R020"]
        )
        let f = TriggerMapping.facts(for: activated)
        #expect(f.vendor == "HWTC" && f.equipmentID == "EG8145V5" && f.softwareVersion == "V5R020")
        #expect(f.serial == "HWTC00000001" && f.oltID == "olt-1" && f.ponPort == 3)
        #expect(f.raisedAt == 1_764_927_000_000)
        #expect(f.field("raisedAt", trigger: .onuActivated) == "2025-12-05T09:30:00Z")
        #expect(f.alarm == "ONU_ACTIVATED" && f.phase == "raise")
        let los = TriggerMapping.facts(
            for: Events.onu("ONU_LOSS_OF_SIGNAL_RAISE_EVENT", .signalLost, serial: "ALCLB2C3D4E5")
        )
        #expect(los.vendor == "ALCL")
        let bbsim = TriggerMapping.facts(
            for: Events.onu("ONU_LOSS_OF_SIGNAL_RAISE_EVENT", .signalLost, serial: "not-gpon")
        )
        #expect(bbsim.vendor == nil)
    }

    @Test("the event identity is the same for a re-delivered event and differs between events")
    func identity() {
        let a = Events.onu("ONU_ACTIVATED_RAISE_EVENT", .onuActivated)
        #expect(TriggerMapping.identity(of: a) == TriggerMapping.identity(of: a))
        let b = Events.onu("ONU_ACTIVATED_RAISE_EVENT", .onuActivated, header: "Voltha.openolt.X.1764927000000000001")
        #expect(TriggerMapping.identity(of: a) != TriggerMapping.identity(of: b))
    }
}
