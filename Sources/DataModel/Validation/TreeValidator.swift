public import CWMP

/// Checks a ``ParameterTree`` against Broadband Forum models (the rules are listed in docs/validation.md).
///
/// ```swift
/// let models = ModelSet([try DataModelLoader.load(bytes, file: "tr-181-2-17-0-cwmp-full.xml")])
/// let report = TreeValidator(models: models).validate(tree)
/// ```
/// What one pass over a path's bytes tells the validator.
struct PathScan {
    /// Bytes up to the end of the first `X_` segment, when there is one (a vendor extension).
    var vendorEnd: Int?
    /// Bytes up to the end of the last numeric (instance) segment; 0 when there is none. Entries
    /// sharing this prefix add no new table instances.
    var instanceEnd = 0
    /// FNV-1a 64-bit hash of the bytes before `instanceEnd`.
    var instanceHash: UInt64 = 0
    /// Bytes up to the end of the first instance segment outside 1…4294967295, when there is one.
    var badInstanceEnd: Int?

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        var start = 0
        while start <= bytes.count {
            var end = start
            var numeric = true
            // The segment's value, saturating just above the unsignedInt maximum.
            var value: UInt64 = 0
            while end < bytes.count, bytes[end] != UInt8(ascii: ".") {
                if bytes[end] < 0x30 || bytes[end] > 0x39 {
                    numeric = false
                } else if value <= 0xFFFF_FFFF {
                    value = value &* 10 &+ UInt64(bytes[end] &- 0x30)
                }
                end += 1
            }
            if end - start >= 2, bytes[start] == UInt8(ascii: "X"), bytes[start + 1] == UInt8(ascii: "_") {
                vendorEnd = end
                return
            }
            if numeric && end > start {
                instanceEnd = end
                if (value == 0 || value > 0xFFFF_FFFF) && badInstanceEnd == nil { badInstanceEnd = end }
            }
            start = end + 1
        }
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for i in 0..<instanceEnd { h = (h ^ UInt64(bytes[i])) &* 0x0000_0100_0000_01b3 }
        instanceHash = h
    }
}

public struct TreeValidator: Sendable {
    public let models: ModelSet

    public init(models: ModelSet) {
        self.models = models
    }

    /// Validates `tree`.
    ///
    /// - Parameters:
    ///   - isInform: the tree came from an Inform: every forced-Inform parameter must be in it.
    ///   - cwmpVersion: the Inform's protocol version, when known. Before CWMP 1.3 there is no
    ///     alias-based addressing, so `ManagementServer.AliasBasedAddressing` is not required then.
    ///   - repeats: the parameters the source reported more than once (``LoadedTree/repeats``):
    ///     each later copy is a `duplicate-parameter` finding, and each copy the tree does not hold
    ///     is checked against the model too.
    public func validate(
        _ tree: ParameterTree,
        isInform: Bool = false,
        cwmpVersion: CWMPVersion? = nil,
        repeats: [RepeatedParameter] = []
    ) -> ValidationReport {
        validate(tree, isInform: isInform, cwmpVersion: cwmpVersion, repeats: repeats, lists: ReferencedLists())
    }

    /// ``validate(_:isInform:cwmpVersion:repeats:)`` with the run's referenced-list cache given
    /// (tests read how many lists it split).
    func validate(
        _ tree: ParameterTree,
        isInform: Bool,
        cwmpVersion: CWMPVersion?,
        repeats: [RepeatedParameter],
        lists: ReferencedLists
    ) -> ValidationReport {
        var findings: [Finding] = []
        var checked = 0
        var vendor = 0
        var vendorRoots: Set<String> = []
        var tables: [String: TableInstances] = [:]
        // Instance prefixes already collected, by 64-bit FNV-1a hash of their bytes (a collision,
        // about 1 in 10^12 for a 5,000-entry tree, would only skip re-recording known instances).
        var seenInstancePrefixes: Set<UInt64> = []
        var badInstances: Set<String> = []
        var unloadedServices: [String: Int] = [:]
        let mismatchedServices = Self.mismatchedServiceMajors(tree, models: models)
        let mismatchedRoots = Self.mismatchedRootMajors(tree, models: models)
        var mismatchedRootFindings: [String: Int] = [:]

        for entry in tree.unorderedEntries {
            var path = entry.path
            let scan = path.withUTF8 { PathScan($0) }
            if let vendorEnd = scan.vendorEnd {
                vendor += 1
                let vendorRoot = String(path.utf8.prefix(vendorEnd)) ?? path
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
            guard let (model, generic) = path.withUTF8({ models.resolve(bytes: $0) }) else {
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
            if !model.isService, let declared = mismatchedRoots[model.rootPath] {
                // Reported once per root, at its first line in the source; nothing under it is checked.
                if let i = mismatchedRootFindings[model.rootPath] {
                    if Self.isEarlier(entry.location, than: findings[i].location) {
                        findings[i].location = entry.location
                    }
                } else {
                    mismatchedRootFindings[model.rootPath] = findings.count
                    findings.append(
                        mismatchedRootFinding(
                            model.rootPath,
                            declared: declared,
                            model: model,
                            location: entry.location
                        )
                    )
                }
                continue
            }
            let mismatchedMount = Self.mismatchedServiceMount(entry.path, model: model, mismatched: mismatchedServices)
            if let mount = mismatchedMount ?? Self.unloadedServiceMount(entry.path, generic: generic, model: model) {
                // Reported once per service, at its first line in the source.
                if let i = unloadedServices[mount] {
                    if Self.isEarlier(entry.location, than: findings[i].location) {
                        findings[i].location = entry.location
                    }
                } else {
                    unloadedServices[mount] = findings.count
                    let name = String(model.rootPath.dropLast())
                    findings.append(
                        mismatchedMount != nil
                            ? mismatchedServiceFinding(
                                mount,
                                declared: mismatchedServices[name] ?? 0,
                                model: model,
                                location: entry.location
                            )
                            : unloadedServiceFinding(mount, model: model, location: entry.location)
                    )
                }
                continue
            }
            checked += 1
            if let end = scan.badInstanceEnd {
                // TR-069 instance numbers are unsignedInt and never 0 (TR-069 Amendment 6 A.2.2.1).
                let instance = (String(path.utf8.prefix(end)) ?? path) + "."
                if badInstances.insert(instance).inserted {
                    findings.append(
                        Finding(
                            code: .invalidInstanceNumber,
                            severity: .error,
                            path: instance,
                            expected: "an instance number 1..4294967295",
                            model: models.label(model),
                            location: entry.location
                        )
                    )
                }
            }
            if scan.instanceEnd > 0, seenInstancePrefixes.insert(scan.instanceHash).inserted {
                collectInstances(entry.path, generic: generic, model: model, into: &tables)
            }
            if entry.isObject {
                // A table's own node (`Device.IP.Interface.`, as a GenieACS document or a
                // GetParameterNamesResponse holds it): the ACS read the whole table, rows or none.
                if model.objects[generic] == nil, model.objects[generic + "{i}."] != nil {
                    tables[
                        entry.path,
                        default: TableInstances(model: model, genericTable: generic + "{i}.", instances: [])
                    ]
                    .node = entry.location ?? TreeLocation()
                }
                checkObject(entry, generic: generic, model: model, into: &findings)
            } else {
                checkParameter(entry, generic: generic, model: model, tree: tree, lists: lists, into: &findings)
            }
        }
        checkRepeats(repeats, tree: tree, lists: lists, into: &findings)
        checkTables(tables, tree: tree, into: &findings)
        checkUniqueKeys(tables, tree: tree, into: &findings)
        if isInform { checkForcedInform(tree, cwmpVersion: cwmpVersion, into: &findings) }
        // Sort indices, not the findings themselves (large structs): by source line, then path.
        let lines = findings.map { $0.location?.line ?? $0.location?.row ?? Int.max }
        let order = findings.indices.sorted { i, j in
            if lines[i] != lines[j] { return lines[i] < lines[j] }
            if findings[i].path != findings[j].path {
                return ParameterPath.naturalOrder(findings[i].path, findings[j].path)
            }
            return findings[i].code < findings[j].code
        }
        findings = order.map { findings[$0] }
        return ValidationReport(findings: findings, parametersChecked: checked, vendorParameters: vendor)
    }

    private func status(
        _ status: ItemStatus,
        inheritedFrom: String?,
        path: String,
        model: DataModel,
        location: TreeLocation?,
        into findings: inout [Finding]
    ) {
        // An item inside a retired object is retired with it (bbfreport/node.py:1377-1410).
        let inherited = inheritedFrom.map { " with its object \($0)" } ?? ""
        switch status {
        case .current: break
        case .deprecated:
            findings.append(
                Finding(
                    code: .deprecated,
                    severity: .info,
                    path: path,
                    expected: "a current item (deprecated\(inherited) in \(models.label(model)))",
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
                    expected: "a current item (\(status.rawValue)\(inherited) in \(models.label(model)))",
                    model: models.label(model),
                    location: location
                )
            )
        }
    }

    func checkObject(_ entry: ParameterEntry, generic: String, model: DataModel, into findings: inout [Finding]) {
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
        status(
            object.status,
            inheritedFrom: object.statusInheritedFrom,
            path: entry.path,
            model: model,
            location: entry.location,
            into: &findings
        )
        // An object's Writable says whether AddObject/DeleteObject may be used on it (TR-069
        // A.3.2.1, GetParameterNames); the model's `access` on the table's `{i}.` object says the
        // same, and a static object is never writable. Info either way (a policy can raise it):
        // devices commonly report the rows of fixed tables writable, and nothing is set by it.
        if let writable = entry.writable {
            let table = model.objects[generic + "{i}."] ?? (generic.hasSuffix("{i}.") ? object : nil)
            let modelWritable = table?.writable ?? false
            if writable != modelWritable {
                findings.append(
                    Finding(
                        code: .writableMismatch,
                        severity: .info,
                        path: entry.path,
                        expected: modelWritable
                            ? "writable (the model allows AddObject/DeleteObject)"
                            : "read-only (the model allows no AddObject/DeleteObject here)",
                        model: models.label(model),
                        location: entry.location
                    )
                )
            }
        }
    }

    func checkParameter(
        _ entry: ParameterEntry,
        generic: String,
        model: DataModel,
        tree: ParameterTree,
        lists: ReferencedLists,
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
        if definition.status != .current {
            status(
                definition.status,
                inheritedFrom: definition.statusInheritedFrom,
                path: entry.path,
                model: model,
                location: entry.location,
                into: &findings
            )
        }
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
                model: models.label(model),
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
        guard let value = entry.value else { return }
        if definition.syntax.hidden || definition.syntax.secured || definition.syntax.command {
            // They MUST read back as the null value of their base type (cwmp-datamodel-1-14.xsd:986-1000,
            // TR-106 A.2.3.5); CWMP gives no controller the right to read a secured one. The value of
            // a hidden or secured parameter is never shown.
            let nulls = definition.syntax.nullValues
            if nulls.contains(value) { return }
            let null = nulls.first.map { $0.isEmpty ? "the empty string" : $0 } ?? ""
            findings.append(finding(.hiddenValue, .warning, "\(null) (it reads back as null)", value: value))
            if definition.syntax.command { return }
        }
        let problems = models.checker.check(value, against: definition.syntax)
        for problem in problems {
            findings.append(finding(problem.code, problem.severity, problem.expected, value: value))
        }
        if let reference = definition.syntax.enumerationRef, !problems.contains(where: { $0.severity == .error }),
            let expected = Self.enumerationRefProblem(
                value,
                reference,
                isList: definition.syntax.list != nil,
                path: entry.path,
                generic: generic,
                tree: tree,
                lists: lists
            )
        {
            findings.append(finding(.notInEnumerationRef, .warning, expected, value: value))
        }
        if let reference = definition.syntax.pathRef, !problems.contains(where: { $0.severity == .error }),
            let expected = pathRefProblem(value, reference)
        {
            findings.append(finding(.invalidReference, .warning, expected, value: value))
        }
    }

    /// Instances of each concrete table seen in the tree.
    struct TableInstances {
        var model: DataModel
        var genericTable: String
        var instances: Set<String>
        /// The location of the table's own object node, when the tree has it: then the tree holds
        /// every row the device has (see ``checkTables(_:tree:into:)``).
        var node: TreeLocation?
    }

    /// Records, for every numeric instance segment of `path`, the concrete table it belongs to
    /// (`Device.IP.Interface.` → instance `3`). `generic` is `path` with instances as `{i}`.
    private func collectInstances(
        _ path: String,
        generic: String,
        model: DataModel,
        into tables: inout [String: TableInstances]
    ) {
        var path = path
        var generic = generic
        path.withUTF8 { p in
            generic.withUTF8 { g in
                // Walk both paths segment by segment; a mounted service's generic path is shorter
                // (it starts at the service), so it is aligned on the right.
                let segments = Self.segmentRanges(p)
                let genericSegments = Self.segmentRanges(g)
                let offset = segments.count - genericSegments.count
                guard offset >= 0 else { return }
                for (i, range) in segments.enumerated() where i >= offset {
                    let gRange = genericSegments[i - offset]
                    guard gRange.count == 3, g[gRange.lowerBound] == UInt8(ascii: "{") else { continue }
                    let prefix = String(decoding: UnsafeBufferPointer(rebasing: p[..<range.lowerBound]), as: UTF8.self)
                    let table =
                        String(decoding: UnsafeBufferPointer(rebasing: g[..<gRange.upperBound]), as: UTF8.self) + "."
                    let instance = String(decoding: UnsafeBufferPointer(rebasing: p[range]), as: UTF8.self)
                    tables[prefix, default: TableInstances(model: model, genericTable: table, instances: [])]
                        .instances.insert(instance)
                }
            }
        }
    }

    /// The byte ranges of a path's dot-separated segments.
    static func segmentRanges(_ bytes: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start = 0
        for (i, b) in bytes.enumerated() where b == UInt8(ascii: ".") {
            ranges.append(start..<i)
            start = i + 1
        }
        ranges.append(start..<bytes.count)
        return ranges
    }

    /// minEntries/maxEntries and `…NumberOfEntries` counters. A tree may hold part of a table (a
    /// GetParameterValues of `Device.WiFi.AccessPoint.1.AC.1.AccessCategory` returns one row of a
    /// 4-row table), so what is missing counts only where the tree holds the whole table — its own
    /// object node is there (a GenieACS document, a GetParameterNamesResponse) — or the device's
    /// own counter says so. What is present always counts: more rows than maxEntries, or than the
    /// counter, contradict the model or the device.
    private func checkTables(_ tables: [String: TableInstances], tree: ParameterTree, into findings: inout [Finding]) {
        var unplaced: [Int] = []
        for (concrete, table) in tables {
            guard let object = table.model.objects[table.genericTable] else { continue }
            let count = table.instances.count
            let whole = table.node != nil
            var counter: (path: String, entry: ParameterEntry, value: Int)?
            if let numEntries = object.numEntriesParameter {
                // The counter lives in the parent object: Device.IP.Interface. → Device.IP.InterfaceNumberOfEntries
                let parent = concrete.dropLast().split(separator: ".", omittingEmptySubsequences: false).dropLast()
                    .joined(separator: ".")
                let counterPath = (parent.isEmpty ? "" : parent + ".") + numEntries
                if let entry = tree[counterPath], let value = entry.value,
                    let reported = Int(value.trimmingXMLWhitespace())
                {
                    counter = (counterPath, entry, reported)
                }
            }
            let range = "\(object.minEntries)..\(object.maxEntries.map(String.init) ?? "unbounded") instances"
            if object.maxEntries.map({ count > $0 }) == true || (whole && count < object.minEntries) {
                findings.append(
                    Finding(
                        code: .instanceCount,
                        severity: .error,
                        path: concrete,
                        value: String(count),
                        expected: range,
                        model: models.label(table.model),
                        location: table.node?.line != nil || table.node?.row != nil ? table.node : nil
                    )
                )
                if findings[findings.count - 1].location == nil { unplaced.append(findings.count - 1) }
            } else if !whole, let counter, counter.value < object.minEntries {
                findings.append(
                    Finding(
                        code: .instanceCount,
                        severity: .error,
                        path: concrete,
                        value: String(counter.value),
                        expected: "\(range) (\(counter.path) says \(counter.value))",
                        model: models.label(table.model),
                        location: counter.entry.location
                    )
                )
            }
            guard let counter, counter.value != count, whole || counter.value < count else { continue }
            findings.append(
                Finding(
                    code: .entriesCount,
                    severity: .warning,
                    path: counter.path,
                    value: counter.entry.value,
                    expected: "\(count) (the instances of \(concrete) present)",
                    model: models.label(table.model),
                    location: counter.entry.location
                )
            )
        }
        placeAtFirstRow(unplaced, tree: tree, findings: &findings)
    }

    /// Gives the findings at `indices` (about a table, by its path) the location of the table's
    /// first row in the source, so that every report can place them. One pass over the tree, only
    /// when there are such findings.
    private func placeAtFirstRow(_ indices: [Int], tree: ParameterTree, findings: inout [Finding]) {
        guard !indices.isEmpty else { return }
        var wanted: [Substring: Int] = [:]
        for i in indices { wanted[findings[i].path[...]] = i }
        for entry in tree.unorderedEntries {
            guard let location = entry.location, location.line != nil || location.row != nil else { continue }
            var end = entry.path.startIndex
            while let dot = entry.path[end...].firstIndex(of: ".") {
                end = entry.path.index(after: dot)
                guard let i = wanted[entry.path[..<end]] else { continue }
                if Self.isEarlier(location, than: findings[i].location) { findings[i].location = location }
            }
        }
    }

    /// Whether `a` is a known place before `b` (or `b` is unknown), by line, else CSV row.
    static func isEarlier(_ a: TreeLocation?, than b: TreeLocation?) -> Bool {
        guard let a, let order = a.line ?? a.row else { return false }
        guard let b, let other = b.line ?? b.row else { return true }
        return order < other
    }

    private func checkForcedInform(_ tree: ParameterTree, cwmpVersion: CWMPVersion?, into findings: inout [Finding]) {
        for root in tree.roots {
            guard let model = models.roots[root] else { continue }
            // Items newer than the data-model version the device declares are not required of it
            // (a TR-181 device declares RootDataModelVersion).
            let declared = tree[root + "RootDataModelVersion"]?.value.flatMap(ModelVersion.init)
            // Without RootDataModelVersion (introduced in Device:2.4, tr-181-2-17-0-cwmp-full.xml:3520-3521)
            // and without CWMP 1.3 or later, the device may implement Device:2.0–2.3, which has
            // neither it nor anything newer: those are then a warning, not an error.
            let sinceVersionParameter = model.parameters[root + "RootDataModelVersion"]?.version.flatMap(
                ModelVersion.init
            )
            let mayPredate = declared == nil && !(cwmpVersion.map { $0 >= .v1_3 } ?? false)
            for parameter in model.parameters.values where parameter.forcedInform && !parameter.path.contains("{i}") {
                guard tree[parameter.path] == nil, parameter.status == .current else { continue }
                if let declared, let introduced = parameter.version.flatMap(ModelVersion.init), introduced > declared {
                    continue
                }
                // Alias-based addressing arrived with CWMP 1.3 (TR-069 Amendment 4).
                if parameter.path.hasSuffix(".ManagementServer.AliasBasedAddressing"), let cwmpVersion,
                    cwmpVersion < .v1_3
                {
                    continue
                }
                if mayPredate, let since = sinceVersionParameter,
                    let introduced = parameter.version.flatMap(ModelVersion.init), introduced >= since
                {
                    let cwmp = cwmpVersion.map { "CWMP \($0.rawValue)" } ?? "an unknown CWMP version"
                    let name = root.dropLast()
                    findings.append(
                        Finding(
                            code: .missingInformParameter,
                            severity: .warning,
                            path: parameter.path,
                            expected: "present in every Inform of a device implementing \(name):"
                                + "\(introduced.major).\(introduced.minor) or later (forcedInform in "
                                + "\(models.label(model))); not required of a device implementing a version before "
                                + "\(name):\(since.major).\(since.minor), which this may be (no RootDataModelVersion, \(cwmp))",
                            model: models.label(model)
                        )
                    )
                    continue
                }
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

/// A `major.minor` data-model version (`2.17`), compared numerically.
struct ModelVersion: Comparable {
    var major: Int
    var minor: Int

    init?(_ text: String) {
        let parts = text.split(separator: ".").map { $0.trimmingXMLWhitespace() }
        guard parts.count >= 2, let major = Int(parts[0]), let minor = Int(parts[1]) else { return nil }
        self.major = major
        self.minor = minor
    }

    static func < (a: Self, b: Self) -> Bool { (a.major, a.minor) < (b.major, b.minor) }
}
