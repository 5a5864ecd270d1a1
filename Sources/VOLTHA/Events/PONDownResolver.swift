public import PONEvents

/// Lists a device's ports: what ``PONDownResolver`` needs of VOLTHA (``VolthaClient`` in
/// production, a fake in tests).
public protocol PONPortLister: Sendable {
    /// The device's ports (`ListDevicePorts`).
    func ports(deviceID: String) async throws -> [DevicePort]
}

extension VolthaClient: PONPortLister {}

/// Finds the PON port an `OLT_PON_INTERFACE_DOWN_*` event is about.
///
/// The openolt adapter sends that event with the port's `oper-state` only, no interface id
/// (voltha-openolt-adapter `internal/pkg/core/openolt_eventmgr.go:660-690`), after setting the
/// port's oper status to `DISCOVERED` (down) or `ACTIVE` (up) in the core
/// (`internal/pkg/core/device_handler.go:422-455`). The resolver lists the OLT's ports and
/// compares them with its previous listing of that OLT: when exactly one enabled PON port moved
/// in the event's direction, that is the port. Otherwise it says which PON ports are down, and
/// leaves ``PONEvent/ponInterface`` empty rather than guess.
///
/// Memory is bounded: the listings of at most `capacity` OLTs are kept, least recently used
/// forgotten first.
public actor PONDownResolver {
    private let lister: any PONPortLister
    private var listings: RecentMap<String, [UInt32: Bool]>

    /// A resolver listing ports through `lister`, remembering `capacity` OLTs.
    public init(lister: any PONPortLister, capacity: Int = 4096) {
        self.lister = lister
        listings = RecentMap(capacity: capacity)
    }

    /// Lists `oltDeviceID`'s ports now, so that the next event on it is compared with this state
    /// (at start-up, and after reconciling with `ListDevices`).
    public func remember(oltDeviceID: String) async throws {
        listings.set(oltDeviceID, Self.ponStates(try await lister.ports(deviceID: oltDeviceID)))
    }

    /// The event with its PON interface filled when one port explains it; other events unchanged.
    ///
    /// - Throws: what the lister throws (VOLTHA unreachable): the event is then unresolved, and the
    ///   caller decides whether to retry.
    public func resolve(_ event: PONEvent) async throws -> PONDownResolution {
        guard event.kind == .ponDown, event.ponInterface == nil, let olt = event.oltDeviceID else {
            return PONDownResolution(event: event, changed: [], down: [], explanation: "nothing to resolve")
        }
        let now = Self.ponStates(try await lister.ports(deviceID: olt))
        let before = listings[olt]
        listings.set(olt, now)
        let goingUp = event.phase == .clear || event.context["oper-state"] == "up"
        let down = now.filter { !$0.value }.keys.sorted()
        let changed: [UInt32]
        if let before {
            changed = now.filter { intf, up in (before[intf].map { $0 != up } ?? false) && up == goingUp }.keys.sorted()
        } else {
            // No earlier listing: a raise can still be explained by the only port that is down.
            changed = goingUp ? [] : down
        }
        var resolved = event
        let explanation: String
        if changed.count == 1, let intf = changed.first {
            resolved.ponInterface = intf
            explanation = "pon-\(intf) is the only PON port that went \(goingUp ? "up" : "down")"
        } else if before == nil && goingUp {
            explanation = "no earlier listing of OLT \(olt) to compare with; PON ports down now: \(Self.labels(down))"
        } else if changed.isEmpty {
            explanation = "no PON port of OLT \(olt) changed state; PON ports down now: \(Self.labels(down))"
        } else {
            explanation =
                "\(changed.count) PON ports changed state (\(Self.labels(changed))); PON ports down now: "
                + Self.labels(down)
        }
        return PONDownResolution(event: resolved, changed: changed, down: down, explanation: explanation)
    }

    /// Enabled OLT PON ports by interface id: up (ACTIVE) or not.
    static func ponStates(_ ports: [DevicePort]) -> [UInt32: Bool] {
        var states: [UInt32: Bool] = [:]
        for port in ports where port.type == .ponOLT && port.adminState != .disabled {
            let intf = PONEventIdentity.ponInterface(fromPortNumber: port.number) ?? port.number
            states[intf] = port.operStatus == .active
        }
        return states
    }

    private static func labels(_ interfaces: [UInt32]) -> String {
        interfaces.isEmpty ? "none" : interfaces.map { "pon-\($0)" }.joined(separator: ", ")
    }
}

/// What ``PONDownResolver`` found for one event.
public struct PONDownResolution: Sendable, Hashable {
    /// The event, with ``PONEvent/ponInterface`` filled when exactly one port explains it.
    public var event: PONEvent
    /// The PON interfaces that moved in the event's direction since the previous listing.
    public var changed: [UInt32]
    /// The enabled PON interfaces that are not ACTIVE now.
    public var down: [UInt32]
    /// Why the event was or was not resolved, for logs.
    public var explanation: String

    /// Whether the PON interface is known.
    public var resolved: Bool { event.ponInterface != nil }
}
