public import CWMP

/// Checks a ``ParameterTree`` against Broadband Forum models (data-models.md §4.4–4.5).
///
/// ```swift
/// let models = ModelSet([try DataModelLoader.load(bytes, file: "tr-181-2-17-0-cwmp-full.xml")])
/// let report = TreeValidator(models: models).validate(tree)
/// ```
public struct TreeValidator: Sendable {
    public let models: ModelSet

    public init(models: ModelSet) {
        self.models = models
    }

    /// Validates `tree`; `isInform` adds the forced-Inform check (the tree came from an Inform).
    public func validate(_ tree: ParameterTree, isInform: Bool = false) -> ValidationReport {
        var findings: [Finding] = []
        var checked = 0
        var vendor = 0
        var vendorRoots: Set<String> = []
        var tables: [String: TableInstances] = [:]
        var seenInstancePrefixes: Set<Substring> = []

        for entry in tree.unorderedEntries {
            if let vendorRoot = Self.vendorRoot(entry.path) {
                vendor += 1
                if vendorRoots.insert(vendorRoot).inserted {
                    findings.append(
                        Finding(
                            code: .unknownParameter,
                            severity: .info,
                            path: vendorRoot,
                            expected: "a standard name (vendor extension, not checked)",
                            location: entry.location
                        )
                    )
                }
                continue
            }
            guard let (model, generic) = models.resolve(entry.path) else {
                findings.append(
                    Finding(
                        code: .unknownParameter,
                        severity: .error,
                        path: entry.path,
                        expected: "a path under a loaded model's root (\(models.rootNames))",
                        location: entry.location
                    )
                )
                continue
            }
            checked += 1
            let instancePrefix = Self.instancePrefix(entry.path)
            if !instancePrefix.isEmpty, seenInstancePrefixes.insert(instancePrefix).inserted {
                collectInstances(entry.path, generic: generic, model: model, into: &tables)
            }
            if entry.isObject {
                checkObject(entry, generic: generic, model: model, into: &findings)
            } else {
                checkParameter(entry, generic: generic, model: model, into: &findings)
            }
        }
        checkTables(tables, tree: tree, into: &findings)
        if isInform { checkForcedInform(tree, into: &findings) }
        findings.sort { a, b in
            let la = a.location?.line ?? a.location?.row ?? Int.max
            let lb = b.location?.line ?? b.location?.row ?? Int.max
            if la != lb { return la < lb }
            if a.path != b.path { return ParameterPath.naturalOrder(a.path, b.path) }
            return a.code < b.code
        }
        return ValidationReport(findings: findings, parametersChecked: checked, vendorParameters: vendor)
    }

    /// The path up to and including its last numeric segment (empty when it has none): entries
    /// sharing it add no new table instances.
    static func instancePrefix(_ path: String) -> Substring {
        var end = path.startIndex
        var segmentStart = path.startIndex
        var numeric = true
        var index = path.startIndex
        let utf8 = path.utf8
        while index < path.endIndex {
            let c = utf8[index]
            if c == UInt8(ascii: ".") {
                if numeric && index > segmentStart { end = index }
                segmentStart = path.utf8.index(after: index)
                numeric = true
            } else if c < 0x30 || c > 0x39 {
                numeric = false
            }
            index = utf8.index(after: index)
        }
        if numeric && index > segmentStart { end = index }
        return path[..<end]
    }

    /// The path up to its first `X_` segment, when it has one.
    static func vendorRoot(_ path: String) -> String? {
        let utf8 = path.utf8
        var segmentStart = utf8.startIndex
        var index = utf8.startIndex
        while index < utf8.endIndex {
            let next = utf8.index(after: index)
            if index == segmentStart, utf8[index] == UInt8(ascii: "X"), next < utf8.endIndex,
                utf8[next] == UInt8(ascii: "_")
            {
                var end = next
                while end < utf8.endIndex, utf8[end] != UInt8(ascii: ".") { end = utf8.index(after: end) }
                return String(path[..<end])
            }
            if utf8[index] == UInt8(ascii: ".") { segmentStart = next }
            index = next
        }
        return nil
    }

    private func status(
        _ status: ItemStatus,
        path: String,
        model: DataModel,
        location: SourceLocation?,
        into findings: inout [Finding]
    ) {
        switch status {
        case .current: break
        case .deprecated:
            findings.append(
                Finding(
                    code: .deprecated,
                    severity: .info,
                    path: path,
                    expected: "a current item (deprecated in \(models.label(model)))",
                    model: models.label(model),
                    location: location
                )
            )
        case .obsoleted, .deleted:
            findings.append(
                Finding(
                    code: .obsolete,
                    severity: status == .deleted ? .error : .info,
                    path: path,
                    expected: "a current item (\(status.rawValue) in \(models.label(model)))",
                    model: models.label(model),
                    location: location
                )
            )
        }
    }

    private func checkObject(_ entry: ParameterEntry, generic: String, model: DataModel, into findings: inout [Finding])
    {
        // A table's own path (`Device.WiFi.Radio.`, as GetParameterNames reports it) is its definition.
        guard let object = model.objects[generic] ?? model.objects[generic + "{i}."] else {
            let asParameter = String(generic.dropLast())
            findings.append(
                Finding(
                    code: model.parameters[asParameter] != nil ? .objectMismatch : .unknownParameter,
                    severity: .error,
                    path: entry.path,
                    expected: model.parameters[asParameter] != nil
                        ? "a parameter, not an object" : "an object of \(models.label(model))",
                    model: models.label(model),
                    location: entry.location
                )
            )
            return
        }
        status(object.status, path: entry.path, model: model, location: entry.location, into: &findings)
    }

    private func checkParameter(
        _ entry: ParameterEntry,
        generic: String,
        model: DataModel,
        into findings: inout [Finding]
    ) {
        guard let definition = model.parameters[generic] else {
            let isObject = model.objects[generic + "."] != nil
            findings.append(
                Finding(
                    code: isObject ? .objectMismatch : .unknownParameter,
                    severity: .error,
                    path: entry.path,
                    expected: isObject ? "an object (path ending in '.')" : "a parameter of \(models.label(model))",
                    model: models.label(model),
                    location: entry.location
                )
            )
            return
        }
        status(definition.status, path: entry.path, model: model, location: entry.location, into: &findings)
        let label = models.label(model)
        func finding(_ code: FindingCode, _ severity: Severity, _ expected: String, value: String? = nil) -> Finding {
            // Decided only when a finding carries a value: most entries raise none.
            let secret =
                value != nil
                && (definition.syntax.hidden || definition.syntax.secured || SecretParameters.isSecret(entry.path))
            return Finding(
                code: code,
                severity: severity,
                path: entry.path,
                value: secret ? nil : value,
                expected: expected,
                model: label,
                location: entry.location
            )
        }
        if let writable = entry.writable {
            switch definition.access {
            case .readOnly where writable:
                findings.append(finding(.writableMismatch, .warning, "read-only"))
            case .readWrite where !writable:
                findings.append(finding(.writableMismatch, .info, "writable"))
            default: break
            }
        }
        let wire = definition.syntax.wireType.valueType
        if let type = entry.type, type != wire, !(definition.syntax.base == .decimal && type == .string) {
            findings.append(finding(.typeMismatch, .warning, wire.xsdName, value: type.xsdName))
        }
        guard let value = entry.value, !definition.syntax.command else { return }
        if (definition.syntax.hidden || definition.syntax.secured) && value.isEmpty { return }
        for problem in models.checker.check(value, against: definition.syntax) {
            findings.append(finding(problem.code, .error, problem.expected, value: value))
        }
    }

    /// Instances of each concrete table seen in the tree.
    struct TableInstances {
        var model: DataModel
        var genericTable: String
        var instances: Set<String>
        var location: SourceLocation?
    }

    /// Records, for every numeric instance segment of `path`, the concrete table it belongs to
    /// (`Device.IP.Interface.` → instance `3`). `generic` is `path` with instances as `{i}`.
    private func collectInstances(
        _ path: String,
        generic: String,
        model: DataModel,
        into tables: inout [String: TableInstances]
    ) {
        let concrete = path.split(separator: ".", omittingEmptySubsequences: false)
        let genericSegments = generic.split(separator: ".", omittingEmptySubsequences: false)
        // A mounted service model's generic path starts at the service: align from the end.
        let offset = concrete.count - genericSegments.count
        guard offset >= 0 else { return }
        var prefix = ""
        var genericPrefix = ""
        for (i, segment) in concrete.enumerated() {
            let g = i - offset
            if g >= 0, genericSegments[g] == "{i}" {
                let table = genericPrefix + "{i}."
                tables[prefix, default: TableInstances(model: model, genericTable: table, instances: [], location: nil)]
                    .instances.insert(String(segment))
            }
            prefix += segment + "."
            if g >= 0 { genericPrefix += genericSegments[g] + "." }
        }
    }

    private func checkTables(_ tables: [String: TableInstances], tree: ParameterTree, into findings: inout [Finding]) {
        for (concrete, table) in tables {
            guard let object = table.model.objects[table.genericTable] else { continue }
            let count = table.instances.count
            if count < object.minEntries || object.maxEntries.map({ count > $0 }) == true {
                findings.append(
                    Finding(
                        code: .instanceCount,
                        severity: .error,
                        path: concrete,
                        value: String(count),
                        expected:
                            "\(object.minEntries)..\(object.maxEntries.map(String.init) ?? "unbounded") instances",
                        model: models.label(table.model)
                    )
                )
            }
            guard let numEntries = object.numEntriesParameter else { continue }
            // The counter lives in the parent object: Device.IP.Interface. → Device.IP.InterfaceNumberOfEntries
            let parent = concrete.dropLast().split(separator: ".", omittingEmptySubsequences: false).dropLast().joined(
                separator: "."
            )
            let counterPath = (parent.isEmpty ? "" : parent + ".") + numEntries
            guard let counter = tree[counterPath], let value = counter.value,
                let reported = Int(value.trimmingXMLWhitespace())
            else { continue }
            if reported != count {
                findings.append(
                    Finding(
                        code: .entriesCount,
                        severity: .warning,
                        path: counterPath,
                        value: value,
                        expected: "\(count) (the instances of \(concrete) present)",
                        model: models.label(table.model),
                        location: counter.location
                    )
                )
            }
        }
    }

    private func checkForcedInform(_ tree: ParameterTree, into findings: inout [Finding]) {
        for root in tree.roots {
            guard let model = models.roots[root] else { continue }
            for parameter in model.parameters.values where parameter.forcedInform && !parameter.path.contains("{i}") {
                if tree[parameter.path] == nil, parameter.status == .current {
                    findings.append(
                        Finding(
                            code: .missingInformParameter,
                            severity: .error,
                            path: parameter.path,
                            expected: "present in every Inform (forcedInform in \(models.label(model)))",
                            model: models.label(model)
                        )
                    )
                }
            }
        }
    }
}

extension ModelSet {
    var rootNames: String {
        (roots.keys.sorted() + services.keys.sorted().map { "Services.\($0)" }).joined(separator: ", ")
    }
}
