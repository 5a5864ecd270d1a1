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

        for entry in tree.entries {
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
            collectInstances(entry.path, model: model, into: &tables)
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

    /// The path up to its first `X_` segment, when it has one.
    static func vendorRoot(_ path: String) -> String? {
        var prefix = ""
        for segment in path.split(separator: ".", omittingEmptySubsequences: true) {
            prefix += segment
            if segment.hasPrefix("X_") { return prefix }
            prefix += "."
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
                    expected: "a current item (deprecated in \(model.label))",
                    model: model.label,
                    location: location
                )
            )
        case .obsoleted, .deleted:
            findings.append(
                Finding(
                    code: .obsolete,
                    severity: status == .deleted ? .error : .info,
                    path: path,
                    expected: "a current item (\(status.rawValue) in \(model.label))",
                    model: model.label,
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
                        ? "a parameter, not an object" : "an object of \(model.label)",
                    model: model.label,
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
                    expected: isObject ? "an object (path ending in '.')" : "a parameter of \(model.label)",
                    model: model.label,
                    location: entry.location
                )
            )
            return
        }
        status(definition.status, path: entry.path, model: model, location: entry.location, into: &findings)
        let secret = definition.syntax.hidden || definition.syntax.secured || SecretParameters.isSecret(entry.path)
        func finding(_ code: FindingCode, _ severity: Severity, _ expected: String, value: String? = nil) -> Finding {
            Finding(
                code: code,
                severity: severity,
                path: entry.path,
                value: secret ? nil : value,
                expected: expected,
                model: model.label,
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

    private func collectInstances(_ path: String, model: DataModel, into tables: inout [String: TableInstances]) {
        let segments = path.split(separator: ".", omittingEmptySubsequences: false)
        var concrete = ""
        for (i, segment) in segments.enumerated() where i > 0 {
            concrete += segments[i - 1] + "."
            guard !segment.isEmpty, segment.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { continue }
            guard let (_, generic) = models.resolve(concrete + segment + ".") else { continue }
            tables[concrete, default: TableInstances(model: model, genericTable: generic, instances: [], location: nil)]
                .instances.insert(String(segment))
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
                        model: table.model.label
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
                        model: table.model.label,
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
                            expected: "present in every Inform (forcedInform in \(model.label))",
                            model: model.label
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
