import Foundation
import Testing

@testable import PONEvents
@testable import VOLTHA

/// What a reconciliation with VOLTHA's inventory derives, and that a second pass over the state
/// the first one recorded derives nothing.
@Suite("PON reconciliation with ListDevices")
struct PONReconciliationTests {
    static func onu(
        _ serial: String,
        oper: OperStatus = .active,
        connect: ConnectStatus = .reachable,
        admin: AdminState = .enabled,
        reason: String = "initial-mib-downloaded",
        olt: (AdminState, OperStatus, ConnectStatus) = (.enabled, .active, .reachable)
    ) -> OnuInventoryEntry {
        OnuInventoryEntry(
            deviceID: "onu-" + serial,
            serialNumber: serial,
            vendorID: String(serial.prefix(4)),
            vendorSpecific: String(serial.dropFirst(4)),
            oltID: "olt-1",
            oltSerialNumber: "OLT-SERIAL",
            ponInterface: 3,
            ponLabel: "pon-3",
            onuID: 7,
            adminState: admin,
            operStatus: oper,
            connectStatus: connect,
            reason: reason,
            activeSoftware: "V1",
            standbySoftware: "V0",
            oltAdminState: olt.0,
            oltOperStatus: olt.1,
            oltConnectStatus: olt.2
        )
    }

    static let at = Date(timeIntervalSince1970: 1_800_000_100)

    @Test("an ACTIVE ONU the store never saw activated gets an activation, normalised as VOLTHA's would be")
    func missedActivation() throws {
        let events = PONReconciliation.derive(inventory: [Self.onu("HWTC00000001")], known: [:], at: Self.at)
        let event = try #require(events.first)
        #expect(events.count == 1)
        #expect(event.name == "ONU_ACTIVATED_RAISE_EVENT" && event.kind == .onuActivated)
        #expect(event.onuSerial == "HWTC00000001" && event.onuDeviceID == "onu-HWTC00000001")
        #expect(event.oltDeviceID == "olt-1" && event.ponInterface == 3 && event.onuNumber == 7)
        #expect(event.context["vendor-id"] == "HWTC" && event.context["software-version"] == "V1")
        #expect(event.context[PONReconciliation.marker] == "true")
        #expect(event.headerID.hasPrefix(PONReconciliation.headerPrefix + "ONU_ACTIVATED.onu-HWTC00000001."))
        #expect(event.raisedAt == Self.at && event.category == "EQUIPMENT" && event.subCategory == "PON")
    }

    @Test("activations(…) names exactly the ONUs derive gives an ONU_ACTIVATED, whose software the caller reads")
    func activationsAreThoseDerived() {
        let inventory = [
            Self.onu("A"), Self.onu("B"), Self.onu("C", oper: .activating), Self.onu("D", admin: .disabled),
            Self.onu("E", oper: .discovered, connect: .unreachable),
        ]
        let known = ["B": ONULifecycle(lastActivation: 5), "E": ONULifecycle(lastActivation: 5)]
        let activating = PONReconciliation.activations(inventory: inventory, known: known)
        #expect(activating.map(\.serialNumber) == ["A"])
        let derived = PONReconciliation.derive(inventory: inventory, known: known, at: Self.at)
        #expect(derived.filter { $0.kind == .onuActivated }.compactMap(\.onuSerial) == ["A"])
        // With the versions read (here: none), the event carries what was read, empty included.
        var unread = Self.onu("A")
        unread.activeSoftware = ""
        unread.standbySoftware = ""
        let event = PONReconciliation.derive(inventory: [unread], known: [:], at: Self.at).first
        #expect(event?.context["software-version"] == "" && event?.context["inactive-software-version"] == "")
    }

    @Test("up again with an active loss alarm: its clear, and an activation when none came since the loss")
    func missedClear() throws {
        let known = ["A": ONULifecycle(lastActivation: 1, lastLoss: 2, activeLossAlarms: ["ONU_LOSS_OF_SIGNAL"])]
        let events = PONReconciliation.derive(inventory: [Self.onu("A")], known: known, at: Self.at)
        #expect(events.map(\.name) == ["ONU_LOSS_OF_SIGNAL_CLEAR_EVENT", "ONU_ACTIVATED_RAISE_EVENT"])
        #expect(events[0].kind == .signalLost && events[0].phase == .clear && events[0].resourceID == "olt-1")
        let settled = ["A": ONULifecycle(lastActivation: 3, lastLoss: 2)]
        #expect(PONReconciliation.derive(inventory: [Self.onu("A")], known: settled, at: Self.at).isEmpty)
    }

    @Test("UNREACHABLE while the store believes it up: a loss of signal; already lost, disabled or never up: nothing")
    func missedLoss() {
        let up = ONULifecycle(lastActivation: 5)
        let down = Self.onu("A", oper: .discovered, connect: .unreachable)
        let raised = PONReconciliation.derive(inventory: [down], known: ["A": up], at: Self.at)
        #expect(raised.map(\.name) == ["ONU_LOSS_OF_SIGNAL_RAISE_EVENT"])
        #expect(raised.first?.kind == .signalLost && raised.first?.phase == .raise)
        let lost = ONULifecycle(lastActivation: 5, lastLoss: 6, activeLossAlarms: ["ONU_LOSS_OF_SIGNAL"])
        #expect(PONReconciliation.derive(inventory: [down], known: ["A": lost], at: Self.at).isEmpty)
        let disabled = Self.onu("A", oper: .unknown, connect: .unreachable, admin: .disabled)
        #expect(PONReconciliation.derive(inventory: [disabled], known: ["A": up], at: Self.at).isEmpty)
        #expect(PONReconciliation.derive(inventory: [down], known: [:], at: Self.at).isEmpty)
        let comingUp = Self.onu("A", oper: .activating)
        #expect(PONReconciliation.derive(inventory: [comingUp], known: [:], at: Self.at).isEmpty)
    }

    @Test(
        "an ONU UNREACHABLE because its OLT is not in service gets no loss of signal: VOLTHA sends none",
        arguments: [
            (AdminState.disabled, OperStatus.unknown, ConnectStatus.reachable),  // DisableDevice
            (.enabled, .unknown, .unreachable),  // heartbeat lost
            (.enabled, .unknown, .reachable),  // the agent reported the OLT down
            (.enabled, .rebooted, .reachable),  // rebooted
            (.unknown, .unknown, .unknown),  // not in the listing
        ]
    )
    func oltNotInService(_ admin: AdminState, _ oper: OperStatus, _ connect: ConnectStatus) {
        let up = ONULifecycle(lastActivation: 5)
        let down = Self.onu("A", oper: .discovered, connect: .unreachable, olt: (admin, oper, connect))
        #expect(PONReconciliation.derive(inventory: [down], known: ["A": up], at: Self.at).isEmpty)
        // The same ONU under an OLT in service: its loss was missed.
        let lost = PONReconciliation.derive(
            inventory: [Self.onu("A", oper: .discovered, connect: .unreachable)],
            known: ["A": up],
            at: Self.at
        )
        #expect(lost.map(\.name) == ["ONU_LOSS_OF_SIGNAL_RAISE_EVENT"])
    }

    @Test(
        "an ONU UNREACHABLE on a PON port the operator disabled gets no loss of signal; on a port down by itself it does",
        arguments: [(AdminState.disabled, false), (.enabled, true), (.unknown, true)]
    )
    func ponPortDisabled(_ port: AdminState, _ derivesLoss: Bool) {
        var down = Self.onu("A", oper: .discovered, connect: .unreachable)
        down.ponAdminState = port
        let derived = PONReconciliation.derive(
            inventory: [down],
            known: ["A": ONULifecycle(lastActivation: 5)],
            at: Self.at
        )
        #expect(derived.map(\.name) == (derivesLoss ? ["ONU_LOSS_OF_SIGNAL_RAISE_EVENT"] : []))
    }

    @Test("the inventory carries each ONU's PON port admin state from ListDevicePorts (unknown when not listed)")
    func inventoryCarriesPONPortState() {
        var olt = Device(id: "olt-1")
        olt.isRoot = true
        var disabled = DevicePort(number: 536_870_912, label: "pon-0", type: .ponOLT, deviceID: "olt-1")
        disabled.adminState = .disabled
        var onu = Device(id: "onu-1")
        onu.parentID = "olt-1"
        onu.parentPortNumber = 536_870_912
        onu.serialNumber = "ALCL78de45b1"
        var other = onu
        other.id = "onu-2"
        other.parentPortNumber = 536_870_913
        let entries = OnuInventory.build(devices: [olt, onu, other], oltPorts: ["olt-1": [disabled]])
        #expect(entries.map(\.ponAdminState) == [.disabled, .unknown])
        #expect(entries.map(\.ponDisabled) == [true, false])
    }

    @Test("the inventory carries each ONU's OLT states from ListDevices")
    func inventoryCarriesOLTStates() {
        var olt = Device(id: "olt-1")
        olt.isRoot = true
        olt.adminState = .disabled
        olt.operStatus = .unknown
        olt.connectStatus = .reachable
        var onu = Device(id: "onu-1")
        onu.parentID = "olt-1"
        onu.serialNumber = "ALCL78de45b1"
        var orphan = Device(id: "onu-2")
        orphan.parentID = "olt-9"
        orphan.serialNumber = "ALCL78de45b2"
        let entries = OnuInventory.build(devices: [olt, onu, orphan], oltPorts: [:])
        #expect(entries.map(\.oltAdminState) == [.disabled, .unknown])
        #expect(entries.map(\.oltInService) == [false, false])
    }

    @Test(
        "reason omci-flows-pushed derives SERVICE_READY once per time in service, and again after a pass saw it not ready"
    )
    func serviceReady() throws {
        let ready = Self.onu("A", reason: "omci-flows-pushed")
        let activated = ONULifecycle(lastActivation: 5)
        let events = PONReconciliation.derive(inventory: [ready], known: ["A": activated], at: Self.at)
        let event = try #require(events.first)
        #expect(events.count == 1 && event.name == "SERVICE_READY")
        #expect(event.context["reason"] == "omci-flows-pushed" && event.context[PONReconciliation.marker] == "true")
        #expect(event.onuSerial == "A" && event.onuDeviceID == "onu-A" && event.oltDeviceID == "olt-1")
        #expect(event.headerID.hasPrefix(PONReconciliation.headerPrefix + "SERVICE_READY.onu-A."))
        // Never seen activated: the activation, then service ready.
        #expect(
            PONReconciliation.derive(inventory: [ready], known: [:], at: Self.at).map(\.name)
                == ["ONU_ACTIVATED_RAISE_EVENT", "SERVICE_READY"]
        )
        // Already recorded since the activation: nothing; unless a pass of this process saw it not ready.
        let done = ONULifecycle(lastActivation: 5, lastServiceReady: 6)
        #expect(PONReconciliation.derive(inventory: [ready], known: ["A": done], at: Self.at).isEmpty)
        let repushed = PONReconciliation.derive(
            inventory: [ready],
            known: ["A": done],
            notReadyBefore: ["A"],
            at: Self.at
        )
        #expect(repushed.map(\.name) == ["SERVICE_READY"])
        // VOLTHA's late activation is the same time in service; a loss since is a new one.
        let late = ONULifecycle(lastActivation: 7, lastServiceReady: 6)
        #expect(PONReconciliation.derive(inventory: [ready], known: ["A": late], at: Self.at).isEmpty)
        let again = ONULifecycle(lastActivation: 8, lastLoss: 7, lastServiceReady: 6)
        #expect(
            PONReconciliation.derive(inventory: [ready], known: ["A": again], at: Self.at).map(\.name) == [
                "SERVICE_READY"
            ]
        )
        // Not pushed yet, or not up: nothing, and the pass remembers who was not ready.
        let waiting = Self.onu("B")
        #expect(PONReconciliation.derive(inventory: [waiting], known: ["B": activated], at: Self.at).isEmpty)
        let disabled = Self.onu("D", admin: .disabled)
        #expect(
            PONReconciliation.notReady([ready, waiting, Self.onu("C", connect: .unreachable), disabled]) == ["B", "C"]
        )
    }

    @Test("a recorded SERVICE_READY is what the store's lifecycle reports: a restart derives it no more")
    func serviceReadyRecorded() async throws {
        let store = try EventStoreFixtures.store()
        let inventory = [Self.onu("A", reason: "omci-flows-pushed")]
        let first = PONReconciliation.derive(inventory: inventory, known: [:], at: Self.at)
        for (index, event) in first.enumerated() {
            try await store.record(event, source: .reconcile(voltha: "v:1", pass: 1, index: Int64(index)))
        }
        let known = try await store.onuLifecycles(serials: ["A"])
        #expect(known["A"]?.lastServiceReady != nil && known["A"]?.serviceReadySinceLoss == true)
        #expect(PONReconciliation.derive(inventory: inventory, known: known, at: Self.at).isEmpty)
    }

    @Test("recorded derived events leave a store a second pass derives nothing from")
    func idempotent() async throws {
        let store = try EventStoreFixtures.store()
        let inventory = [Self.onu("A"), Self.onu("B", oper: .discovered, connect: .unreachable), Self.onu("C")]
        // B was up and C lost its signal, as Kafka told; A's activation never arrived.
        try await store.record(
            EventStoreFixtures.activated(serial: "B", device: "onu-B", at: 1),
            source: .kafka(topic: "voltha.events", partition: 0, offset: 0)
        )
        try await store.record(
            EventStoreFixtures.activated(serial: "C", device: "onu-C", at: 2),
            source: .kafka(topic: "voltha.events", partition: 0, offset: 1)
        )
        try await store.record(
            EventStoreFixtures.onuAlarm(.raise, serial: "C", at: 3),
            source: .kafka(topic: "voltha.events", partition: 0, offset: 2)
        )
        let known = try await store.onuLifecycles(serials: inventory.map(\.serialNumber))
        #expect(known["A"] == nil && known["B"]?.activatedSinceLoss == true)
        #expect(known["C"]?.activeLossAlarms == ["ONU_LOSS_OF_SIGNAL"] && known["C"]?.activatedSinceLoss == false)
        let first = PONReconciliation.derive(inventory: inventory, known: known, at: Self.at)
        #expect(
            first.map { "\($0.onuSerial ?? "") \($0.name)" } == [
                "A ONU_ACTIVATED_RAISE_EVENT", "B ONU_LOSS_OF_SIGNAL_RAISE_EVENT", "C ONU_LOSS_OF_SIGNAL_CLEAR_EVENT",
                "C ONU_ACTIVATED_RAISE_EVENT",
            ]
        )
        for (index, event) in first.enumerated() {
            let outcome = try await store.record(event, source: .reconcile(voltha: "v:1", pass: 9, index: Int64(index)))
            #expect(!outcome.isDuplicate)
        }
        let after = try await store.onuLifecycles(serials: inventory.map(\.serialNumber))
        #expect(after["A"]?.lastActivationDerived == true && after["C"]?.activeLossAlarms == [])
        #expect(PONReconciliation.derive(inventory: inventory, known: after, at: Self.at).isEmpty)
        let stored = try await store.events(EventQuery(limit: 1, oldestFirst: false))
        #expect(stored.events.first?.source == .reconcile(voltha: "v:1", pass: 9, index: 3))
    }
}
