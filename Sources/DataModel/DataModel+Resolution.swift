extension DataModel {
    /// Gives every object and parameter the most severe status of itself and its ancestor objects,
    /// recording the ancestor it came from: everything inside the obsoleted `Device.WiFi.MultiAP.` is
    /// obsoleted, though the model marks only the objects. This is bbfreport's `h_status_inherited`
    /// ("the highest status in the hierarchy", bbfreport/node.py:1377-1410).
    mutating func inheritStatus() {
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
        for (path, parameter) in parameters {
            guard let object = Self.parentObject(of: path).flatMap({ objects[$0] }), object.status > parameter.status
            else { continue }
            parameters[path]?.status = object.status
            parameters[path]?.statusInheritedFrom = object.statusInheritedFrom ?? object.path
        }
    }

    /// Drops `enumerationRef` facets whose target is not a parameter of this model, so the validator
    /// never looks for what cannot exist.
    mutating func dropUnresolvedEnumerationReferences() {
        for (path, parameter) in parameters {
            if let reference = parameter.syntax.enumerationRef, parameters[reference.target] == nil {
                parameters[path]?.syntax.enumerationRef = nil
            }
        }
    }

    /// The object containing an item: `Device.IP.Interface.{i}.Enable` → `Device.IP.Interface.{i}.`,
    /// `Device.IP.Interface.{i}.` → `Device.IP.`; nil at the top.
    static func parentObject(of path: String) -> String? {
        var segments = path.split(separator: ".", omittingEmptySubsequences: true)
        guard !segments.isEmpty else { return nil }
        let isObject = path.hasSuffix(".")
        if isObject {
            if segments.last == "{i}" { segments.removeLast() }
            segments.removeLast()
        } else {
            segments.removeLast()
        }
        guard !segments.isEmpty else { return nil }
        return segments.joined(separator: ".") + "."
    }
}
