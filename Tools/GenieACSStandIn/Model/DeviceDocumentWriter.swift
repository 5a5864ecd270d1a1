import FerruleJSON

/// Writes a device's GenieACS document as compact JSON (GenieACS 1.2.16 lib/cwmp/db.ts:23-240), applying a projection
/// while writing so that `projection=_id` over 100,000 devices does not build 100,000 trees.
enum DeviceDocumentWriter {
    fileprivate enum Inclusion {
        case whole
        case partial(Projection.Node)
        case excluded
    }

    static func write(_ view: DeviceView, projection: Projection?, into out: inout String) {
        write(view, projection: projection, plan: nil, into: &out)
    }

    /// Writes a device with a plan made for its model and `projection` (nil: made here, for one device).
    static func write(_ view: DeviceView, projection: Projection?, plan: TreePlan?, into out: inout String) {
        let d = view.device
        let root = projection?.root
        func inclusion(_ key: String, in node: Projection.Node?) -> Inclusion {
            guard let node else { return .whole }
            guard let child = node.children[key] else { return .excluded }
            return child.whole ? .whole : .partial(child)
        }
        out += "{"
        var first = true
        func key(_ k: String) {
            if !first { out += "," }
            first = false
            JSONValue.quote(k, into: &out)
            out += ":"
        }
        key("_id")
        JSONValue.quote(d.id, into: &out)
        switch inclusion("_deviceId", in: root) {
        case .excluded: break
        case let state:
            key("_deviceId")
            out += "{"
            var firstMember = true
            for (k, v) in view.identity {
                if case .partial(let node) = state, node.children[k] == nil { continue }
                if !firstMember { out += "," }
                firstMember = false
                JSONValue.quote(k, into: &out)
                out += ":"
                JSONValue.quote(v, into: &out)
            }
            out += "}"
        }
        for (name, ms) in [
            ("_registered", d.registeredAt), ("_lastInform", d.lastInform), ("_lastBoot", d.lastBoot),
            ("_lastBootstrap", d.lastBootstrap),
        ] {
            if case .excluded = inclusion(name, in: root) { continue }
            key(name)
            JSONValue.quote(Timestamp.iso(ms), into: &out)
        }
        if let tags = d.tags, case .whole = inclusion("_tags", in: root) {
            key("_tags")
            out += "["
            for (i, tag) in tags.enumerated() {
                if i > 0 { out += "," }
                JSONValue.quote(tag, into: &out)
            }
            out += "]"
        }
        if case .whole = inclusion("_timestamp", in: root) {
            key("_timestamp")
            JSONValue.quote(Timestamp.iso(d.lastInform), into: &out)
        }
        writeTree(view, root: root, plan: plan, first: first, into: &out)
        out += "}"
    }

    /// Which of a model's nodes a projection includes, and how: computed once per model and projection, so that a
    /// page of devices does not walk (or split the paths of) every node of every device.
    struct TreePlan {
        /// Included model node indices in natural order, each whole or partial.
        fileprivate var nodes: [(index: Int, state: Inclusion)] = []

        init(model: FixtureModel, root: Projection.Node?) {
            guard let root else {
                nodes = model.paths.indices.map { ($0, .whole) }
                return
            }
            // Walk the projection tree; a whole node takes its subtree, which follows it in natural order.
            var picked: [(index: Int, state: Inclusion)] = []
            func visit(_ node: Projection.Node, path: String) {
                for (key, child) in node.children {
                    if path.isEmpty && key.hasPrefix("_") { continue }
                    let childPath = path.isEmpty ? key : path + "." + key
                    guard let i = model.index[childPath] else { continue }
                    if child.whole {
                        picked.append((i, .whole))
                        var j = i + 1
                        while j < model.paths.count, DeviceRecord.covers(childPath, model.paths[j]) {
                            picked.append((j, .whole))
                            j += 1
                        }
                    } else {
                        picked.append((i, .partial(child)))
                        visit(child, path: childPath)
                    }
                }
            }
            visit(root, path: "")
            picked.sort { $0.index < $1.index }
            nodes = picked
        }
    }

    private static func writeTree(
        _ view: DeviceView,
        root: Projection.Node?,
        plan: TreePlan?,
        first: Bool,
        into out: inout String
    ) {
        if let root, root.children.keys.allSatisfy({ $0.hasPrefix("_") }) { return }
        let model = view.model
        let device = view.device
        var emitter = TreeEmitter(hasMembers: [!first])
        // Nodes added beyond the fixture are not in the plan's indices: walk every node then.
        if let delta = device.delta, delta.changed.keys.contains(where: { model.index[$0] == nil }) {
            for (path, node) in device.allNodes(in: model) {
                let segments =
                    model.index[path].map { model.segments[$0] } ?? path.split(separator: ".").map(String.init)
                let state = inclusion(of: segments, in: root)
                if case .excluded = state { continue }
                emitter.emit(path: path, segments: segments, node: node, state: state, device: device, into: &out)
            }
        } else {
            let plan = plan ?? TreePlan(model: model, root: root)
            let delta = device.delta
            for (i, state) in plan.nodes {
                let path = model.paths[i]
                let node: ParamNode
                if let delta {
                    if let changed = delta.changed[path] {
                        node = changed
                    } else if delta.deleted.contains(path) {
                        continue
                    } else {
                        node = device.baseNode(model, i)
                    }
                } else {
                    node = device.baseNode(model, i)
                }
                emitter.emit(
                    path: path,
                    segments: model.segments[i],
                    node: node,
                    state: state,
                    device: device,
                    into: &out
                )
            }
        }
        emitter.close(into: &out)
    }

    /// How a node with these path segments is projected.
    private static func inclusion(of segments: [String], in root: Projection.Node?) -> Inclusion {
        guard let root else { return .whole }
        var p = root
        for (i, segment) in segments.enumerated() {
            guard let child = p.children[segment] else { return .excluded }
            if child.whole { return .whole }
            p = child
            if i == segments.count - 1 { return .partial(child) }
        }
        return .excluded
    }

    /// Writes nodes in natural order as nested objects, opening and closing ancestors as the paths move.
    private struct TreeEmitter {
        var stack: [String] = []
        var hasMembers: [Bool]

        mutating func emit(
            path: String,
            segments: [String],
            node: ParamNode,
            state: Inclusion,
            device: DeviceRecord,
            into out: inout String
        ) {
            // Close what is not an ancestor, open missing ancestors.
            var common = 0
            while common < stack.count, common < segments.count - 1, stack[common] == segments[common] { common += 1 }
            while stack.count > common {
                stack.removeLast()
                hasMembers.removeLast()
                out += "}"
            }
            for segment in segments[stack.count...] {
                if hasMembers[hasMembers.count - 1] { out += "," }
                hasMembers[hasMembers.count - 1] = true
                JSONValue.quote(segment, into: &out)
                out += ":{"
                stack.append(segment)
                hasMembers.append(false)
            }
            func attribute(_ name: String, _ write: (inout String) -> Void) {
                if case .partial(let p) = state, p.children[name] == nil { return }
                if hasMembers[hasMembers.count - 1] { out += "," }
                hasMembers[hasMembers.count - 1] = true
                out += "\""
                out += name
                out += "\":"
                write(&out)
            }
            attribute("_object") { $0 += node.isObject ? "true" : "false" }
            if !node.isObject {
                attribute("_value") { out in
                    switch node.value {
                    case .string(let s)?: JSONValue.quote(s, into: &out)
                    case .number(let n)?: out += JSNumber.text(n)
                    case .bool(let b)?: out += b ? "true" : "false"
                    case .date(let ms)?: JSONValue.quote(Timestamp.iso(ms), into: &out)
                    case nil: out += "null"
                    }
                }
                attribute("_type") { out in
                    if let type = node.type { JSONValue.quote(type, into: &out) } else { out += "null" }
                }
            }
            attribute("_writable") { $0 += node.writable ? "true" : "false" }
            attribute("_timestamp") { out in
                JSONValue.quote(Timestamp.iso(device.timestamp(of: path, node: node)), into: &out)
            }
        }

        func close(into out: inout String) {
            out += String(repeating: "}", count: stack.count)
        }
    }
}
