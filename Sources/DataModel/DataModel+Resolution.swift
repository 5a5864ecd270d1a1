extension DataModel {
    /// Gives every object and parameter the most severe status of itself and its ancestor objects,
    /// recording the ancestor it came from: everything inside the obsoleted `Device.WiFi.MultiAP.` is
    /// obsoleted, though the model marks only the objects. This is bbfreport's `h_status_inherited`
    /// ("the highest status in the hierarchy", bbfreport/node.py:1377-1410).
    /// `parametersOf` lists each object's parameters, as the loader met them.
    mutating func inheritStatus(parametersOf: [(object: String, parameters: [String])]) {
        // Parents before children: a shorter path can't be a descendant of a longer one.
        var effective: [String: (status: ItemStatus, from: String?)] = [:]
        for path in objects.keys.sorted(by: { $0.utf8.count < $1.utf8.count }) {
            guard var object = objects[path] else { continue }
            if let parent = Self.parentObject(of: path), let inherited = effective[parent],
                inherited.status > object.status
            {
                object.status = inherited.status
                object.statusInheritedFrom = inherited.from ?? parent
                objects[path] = object
            }
            effective[path] = (object.status, object.statusInheritedFrom)
        }
        // Only the parameters of retired objects can change.
        for (object, members) in parametersOf {
            guard let status = effective[object], status.status > .current else { continue }
            for path in members {
                guard let own = parameters[path]?.status, status.status > own else { continue }
                parameters[path]?.status = status.status
                parameters[path]?.statusInheritedFrom = status.from ?? object
            }
        }
    }

    /// Drops the `enumerationRef` facets of `referrers` whose target is not a parameter of this model,
    /// so the validator never looks for what cannot exist.
    mutating func dropUnresolvedEnumerationReferences(_ referrers: [String]) {
        for path in referrers {
            if let target = parameters[path]?.syntax.enumerationRef?.target, parameters[target] == nil {
                parameters[path]?.syntax.enumerationRef = nil
            }
        }
    }

    /// The object containing an item: `Device.IP.Interface.{i}.Enable` → `Device.IP.Interface.{i}.`,
    /// `Device.IP.Interface.{i}.` → `Device.IP.`; nil at the top.
    static func parentObject(of path: String) -> String? {
        var item = path[...]
        if item.utf8.last == UInt8(ascii: ".") {
            item = item.dropLast()
            if item.hasSuffix(".{i}") { item = item.dropLast(4) }
        }
        guard let dot = item.utf8.lastIndex(of: UInt8(ascii: ".")) else { return nil }
        return String(item[...dot])
    }
}
