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
}
