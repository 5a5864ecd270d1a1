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
/// (voltha-openolt-adapter `internal/pkg/core/openolt_eventmgr.go:660-690`). It sets the port's
/// oper status to `DISCOVERED` (down) or `ACTIVE` (up) in the core (`addPort`,
/// `internal/pkg/core/device_handler.go:422-455`) and sends the event from two goroutines started
/// together (`device_handler.go:736-749`, `888-897`), so the event may come before the port shows
/// the change. The resolver lists the OLT's ports and compares them with its listing of that OLT:
/// when exactly one enabled PON port moved in the event's direction, that is the port. When none
/// did yet, it lists again a few times, shortly (``rereads``). Otherwise it says which PON ports
/// are down, and leaves ``PONEvent/ponInterface`` empty rather than guess.
///
/// Each report uses up only the change it explains: the port it resolves is updated in the listing
/// and every other port keeps its earlier state, so a second port that changed meanwhile is still
/// found by its own report (pon-1 down, then pon-2 down while pon-1 comes back: the raise is pon-2
/// and the clear pon-1, in either order). A report that several ports explain at once uses up
/// those ports (it is one of them; the reports of the others then find no change and are left
/// unresolved rather than guessed). Ports newly listed, or gone, are taken as they are.
///
/// Memory is bounded: the listings of at most `capacity` OLTs are kept, least recently used
/// forgotten first.
public actor PONDownResolver {
    private let lister: any PONPortLister
    private var listings: RecentMap<String, [UInt32: Bool]>
    /// The waits before listing again when no port has changed yet (the event came before the
    /// port update); at most their sum delays the event.
    public nonisolated let rereads: [Duration]
    /// The most OLTs whose listings are kept.
    public nonisolated let capacity: Int

    /// The default waits before listing again: 100, 250 and 500 ms.
    public static let defaultRereads: [Duration] = [.milliseconds(100), .milliseconds(250), .milliseconds(500)]

    /// A resolver listing ports through `lister`, remembering `capacity` OLTs, listing again after
    /// each of `rereads` while no port changed.
    public init(lister: any PONPortLister, capacity: Int = 4096, rereads: [Duration] = defaultRereads) {
        self.lister = lister
        self.capacity = max(1, capacity)
        self.rereads = Array(rereads.prefix(8))
        listings = RecentMap(capacity: capacity)
    }

    /// Lists `oltDeviceID`'s ports now, so that the next event on it is compared with this state
    /// (at start-up, and after reconciling with `ListDevices`).
    public func remember(oltDeviceID: String) async throws {
        listings.set(oltDeviceID, Self.ponStates(try await lister.ports(deviceID: oltDeviceID)))
    }

    /// Lists the ports of each OLT of `oltDeviceIDs` (the first ``capacity`` of them), as
    /// ``remember(oltDeviceID:)`` does: the start-up listing, and the one after each reconciliation.
    ///
    /// - Returns: the OLTs whose ports could not be listed, each with its error (their earlier
    ///   listing, if any, is kept); never throws, one OLT's failure does not stop the others.
    public func rememberAll(_ oltDeviceIDs: [String]) async -> [(olt: String, error: String)] {
        var failed: [(olt: String, error: String)] = []
        for olt in oltDeviceIDs.prefix(capacity) {
            do {
                try await remember(oltDeviceID: olt)
            } catch {
                failed.append((olt, "\(error)"))
            }
        }
        return failed
    }

    /// The event with its PON interface filled when one port explains it; other events unchanged.
    ///
    /// - Throws: what the lister throws (VOLTHA unreachable): the event is then unresolved, and the
    ///   caller decides whether to retry.
    public func resolve(_ event: PONEvent) async throws -> PONDownResolution {
        guard event.kind == .ponDown, event.ponInterface == nil, let olt = event.oltDeviceID else {
            return PONDownResolution(event: event, changed: [], down: [], explanation: "nothing to resolve")
        }
        let goingUp = event.phase == .clear || event.context["oper-state"] == "up"
        let before = listings[olt]
        var now = Self.ponStates(try await lister.ports(deviceID: olt))
        var changed = Self.changed(from: before, to: now, goingUp: goingUp)
        // The port update and the event are concurrent upstream: the change may not show yet.
        if changed.isEmpty, before != nil || !goingUp {
            for wait in rereads {
                try await Task.sleep(for: wait)
                now = Self.ponStates(try await lister.ports(deviceID: olt))
                changed = Self.changed(from: before, to: now, goingUp: goingUp)
                if !changed.isEmpty { break }
            }
        }
        // Only what this report explains is used up; the rest of the listing stays as it was.
        var listing = listings[olt] ?? now
        listing = listing.filter { now[$0.key] != nil }
        for (intf, up) in now where listing[intf] == nil { listing[intf] = up }
        for intf in changed { listing[intf] = now[intf] }
        listings.set(olt, listing)
        let down = now.filter { !$0.value }.keys.sorted()
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

    /// The PON interfaces that moved in the event's direction from `before` to `now`; without an
    /// earlier listing, a raise can still be explained by the only port that is down.
    static func changed(from before: [UInt32: Bool]?, to now: [UInt32: Bool], goingUp: Bool) -> [UInt32] {
        guard let before else { return goingUp ? [] : now.filter { !$0.value }.keys.sorted() }
        return now.filter { intf, up in (before[intf].map { $0 != up } ?? false) && up == goingUp }.keys.sorted()
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
