import FerruleJSON

/// Writes a device's GenieACS document as compact JSON (GenieACS 1.2.16 lib/cwmp/db.ts:23-240), applying a projection
/// while writing so that `projection=_id` over 100,000 devices does not build 100,000 trees.
enum DeviceDocumentWriter {
    private enum Inclusion {
        case whole
        case partial(Projection.Node)
        case excluded
    }

    static func write(_ view: DeviceView, projection: Projection?, into out: inout String) {
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
        writeTree(view, root: root, first: first, into: &out)
        out += "}"
    }

    private static func writeTree(_ view: DeviceView, root: Projection.Node?, first: Bool, into out: inout String) {
        if let root, root.children.keys.allSatisfy({ $0.hasPrefix("_") }) { return }
        var stack: [String] = []
        var hasMembers = [!first]
        for (path, node) in view.device.allNodes(in: view.model) {
            let segments = path.split(separator: ".").map(String.init)
            var state = Inclusion.whole
            if let root {
                var p = root
                state = .excluded
                for (i, segment) in segments.enumerated() {
                    guard let child = p.children[segment] else { break }
                    if child.whole {
                        state = .whole
                        break
                    }
                    p = child
                    if i == segments.count - 1 { state = .partial(child) }
                }
            }
            if case .excluded = state { continue }
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
            var attributes: [(String, JSONValue)] = [("_object", .bool(node.isObject))]
            if !node.isObject {
                attributes.append(("_value", node.value?.json ?? .null))
                attributes.append(("_type", node.type.map(JSONValue.string) ?? .null))
            }
            attributes.append(("_writable", .bool(node.writable)))
            attributes.append(("_timestamp", .string(Timestamp.iso(view.device.timestamp(of: path, node: node)))))
            for (name, value) in attributes {
                if case .partial(let p) = state, p.children[name] == nil { continue }
                if hasMembers[hasMembers.count - 1] { out += "," }
                hasMembers[hasMembers.count - 1] = true
                JSONValue.quote(name, into: &out)
                out += ":" + value.compactText
            }
        }
        out += String(repeating: "}", count: stack.count)
    }
}
