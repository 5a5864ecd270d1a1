public import Rules

/// Trigger rules indexed so that one event is checked only against the rules that may fire for it.
///
/// Per trigger, a rule is filed under the most selective exact key it has: its exact serial numbers,
/// else the four-letter prefix of its serial globs (`HWTC*`), else its exact vendor ids, else its exact
/// OLTs, else the literal start of its alarm patterns (`ONU_TEMP_*`, or a whole exact name); rules
/// with none of those are checked for every event of the trigger. Matching an event costs a few
/// dictionary lookups plus the full check of the candidates, so 1,000 per-ONU rules cost about what a
/// handful do.
public struct TriggerIndex: Sendable {
    fileprivate struct Bucket: Sendable {
        var bySerial: [String: [Int]] = [:]
        var bySerialPrefix: [String: [Int]] = [:]
        var byVendor: [String: [Int]] = [:]
        var byOLT: [String: [Int]] = [:]
        /// By the literal start of the rule's alarm patterns, per length of that start.
        var byAlarmPrefix: [Int: [String: [Int]]] = [:]
        var always: [Int] = []
    }

    /// The rules, in the order given (by name, as ``RuleSet`` holds them).
    public let rules: [TriggerRule]
    private var buckets: [TriggerEvent: Bucket] = [:]

    /// Indexes `rules`.
    public init(_ rules: [TriggerRule]) {
        self.rules = rules
        for (index, rule) in rules.enumerated() {
            for trigger in rule.triggers { buckets[trigger, default: Bucket()].file(index, rule) }
        }
    }

    /// The rules that fire for `trigger` with `facts`, in rule order.
    public func matching(_ trigger: TriggerEvent, _ facts: TriggerFacts) -> [TriggerRule] {
        guard let bucket = buckets[trigger] else { return [] }
        // Each list is in rule order: one list alone is checked as it is, without a copy.
        var candidates = bucket.always
        var merged = false
        func add(_ hit: [Int]?) {
            guard let hit, !hit.isEmpty else { return }
            if candidates.isEmpty {
                candidates = hit
            } else {
                candidates += hit
                merged = true
            }
        }
        if let serial = facts.serial {
            // Keys without case: a GPON serial matches whatever the case of its letters
            // (TriggerCondition); the full check below decides for other serials.
            let key = serial.lowercased()
            add(bucket.bySerial[key])
            if !bucket.bySerialPrefix.isEmpty, key.utf8.count >= 4 {
                add(bucket.bySerialPrefix[String(key.prefix(4))])
            }
        }
        if let vendor = facts.vendor { add(bucket.byVendor[vendor]) }
        if !bucket.byOLT.isEmpty {
            if let olt = facts.oltID { add(bucket.byOLT[olt]) }
            if let olt = facts.oltSerial, olt != facts.oltID { add(bucket.byOLT[olt]) }
            // ONOS events: the OLT's OpenFlow id, which `olt:` matches too (TriggerCondition).
            if let olt = facts.ofDevice { add(bucket.byOLT[olt]) }
        }
        if let alarm = facts.alarm {
            for (length, byPrefix) in bucket.byAlarmPrefix where alarm.utf8.count >= length {
                add(byPrefix[String(alarm.utf8.prefix(length)) ?? ""])
            }
        }
        if merged { candidates.sort() }
        var out: [TriggerRule] = []
        var last = -1
        for index in candidates where index != last {
            last = index
            if rules[index].fires(trigger, facts) { out.append(rules[index]) }
        }
        return out
    }
}

extension TriggerIndex.Bucket {
    fileprivate mutating func file(_ index: Int, _ rule: TriggerRule) {
        func exact(_ field: TriggerCondition.Field) -> [String]? {
            for condition in rule.conditions where condition.field == field {
                guard case .patterns(let patterns) = condition.test else { continue }
                var values: [String] = []
                for case .exact(let text) in patterns { values.append(text) }
                if values.count == patterns.count { return values }
            }
            return nil
        }
        if let serials = exact(.serial) {
            for s in Set(serials.map { $0.lowercased() }) { bySerial[s, default: []].append(index) }
            return
        }
        for condition in rule.conditions where condition.field == .serial {
            guard case .patterns(let patterns) = condition.test else { continue }
            let prefixes = patterns.map { String($0.literalPrefix.prefix(4)).lowercased() }
            if prefixes.allSatisfy({ $0.utf8.count == 4 }) {
                for p in Set(prefixes) { bySerialPrefix[p, default: []].append(index) }
                return
            }
        }
        if let vendors = exact(.vendor) {
            for v in Set(vendors) { byVendor[v, default: []].append(index) }
            return
        }
        if let olts = exact(.olt) {
            for o in Set(olts) { byOLT[o, default: []].append(index) }
            return
        }
        for condition in rule.conditions where condition.field == .alarm {
            guard case .patterns(let patterns) = condition.test else { continue }
            let prefixes = Set(patterns.map { $0.literalPrefix })
            if !prefixes.contains("") {
                for p in prefixes { byAlarmPrefix[p.utf8.count, default: [:]][p, default: []].append(index) }
                return
            }
        }
        always.append(index)
    }
}
