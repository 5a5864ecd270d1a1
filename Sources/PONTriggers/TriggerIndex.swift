public import Rules

/// Trigger rules indexed so that one event is checked only against the rules that may fire for it.
///
/// Per trigger, a rule is filed under the most selective exact key it has: its exact serial numbers,
/// else the four-letter prefix of its serial globs (`HWTC*`), else its exact vendor ids, else its exact
/// OLTs; rules with none of those are checked for every event of the trigger. Matching an event costs
/// a few dictionary lookups plus the full check of the candidates, so 1,000 per-ONU rules cost about
/// what a handful do.
public struct TriggerIndex: Sendable {
    fileprivate struct Bucket: Sendable {
        var bySerial: [String: [Int]] = [:]
        var bySerialPrefix: [String: [Int]] = [:]
        var byVendor: [String: [Int]] = [:]
        var byOLT: [String: [Int]] = [:]
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
        var candidates = bucket.always
        if let serial = facts.serial {
            if let hit = bucket.bySerial[serial] { candidates += hit }
            if serial.utf8.count >= 4, let hit = bucket.bySerialPrefix[String(serial.prefix(4))] { candidates += hit }
        }
        if let vendor = facts.vendor, let hit = bucket.byVendor[vendor] { candidates += hit }
        if let olt = facts.oltID, let hit = bucket.byOLT[olt] { candidates += hit }
        if let olt = facts.oltSerial, olt != facts.oltID, let hit = bucket.byOLT[olt] { candidates += hit }
        if candidates.count > 1 { candidates.sort() }
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
            for s in Set(serials) { bySerial[s, default: []].append(index) }
            return
        }
        for condition in rule.conditions where condition.field == .serial {
            guard case .patterns(let patterns) = condition.test else { continue }
            let prefixes = patterns.map { String($0.literalPrefix.prefix(4)) }
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
        always.append(index)
    }
}
