import CWMP

/// A device's whole tree as a mutable dictionary, for the length of one session's work; written back to the
/// ``DeviceRecord`` as a ``TreeDelta``.
struct DeviceTree {
    var nodes: [String: ParamNode]

    init(_ device: DeviceRecord, model: FixtureModel) {
        var nodes: [String: ParamNode] = [:]
        nodes.reserveCapacity(model.paths.count)
        for (path, node) in device.allNodes(in: model) { nodes[path] = node }
        self.nodes = nodes
    }

    /// The delta of this tree against the device's fixture.
    func delta(for device: DeviceRecord, model: FixtureModel) -> TreeDelta? {
        var delta = TreeDelta()
        for (path, node) in nodes {
            if let i = model.index[path] {
                let base = device.baseNode(model, i)
                if !base.sameContent(node) || node.timestamp != 0 { delta.changed[path] = node }
            } else {
                delta.changed[path] = node
            }
        }
        for path in model.paths where nodes[path] == nil { delta.deleted.insert(path) }
        return delta.changed.isEmpty && delta.deleted.isEmpty ? nil : delta
    }

    /// The names of `path`'s children (`path` empty = the roots), in natural order.
    func children(of path: String) -> [String] {
        var out: [String] = []
        if path.isEmpty {
            for key in nodes.keys where !key.contains(".") { out.append(key) }
        } else {
            let prefix = path + "."
            for key in nodes.keys where key.hasPrefix(prefix) {
                let rest = key.utf8.dropFirst(prefix.utf8.count)
                if !rest.contains(UInt8(ascii: ".")) { out.append(String(decoding: rest, as: UTF8.self)) }
            }
        }
        return out.sorted(by: ParameterPath.naturalOrder)
    }

    /// Every path at or below `path`.
    func subtree(_ path: String) -> [String] {
        nodes.keys.filter { DeviceRecord.covers(path, $0) }
    }

    mutating func removeSubtree(_ path: String) {
        for key in subtree(path) { nodes.removeValue(forKey: key) }
    }
}
