import CWMP

/// One simulated device: its identity, the GenieACS document fields of GenieACS 1.2.16 lib/cwmp/db.ts:23-240 and the
/// simulated CPE's state. The parameter tree is the shared ``FixtureModel`` plus this device's ``TreeDelta``
/// (copy-on-write of changed values), so 100,000 devices cost little more than their ids.
struct DeviceRecord: Sendable {
    /// GenieACS 1.2.16 lib/util.ts:3-27 device id.
    let id: String
    let serial: String
    /// Index of the device's ``FixtureModel``.
    let model: Int

    /// Whether GenieACS has a document for it (false after `DELETE /devices/<id>` until the CPE informs again, GenieACS
    /// 1.2.16 lib/nbi.ts:565-588; lib/api-functions.ts:374-395).
    var registered = true
    var registeredAt: Int64
    var lastInform: Int64
    var lastBoot: Int64
    var lastBootstrap: Int64
    /// `_tags`; nil = never tagged (the field is absent).
    var tags: [String]?
    var delta: TreeDelta?
    /// Refreshes (GPV, refreshObject): every node at or below `prefix` has `_timestamp` ≥ `at`.
    var refreshes: [Refresh] = []

    // Simulated CPE.
    var online: Bool
    var badCredentials: Bool
    var inSession = false
    var sessionStart: Int64 = 0
    /// Tasks with a sequence number below it existed when the session started.
    var sessionTaskLimit: UInt64 = 0
    /// Another session was asked for while one ran: start it when this one ends.
    var pendingSession = false
    /// The CPE rebooted: the next session's Inform carries `1 BOOT`.
    var pendingBoot = false
    /// The CPE was factory-reset: the next session's Inform carries `0 BOOTSTRAP`.
    var pendingBootstrap = false

    struct Refresh: Sendable, Hashable {
        var prefix: String
        var at: Int64
    }

    init(
        id: String,
        serial: String,
        model: Int,
        registeredAt: Int64,
        lastInform: Int64,
        online: Bool,
        badCredentials: Bool
    ) {
        self.id = id
        self.serial = serial
        self.model = model
        self.registeredAt = registeredAt
        self.lastInform = lastInform
        self.lastBoot = registeredAt
        self.lastBootstrap = registeredAt
        self.online = online
        self.badCredentials = badCredentials
    }

    /// The fixture's node at `index` as this device holds it before any change (its own serial number).
    func baseNode(_ model: FixtureModel, _ index: Int) -> ParamNode {
        var node = model.nodes[index]
        if model.paths[index] == model.serialPath { node.value = .string(serial) }
        return node
    }

    /// The node at `path`, or nil when the device has none.
    func node(_ path: String, in model: FixtureModel) -> ParamNode? {
        if let delta {
            if let changed = delta.changed[path] { return changed }
            if delta.deleted.contains(path) { return nil }
        }
        guard let i = model.index[path] else { return nil }
        return baseNode(model, i)
    }

    /// Every node in natural path order.
    func allNodes(in model: FixtureModel) -> [(path: String, node: ParamNode)] {
        guard let delta else { return model.paths.indices.map { (model.paths[$0], baseNode(model, $0)) } }
        var out: [(path: String, node: ParamNode)] = []
        out.reserveCapacity(model.paths.count + delta.changed.count)
        for i in model.paths.indices {
            let path = model.paths[i]
            if let changed = delta.changed[path] {
                out.append((path, changed))
            } else if !delta.deleted.contains(path) {
                out.append((path, baseNode(model, i)))
            }
        }
        var added = false
        for (path, node) in delta.changed where model.index[path] == nil {
            out.append((path, node))
            added = true
        }
        if added { out.sort { ParameterPath.naturalOrder($0.path, $1.path) } }
        return out
    }

    /// `_timestamp` of a node: when it was set or last refreshed, at least the device's registration.
    func timestamp(of path: String, node: ParamNode) -> Int64 {
        var t = max(node.timestamp, registeredAt)
        for r in refreshes where r.at > t && Self.covers(r.prefix, path) { t = r.at }
        return t
    }

    /// Records a refresh of `prefix` (empty = the whole tree), dropping older refreshes it covers.
    mutating func refresh(_ prefix: String, at: Int64) {
        refreshes.removeAll { Self.covers(prefix, $0.prefix) && $0.at <= at }
        refreshes.append(Refresh(prefix: prefix, at: at))
    }

    /// Whether `prefix` is `path` or one of its ancestors (segment-wise; empty covers everything).
    static func covers(_ prefix: String, _ path: String) -> Bool {
        if prefix.isEmpty { return true }
        guard path.hasPrefix(prefix) else { return false }
        let rest = path.utf8.dropFirst(prefix.utf8.count)
        return rest.isEmpty || rest.first == UInt8(ascii: ".")
    }
}

/// How a device's tree differs from its fixture.
struct TreeDelta: Sendable {
    /// Nodes set or added, by path.
    var changed: [String: ParamNode] = [:]
    /// Fixture nodes the device no longer has.
    var deleted: Set<String> = []
}
