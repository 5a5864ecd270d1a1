public import Campaigns
import PONEvents
import PONTriggers
public import Rules
public import VOLTHA

/// The PON placement of GenieACS devices from VOLTHA's ONU inventory (`ListDevices` and each
/// OLT's `ListDevicePorts`, ``VolthaClient/onuInventory(olt:)``), joined on the serial number as
/// ``CPECorrelator`` does: the CPE's TR-069 SerialNumber is one of the forms
/// ``CPECorrelator/serialCandidates(_:_:)`` lists for the ONU's vendor (the GPON serial
/// `HWTC1A2B3C4D`, or its vendor letters hex-encoded, `485754431A2B3C4D`, in either case).
///
/// The SerialNumber is read from the GenieACS device id, `<OUI>-<ProductClass>-<SerialNumber>`
/// with `-` and `%` percent-escaped in each part (GenieACS 1.2.16 lib/util.ts:3-27,
/// `generateDeviceId`), so no NBI query per device is needed: a GPON serial has only letters
/// and digits, which the id keeps unescaped. A CPE correlated only by a parameter path, or whose
/// ONU is not in the inventory, has no placement: campaigns neither cap nor hold it (and
/// `ferrule campaign run` says how many of its devices it could not place).
public struct InventoryTopology: ONUDirectory {
    /// Serial form → the ONU's entry (its device id left empty: the CPE's id is the caller's).
    private let bySerial: [String: TopologyEntry]
    /// ONUs indexed.
    public let onuCount: Int

    /// An index of `inventory` (one entry per ONU; linear in its size).
    public init(inventory: [OnuInventoryEntry], correlation: CorrelationSettings = CorrelationSettings()) {
        self.init(
            onus: inventory.map {
                (serial: $0.serialNumber, placement: PONPlacement(olt: $0.oltID, pon: String($0.ponInterface)))
            },
            correlation: correlation
        )
    }

    /// An index of ONUs given by serial and placement.
    public init(
        onus: [(serial: String, placement: PONPlacement)],
        correlation: CorrelationSettings = CorrelationSettings()
    ) {
        var index: [String: TopologyEntry] = [:]
        index.reserveCapacity(onus.count * 2)
        for onu in onus where !onu.serial.isEmpty && onu.serial.utf8.count <= 64 {
            let entry = TopologyEntry(deviceID: "", placement: onu.placement, onuSerial: onu.serial)
            let strategy = correlation.strategy(forVendor: GPONSerial.vendor(onu.serial))
            for form in CPECorrelator.serialCandidates(onu.serial, strategy) { index[form] = entry }
        }
        bySerial = index
        onuCount = onus.count
    }

    public func placements(of deviceIDs: [String]) async throws -> [String: PONPlacement] {
        var out: [String: PONPlacement] = [:]
        for id in deviceIDs { if let hit = lookup(id) { out[id] = hit.placement } }
        return out
    }

    public func onuSerial(ofDevice deviceID: String) -> String? { lookup(deviceID)?.onuSerial }

    private func lookup(_ deviceID: String) -> TopologyEntry? {
        guard let dash = deviceID.lastIndex(of: "-") else { return nil }
        let serial = deviceID[deviceID.index(after: dash)...]
        guard !serial.isEmpty, serial.utf8.count <= 64, !serial.contains("%") else { return nil }
        return bySerial[String(serial)]
    }
}
