import CWMP

extension TreeValidator {
    /// The mount point of a service object (`Device.Services.StorageService.`) whose model is not
    /// loaded, when `generic` is under it. TR-181 and TR-098 define `Services.` only as the
    /// container of service objects (tr-181-2-17-0-cwmp-full.xml:3545, tr-098-1-8-0-full.xml:1172);
    /// each service (TR-104 VoiceService, TR-140 StorageService, TR-135 STBService …) is a model of
    /// its own. A service's top-level counter (`StorageServiceNumberOfEntries`) belongs to it too.
    static func unloadedServiceMount(_ path: String, generic: String, model: DataModel) -> String? {
        // Every entry passes here: compare bytes, build no string, until the path is under Services.
        guard !model.isService, let dot = generic.utf8.firstIndex(of: UInt8(ascii: ".")) else { return nil }
        let afterRoot = generic.utf8[generic.utf8.index(after: dot)...]
        guard afterRoot.starts(with: servicesSegment) else { return nil }
        let rest = afterRoot.dropFirst(servicesSegment.count)
        guard let nameEnd = rest.firstIndex(of: UInt8(ascii: ".")) ?? (rest.isEmpty ? nil : rest.endIndex),
            let services = String(generic.utf8[..<rest.startIndex]),
            let name = String(generic.utf8[rest.startIndex..<nameEnd])
        else { return nil }
        // Whatever the root model itself defines there is its own (none in TR-181 2.17 or TR-098 1.8).
        let mount = services + name
        if model.parameters[mount] != nil || model.objects[mount + "."] != nil || model.objects[mount + ".{i}."] != nil
        {
            return nil
        }
        // A parameter right under Services. is a service's counter, or nothing any model defines.
        let isCounter = nameEnd == rest.endIndex
        if isCounter && (!name.hasSuffix("NumberOfEntries") || name == "NumberOfEntries") { return nil }
        let service = isCounter ? String(name.dropLast("NumberOfEntries".count)) : name
        // The concrete mount: the path's own root (a mounted generic path equals the path up to it).
        let root = String(path.prefix { $0 != "." })
        return root + ".Services." + service + "."
    }

    private static let servicesSegment = Array("Services.".utf8)

    /// The finding for the entries under a service object whose model is not loaded.
    func unloadedServiceFinding(_ mount: String, model: DataModel, location: TreeLocation?) -> Finding {
        let name = mount.split(separator: ".").last.map(String.init) ?? mount
        return Finding(
            code: .serviceNotLoaded,
            severity: .warning,
            path: mount,
            expected:
                "a loaded service model for \(name) (its parameters are not checked; load the service's *-full.xml with --model FILE or put it in the FERRULE_MODELS directory)",
            model: models.label(model),
            location: location
        )
    }

    /// The major version of each loaded service the tree says it implements, when it differs from
    /// the loaded model's: the device's DeviceSummary (`VoiceService:1.0[1](Endpoint:1, …)`, TR-106
    /// §3.7, as Huawei and ZTE TR-098 ONTs report it), or a `VoiceProfile.` table under a
    /// VoiceService, which only VoiceService:1 (TR-104 issue 1) has. Its entries are then not
    /// judged by the other major version's model.
    static func mismatchedServiceMajors(_ tree: ParameterTree, models: ModelSet) -> [String: Int] {
        var out: [String: Int] = [:]
        for (name, model) in models.services {
            guard let loaded = majorVersion(of: model.name) else { continue }
            var declared: Int?
            for summary in ["InternetGatewayDevice.DeviceSummary", "Device.DeviceSummary"] {
                guard let text = tree[summary]?.value, let range = text.firstRange(of: name + ":") else { continue }
                declared = Int(text[range.upperBound...].prefix { $0.isASCII && $0.isNumber })
            }
            if declared == nil, name == "VoiceService",
                tree.unorderedEntries.contains(where: { isVoiceProfilePath($0.path) })
            {
                declared = 1
            }
            if let declared, declared != loaded { out[name] = declared }
        }
        return out
    }

    /// The major version of a model name (`VoiceService:2.0` → 2).
    static func majorVersion(of name: String) -> Int? {
        guard let colon = name.firstIndex(of: ":") else { return nil }
        return Int(name[name.index(after: colon)...].prefix { $0.isASCII && $0.isNumber })
    }

    /// Whether `path` is under `<root>.Services.VoiceService.<i>.VoiceProfile.`.
    private static func isVoiceProfilePath(_ path: String) -> Bool {
        guard let services = path.firstRange(of: ".Services.VoiceService.") else { return false }
        let rest = path[services.upperBound...]
        guard let dot = rest.firstIndex(of: ".") else { return false }
        return rest[rest.index(after: dot)...].hasPrefix("VoiceProfile.")
    }

    /// The mount (`InternetGatewayDevice.Services.VoiceService.`) of an entry of a service whose
    /// declared major version is not the loaded model's, when `model` is that service's.
    static func mismatchedServiceMount(_ path: String, model: DataModel, mismatched: [String: Int]) -> String? {
        guard model.isService, !mismatched.isEmpty else { return nil }
        let name = String(model.rootPath.dropLast())
        guard mismatched[name] != nil, let range = path.firstRange(of: ".Services." + name) else { return nil }
        return String(path[..<range.upperBound]) + "."
    }

    /// The finding for the entries of a service implemented in another major version than the loaded one.
    func mismatchedServiceFinding(_ mount: String, declared: Int, model: DataModel, location: TreeLocation?)
        -> Finding
    {
        let name = String(model.rootPath.dropLast())
        return Finding(
            code: .serviceNotLoaded,
            severity: .warning,
            path: mount,
            expected:
                "a loaded \(name):\(declared) model: the device implements \(name):\(declared) but \(models.label(model)) is loaded (its parameters are not checked; load the \(name):\(declared) *-full.xml with --model FILE or put it in the FERRULE_MODELS directory)",
            model: models.label(model),
            location: location
        )
    }

    /// The major version each loaded root model's tree says it implements, when it differs from the
    /// loaded model's, by the root's DeviceSummary (`Device:1.4[](Baseline:2, …)`, TR-106 §3.7): a
    /// TR-181 Issue 1 device (Device:1, tr-181-1-1-0.xml) is not judged by TR-181 Issue 2 (Device:2).
    /// Keys are root paths (`Device.`).
    static func mismatchedRootMajors(_ tree: ParameterTree, models: ModelSet) -> [String: Int] {
        var out: [String: Int] = [:]
        for (root, model) in models.roots {
            guard let loaded = majorVersion(of: model.name), let text = tree[root + "DeviceSummary"]?.value else {
                continue
            }
            let name = String(root.dropLast())
            let trimmed = text.drop { $0 == " " }
            guard trimmed.hasPrefix(name + ":") else { continue }
            let digits = trimmed.dropFirst(name.count + 1).prefix { $0.isASCII && $0.isNumber }
            if let declared = Int(digits.prefix(9)), declared != loaded { out[root] = declared }
        }
        return out
    }

    /// The finding for the entries of a root model implemented in another major version than the loaded one.
    func mismatchedRootFinding(_ root: String, declared: Int, model: DataModel, location: TreeLocation?) -> Finding {
        let name = String(root.dropLast())
        return Finding(
            code: .modelNotLoaded,
            severity: .warning,
            path: root,
            expected:
                "a loaded \(name):\(declared) model: the device's DeviceSummary names \(name):\(declared) but \(models.label(model)) is loaded, so this tree is not validated (load the \(name):\(declared) *-full.xml with --model FILE or put it in the FERRULE_MODELS directory)",
            model: models.label(model),
            location: location
        )
    }
}
