/// One value under construction: containers stay open (by reference) until the tree is read.
final class JSONNode {
    enum Content {
        case empty
        case leaf(JSONValue)
        case object(keys: [String], nodes: [JSONNode], index: [String: Int])
        case array([JSONNode])
    }

    var content = Content.empty

    var isEmpty: Bool {
        if case .empty = content { return true }
        return false
    }

    var value: JSONValue {
        switch content {
        case .empty: .object([])
        case .leaf(let value): value
        case .object(let keys, let nodes, _): .object(zip(keys, nodes).map { ($0, $1.value) })
        case .array(let nodes): .array(nodes.map(\.value))
        }
    }

    /// The member `key` of this object (made an object if still empty), new or replaced.
    func member(_ key: String) -> JSONNode {
        let node = JSONNode()
        guard case .object(var keys, var nodes, var index) = content else {
            content = .object(keys: [key], nodes: [node], index: [key: 0])
            return node
        }
        content = .empty
        if let at = index[key] {
            nodes[at] = node
        } else {
            index[key] = keys.count
            keys.append(key)
            nodes.append(node)
        }
        content = .object(keys: keys, nodes: nodes, index: index)
        return node
    }

    /// A new last element of this array (made an array if still empty).
    func element() -> JSONNode {
        let node = JSONNode()
        guard case .array(var nodes) = content else {
            content = .array([node])
            return node
        }
        content = .empty
        nodes.append(node)
        content = .array(nodes)
        return node
    }

    var count: Int {
        if case .array(let nodes) = content { return nodes.count }
        return 0
    }

    func makeObject() { if case .object = content {} else { content = .object(keys: [], nodes: [], index: [:]) } }
    func makeArray() { if case .array = content {} else { content = .array([]) } }
}
