import FerruleJSON

/// Provisions run natively: the built-ins of GenieACS 1.2.16 lib/default-provisions.ts, which every task kind of
/// lib/cwmp.ts:681-737 becomes.
extension StandInState {
    enum ExecutionOutcome: Equatable {
        case success
        case fault(code: String, message: String, detail: JSONValue?)
    }

    static let builtInProvisions: Set<String> = ["refresh", "value", "tag", "reboot", "reset", "download", "instances"]

    /// Runs one channel's provisions on a device, all or nothing: a fault discards the run's changes.
    ///
    /// Scenario faults are checked first, per provision name, then per `ruleKey` (the task kind); the roll is
    /// deterministic per seed, device, channel and attempt.
    mutating func execute(
        _ provisions: [[JSONValue]],
        device di: Int,
        channel: String,
        ruleKey: String,
        attempt: Int,
        now: Int64
    ) -> ExecutionOutcome {
        let deviceID = devices[di].id
        var keys = provisions.compactMap { $0.first?.stringValue }
        keys.append(ruleKey)
        var seen: Set<String> = []
        for key in keys where seen.insert(key).inserted {
            guard let rule = scenario.faults[key] else { continue }
            let roll = DeterministicHash.unit(scenario.seed, "fault", deviceID, channel, key, String(attempt))
            if roll < rule.rate { return .fault(code: rule.code, message: rule.message, detail: Self.detail(rule)) }
        }

        let model = models[devices[di].model]
        var run = ProvisionRun(tree: DeviceTree(devices[di], model: model), now: now)
        for provision in provisions {
            guard let name = provision.first?.stringValue else { continue }
            let args = Array(provision.dropFirst())
            // GenieACS 1.2.16 lib/default-provisions.ts: user provisions with the same name take precedence (here: no
            // effect); unknown names are ignored.
            if documents["provisions"]?[name] != nil { continue }
            switch name {
            case "refresh": run.refresh(args)
            case "value": run.setValue(args)
            case "tag":
                if let tag = args.first?.stringValue ?? args.first.map(\.compactText) {
                    run.tags.append((tag, args.count > 1 ? TaskSanitizer.isTruthy(args[1]) : true))
                }
            case "reboot": run.reboot = true
            case "reset": run.reset = true
            case "download":
                guard args.count >= 2, let fileType = args[0].stringValue, let fileName = args[1].stringValue else {
                    // #309: a legacy download of a missing file gives the provision nulls; it never converges.
                    return .fault(code: "too_many_commits", message: "Too many commit iterations", detail: nil)
                }
                run.downloads.append((fileType, fileName, args.count > 2 ? args[2].stringValue ?? "" : ""))
            case "instances": run.instances(args)
            default: continue
            }
        }
        if !run.invalid.isEmpty {
            // The simulated CPE rejects values it cannot take (TR-069 9003 with per-parameter 9007), GenieACS 1.2.16
            // lib/db/types.ts:4-21 detail.
            return .fault(
                code: "cwmp.9003",
                message: "Invalid arguments",
                detail: .object([
                    ("faultCode", .string("9003")), ("faultString", .string("Invalid arguments")),
                    (
                        "setParameterValuesFault",
                        .array(
                            run.invalid.map {
                                .object([
                                    ("parameterName", .string($0)), ("faultCode", .string("9007")),
                                    ("faultString", .string("Invalid parameter value")),
                                ])
                            }
                        )
                    ),
                ])
            )
        }

        // Commit.
        if run.reset {
            // FactoryReset: back to the fixture tree; the CPE boots with `0 BOOTSTRAP` (GenieACS 1.2.16
            // lib/cwmp/db.ts:104-150).
            devices[di].delta = nil
            devices[di].refreshes = []
            devices[di].pendingBoot = true
            devices[di].pendingBootstrap = true
        } else if run.changed {
            devices[di].delta = run.tree.delta(for: devices[di], model: model)
        }
        for prefix in run.refreshes { devices[di].refresh(prefix, at: now) }
        for (tag, present) in run.tags { setTag(tag, device: di, present: present) }
        if run.reboot { devices[di].pendingBoot = true }
        if run.reboot || run.reset {
            events.push(at: now + Int64(max(1, scenario.latencies.crToSessionMs)), device: di, .sessionStart)
        }
        for (fileType, fileName, target) in run.downloads {
            startDownload(
                device: di,
                channel: channel,
                fileType: fileType,
                fileName: fileName,
                targetFileName: target,
                provisions: provisions,
                ruleKey: ruleKey,
                attempt: attempt,
                now: now
            )
        }
        return .success
    }

    private static func detail(_ rule: Scenario.FaultRule) -> JSONValue? {
        guard rule.code.hasPrefix("cwmp.") else { return nil }
        return .object([("faultCode", .string(String(rule.code.dropFirst(5)))), ("faultString", .string(rule.message))])
    }

    /// GenieACS 1.2.16 lib/cwmp.ts:334-354; lib/cwmp/db.ts:707-725 phase 1: the CPE accepted the Download; the
    /// operation waits for TransferComplete or the timeout.
    private mutating func startDownload(
        device di: Int,
        channel: String,
        fileType: String,
        fileName: String,
        targetFileName: String,
        provisions: [[JSONValue]],
        ruleKey: String,
        attempt: Int,
        now: Int64
    ) {
        stats.downloadsStarted += 1
        let deviceID = devices[di].id
        var h = DeterministicHash(seed: scenario.seed)
        h.combine("commandKey")
        h.combine(deviceID)
        h.combine(Int(nextSeq))
        let commandKey = String(h.value % 2_821_109_907_456, radix: 36)  // up to 8 base-36 digits
        let known = scenario.firmware.versions[fileName] != nil || documents["files"]?[fileName] != nil
        let roll = DeterministicHash.unit(scenario.seed, "firmware", deviceID, channel, String(attempt))
        let outcome: OperationRecord.Outcome =
            if !known {
                .failure  // the CPE cannot fetch a file the file server does not have
            } else if roll < scenario.firmware.successRate {
                .success
            } else if roll < scenario.firmware.successRate + scenario.firmware.timeoutRate {
                .timeout
            } else {
                .failure
            }
        let op = OperationRecord(
            device: deviceID,
            commandKey: commandKey,
            channel: channel,
            timestamp: now,
            retries: attempt,
            fileType: fileType,
            fileName: fileName,
            targetFileName: targetFileName,
            provisions: provisions,
            ruleKey: ruleKey,
            outcome: outcome
        )
        operations[op.id] = op
        operationsByDevice[deviceID, default: []].insert(op.id)
        switch outcome {
        case .success, .failure:
            events.push(at: now + Int64(max(0, scenario.firmware.delayMs)), device: di, .transferComplete(op.id))
        case .timeout:
            events.push(
                at: now + Int64(scenario.downloadTimeoutSeconds * 1000),
                device: di,
                .downloadTimeout(op.id)
            )
        }
    }
}

/// The changes of one provisions run, applied only if it does not fault.
struct ProvisionRun {
    var tree: DeviceTree
    let now: Int64
    var changed = false
    var refreshes: [String] = []
    var tags: [(String, Bool)] = []
    var reboot = false
    var reset = false
    var downloads: [(String, String, String)] = []
    /// Parameters whose value the CPE would reject.
    var invalid: [String] = []

    init(tree: DeviceTree, now: Int64) {
        self.tree = tree
        self.now = now
    }

    /// `refresh(path, …)`: timestamps of the path and below; an unknown path is forgotten (9005, GenieACS 1.2.16
    /// lib/session.ts:2917-2918).
    mutating func refresh(_ args: [JSONValue]) {
        let text = args.first?.stringValue ?? ""
        let pattern = PathPattern(text)
        if pattern.segments.isEmpty {
            refreshes.append("")
            return
        }
        refreshes += pattern.resolve(in: tree)
    }

    /// `value(path, value)` / `value(path, attribute, value)` — GenieACS 1.2.16 lib/api-functions.ts:260-271;
    /// lib/cwmp.ts:692-700 SetParameterValues semantics: the value is converted to the parameter's known type;
    /// unchanged, non-writable and unknown parameters are skipped silently.
    mutating func setValue(_ args: [JSONValue]) {
        guard let path = args.first?.stringValue else { return }
        var value: JSONValue
        if args.count >= 3 {
            guard args[1].stringValue == "value" else { return }  // notification / accessList: no effect here
            value = args[2]
        } else if args.count == 2 {
            value = args[1]
        } else {
            return
        }
        if case .array(let pair) = value, let first = pair.first { value = first }
        for p in PathPattern(path).resolve(in: tree) {
            guard let node = tree.nodes[p], !node.isObject, node.writable else { continue }
            guard let converted = Self.convert(value, to: node.type) else {
                invalid.append(p)
                continue
            }
            if converted == node.value { continue }
            tree.nodes[p]?.value = converted
            tree.nodes[p]?.timestamp = now
            changed = true
        }
    }

    /// `instances(path, count | "+N" | "-N")`: AddObject/DeleteObject until that many instances match.
    mutating func instances(_ args: [JSONValue]) {
        guard let path = args.first?.stringValue, args.count >= 2 else { return }
        let pattern = PathPattern(path)
        guard let last = pattern.segments.last, pattern.segments.count >= 2 else { return }
        let parents = PathPattern.resolve(pattern.segments.dropLast(), from: [""], in: tree)
        for parent in parents {
            guard tree.nodes[parent]?.isObject == true else { continue }
            let numbered = tree.children(of: parent).filter { Int($0) != nil }
            let matching: [String] =
                switch last {
                case .literal(let name): numbered.filter { $0 == name }
                case .wildcard: numbered
                case .alias(let pairs):
                    numbered.filter { PathPattern.matches(PathPattern.join(parent, $0), pairs, tree) }
                }
            var desired = matching.count
            switch args[1] {
            case .number(let n): desired = Int(Double(n) ?? 0)
            case .string(let s):
                if s.hasPrefix("+"), let n = Int(s.dropFirst()) {
                    desired = matching.count + n
                } else if s.hasPrefix("-"), let n = Int(s.dropFirst()) {
                    desired = max(0, matching.count - n)
                } else if let n = Int(s) {
                    desired = n
                }
            default: continue
            }
            desired = max(0, desired)
            if matching.count > desired {
                for name in matching.suffix(matching.count - desired) {
                    tree.removeSubtree(PathPattern.join(parent, name))
                    changed = true
                }
            } else if matching.count < desired {
                var alias: [PathPattern.AliasPair] = []
                if case .alias(let pairs) = last { alias = pairs }
                for _ in matching.count..<desired { addInstance(parent, template: numbered.first, alias: alias) }
            }
        }
    }

    /// The CPE's AddObject: the next instance number, the children of an existing instance with default values,
    /// then the alias keys set.
    private mutating func addInstance(_ parent: String, template: String?, alias: [PathPattern.AliasPair]) {
        let next = (tree.children(of: parent).compactMap { Int($0) }.max() ?? 0) + 1
        let instance = parent + "." + String(next)
        tree.nodes[instance] = ParamNode(isObject: true, writable: true, value: nil, type: nil, timestamp: now)
        if let template {
            let source = parent + "." + template
            for path in tree.subtree(source) where path != source {
                guard var node = tree.nodes[path] else { continue }
                node.value = node.isObject ? nil : Self.defaultValue(node.type)
                node.timestamp = now
                tree.nodes[instance + String(path.dropFirst(source.count))] = node
            }
        }
        for pair in alias {
            let path = instance + "." + pair.key
            let type = tree.nodes[path]?.type ?? "xsd:string"
            let value = Self.convert(.string(pair.value), to: type) ?? .string(pair.value)
            tree.nodes[path] = ParamNode(
                isObject: false,
                writable: tree.nodes[path]?.writable ?? true,
                value: value,
                type: type,
                timestamp: now
            )
        }
        changed = true
    }

    private static func defaultValue(_ type: String?) -> ParamValue {
        switch type?.lowercased() {
        case "xsd:boolean": .bool(false)
        case "xsd:int", "xsd:unsignedint", "xsd:long", "xsd:unsignedlong": .number(0)
        case "xsd:datetime": .date(0)
        default: .string("")
        }
    }

    /// GenieACS 1.2.16 lib/api-functions.ts:260-271; lib/cwmp.ts:692-700: booleans from `true/false/1/0`, integers with
    /// `parseInt`, dates with `Date.parse`; nil when the value does not convert (the CPE answers 9007).
    static func convert(_ value: JSONValue, to type: String?) -> ParamValue? {
        let text: String =
            switch value {
            case .string(let s): s
            case .number(let n): n
            case .bool(let b): b ? "true" : "false"
            default: value.compactText
            }
        switch type?.lowercased() {
        case "xsd:boolean":
            switch text.trimmed(of: " ").lowercased() {
            case "true", "1": return .bool(true)
            case "false", "0": return .bool(false)
            default: return nil
            }
        case "xsd:int", "xsd:long", "xsd:integer":
            return parseInt(text).map { .number(Double($0)) }
        case "xsd:unsignedint", "xsd:unsignedlong":
            guard let n = parseInt(text), n >= 0 else { return nil }
            return .number(Double(n))
        case "xsd:datetime":
            if case .number(let n) = value, let ms = Double(n) { return .date(Int64(ms)) }
            return Timestamp.parse(text).map { .date($0) }
        default:
            return .string(text)
        }
    }

    /// JavaScript's `parseInt`: leading blanks, a sign, digits up to the first non-digit.
    static func parseInt(_ text: String) -> Int64? {
        var s = Substring(text.trimmed(of: " \t\n\r"))
        var negative = false
        if s.first == "-" || s.first == "+" {
            negative = s.first == "-"
            s = s.dropFirst()
        }
        let digits = s.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, let v = Int64(digits) else { return nil }
        return negative ? -v : v
    }
}
