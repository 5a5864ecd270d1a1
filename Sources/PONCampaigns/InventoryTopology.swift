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

    /// An index of `inventory` (one entry per ONU serial, ``current(_:)``; linear in its size).
    public init(inventory: [OnuInventoryEntry], correlation: CorrelationSettings = CorrelationSettings()) {
        self.init(
            onus: Self.current(inventory).map {
                (serial: $0.serialNumber, placement: PONPlacement(olt: $0.oltID, pon: String($0.ponInterface)))
            },
            correlation: correlation
        )
    }

    /// One entry per ONU serial, in inventory order. VOLTHA can list a serial twice: an ONU moved
    /// to another PON or OLT ranges there as a new device while its old one stays, UNREACHABLE,
    /// until someone deletes it. The entry kept is the one in service (ACTIVE and REACHABLE), else
    /// the one reachable; when no single entry is best and the best ones are on different PONs, the
    /// serial is left out (its CPEs are not placed, and the run says how many it could not place),
    /// never placed on whichever was listed first. Linear in the inventory's size.
    public static func current(_ inventory: [OnuInventoryEntry]) -> [OnuInventoryEntry] {
        func rank(_ onu: OnuInventoryEntry) -> Int {
            (onu.connectStatus == .reachable ? 2 : 0) + (onu.operStatus == .active ? 1 : 0)
        }
        var best: [String: (index: Int, rank: Int, ambiguous: Bool)] = [:]
        best.reserveCapacity(inventory.count)
        for (index, onu) in inventory.enumerated() {
            let key = GPONSerial.canonical(onu.serialNumber)
            guard let held = best[key] else {
                best[key] = (index, rank(onu), false)
                continue
            }
            let heldOnu = inventory[held.index]
            let samePlace = heldOnu.oltID == onu.oltID && heldOnu.ponInterface == onu.ponInterface
            if rank(onu) > held.rank {
                best[key] = (index, rank(onu), false)
            } else if rank(onu) == held.rank, !samePlace {
                best[key]?.ambiguous = true
            }
        }
        let kept = Set(best.values.filter { !$0.ambiguous }.map(\.index))
        return inventory.indices.filter { kept.contains($0) }.map { inventory[$0] }
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
