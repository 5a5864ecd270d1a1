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
        admin: AdminState = .enabled
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
            reason: "initial-mib-downloaded",
            activeSoftware: "V1",
            standbySoftware: "V0"
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
