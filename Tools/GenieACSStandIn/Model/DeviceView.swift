/// A device as the query engine sees its GenieACS document (GenieACS 1.2.16 lib/cwmp/db.ts:23-240).
struct DeviceView: QueryDocument {
    let device: DeviceRecord
    let model: FixtureModel

    func value(at path: FieldPath) -> QValue? {
        let segments = path.segments
        guard let first = segments.first else { return nil }
        if first.hasPrefix("_") {
            switch first {
            case "_id": return segments.count == 1 ? .string(device.id) : nil
            case "_deviceId":
                let identity = identity
                if segments.count == 1 { return .object(identity.map { ($0.0, QValue.string($0.1)) }) }
                guard segments.count == 2, let v = identity.first(where: { $0.0 == segments[1] }) else { return nil }
                return .string(v.1)
            case "_registered": return segments.count == 1 ? .date(device.registeredAt) : nil
            case "_lastInform", "_timestamp": return segments.count == 1 ? .date(device.lastInform) : nil
            case "_lastBoot": return segments.count == 1 ? .date(device.lastBoot) : nil
            case "_lastBootstrap": return segments.count == 1 ? .date(device.lastBootstrap) : nil
            case "_tags":
                guard segments.count == 1, let tags = device.tags else { return nil }
                return .array(tags.map(QValue.string))
            default: return nil
            }
        }
        guard let last = segments.last else { return nil }
        if !last.hasPrefix("_") {
            return device.node(path.text, in: model) != nil ? .object([]) : nil
        }
        let nodePath = String(path.text.utf8.dropLast(last.utf8.count + 1)) ?? ""
        guard let node = device.node(nodePath, in: model) else { return nil }
        switch last {
        case "_value": return node.value.map(QValue.init)
        case "_type": return node.type.map(QValue.string)
        case "_writable": return .bool(node.writable)
        case "_object": return .bool(node.isObject)
        case "_timestamp": return .date(device.timestamp(of: nodePath, node: node))
        default: return nil
        }
    }

    /// `_deviceId` members; `_ProductClass` is absent when the device has none (GenieACS 1.2.16 lib/util.ts:3-27).
    var identity: [(String, String)] {
        var out = [("_Manufacturer", model.manufacturer), ("_OUI", model.oui)]
        if !model.productClass.isEmpty { out.append(("_ProductClass", model.productClass)) }
        out.append(("_SerialNumber", device.serial))
        return out
    }
}
