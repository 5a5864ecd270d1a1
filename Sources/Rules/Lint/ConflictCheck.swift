import FerruleCore
/// Finds rules that set one parameter to different literal values on devices both may match,
/// in time linear in the writes for the usual rule sets, and bounded for any.
///
/// Writes are grouped by path, then by the rule's match *signature* (product classes, OUIs,
/// manufacturers, serial numbers, tags and events): rules with one signature match the same
/// devices, so a group is compared once with each other group, not rule by rule. Groups whose
/// matches name exact values in one dimension (one serial number each, one product class each)
/// are only compared with the groups that share a value. At most ``detailedPairs`` conflicts are
/// listed per path, then one summary says how many rules and values are involved.
struct ConflictCheck {
    /// Conflicting pairs listed one by one per path before the summary.
    static let detailedPairs = 3
    /// Group comparisons per path after which the check stops, with a note saying so.
    static let maxComparisonsPerPath = 2_000_000

    private struct Write {
        var rule: Int
        var value: String
        var location: RuleLocation
    }

    /// The parts of a match that decide whether two rules can meet on one device: false only when
    /// they provably target different devices or sessions.
    private struct Signature: Hashable {
        /// Exact (wildcard-free) value sets per dimension: serial number, product class, OUI,
        /// manufacturer; nil when the dimension is open.
        var exact: [Set<String>?]
        var tagsAll: Set<String>
        var tagsNone: Set<String>
        var requiredEvents: Set<String>
        var forbiddenEvents: Set<String>

        init(_ rule: Rule) {
            func exact(_ patterns: [String]) -> Set<String>? {
                patterns.isEmpty || patterns.contains(where: { $0.contains("*") || $0.contains("?") })
                    ? nil : Set(patterns.map { $0.uppercased() })
            }
            let m = rule.match
            self.exact = [exact(m.serialNumber), exact(m.productClass), exact(m.oui), exact(m.manufacturer)]
            tagsAll = Set(m.tagsAll)
            tagsNone = Set(m.tagsNone)
            requiredEvents = Set(rule.triggers.events.filter(\.required).map(\.code))
            forbiddenEvents = Set(rule.triggers.events.filter { !$0.required }.map(\.code))
        }

        func mayOverlap(_ other: Signature) -> Bool {
            for d in 0..<exact.count {
                if let p = exact[d], let q = other.exact[d], p.isDisjoint(with: q) { return false }
            }
            return tagsAll.isDisjoint(with: other.tagsNone) && other.tagsAll.isDisjoint(with: tagsNone)
                && requiredEvents.isDisjoint(with: other.forbiddenEvents)
                && other.requiredEvents.isDisjoint(with: forbiddenEvents)
        }
    }

    /// The writes of one path by rules with one signature.
    private struct Group {
        var signature: Int
        var writes: [Write] = []
        /// A write whose value differs from `writes[0]`'s, from another rule, if any.
        var other: Write?
    }

    private let rules: [Rule]
    private var signatures: [Signature] = []
    private var signatureOfRule: [Int] = []

    init(_ rules: [Rule]) {
        self.rules = rules
        var ids: [Signature: Int] = [:]
        signatureOfRule.reserveCapacity(rules.count)
        for rule in rules {
            let signature = Signature(rule)
            if let id = ids[signature] {
                signatureOfRule.append(id)
            } else {
                ids[signature] = signatures.count
                signatureOfRule.append(signatures.count)
                signatures.append(signature)
            }
        }
    }

    /// Reports the conflicts of every path, sorted by path.
    func run(_ diagnostics: inout DiagnosticCollector) {
        var writes: [String: [Write]] = [:]
        for (index, rule) in rules.enumerated() {
            for case .set(let path, let value, _, let at) in rule.actions {
                guard let literal = value.literal else { continue }
                writes[path, default: []].append(Write(rule: index, value: literal, location: at))
            }
        }
        for path in writes.keys.sorted() {
            guard let list = writes[path], list.count > 1, list.contains(where: { $0.value != list[0].value }) else {
                continue
            }
            check(path, list, &diagnostics)
        }
    }

    private func check(_ path: String, _ list: [Write], _ diagnostics: inout DiagnosticCollector) {
        var groups: [Group] = []
        var groupOfSignature: [Int: Int] = [:]
        for write in list {
            let signature = signatureOfRule[write.rule]
            let index = groupOfSignature[signature] ?? groups.count
            if index == groups.count {
                groupOfSignature[signature] = index
                groups.append(Group(signature: signature))
            }
            if let first = groups[index].writes.first, groups[index].other == nil, first.value != write.value,
                rules[first.rule].name != rules[write.rule].name
            {
                groups[index].other = write
            }
            groups[index].writes.append(write)
        }
        var pairs: [(Write, Write)] = []
        var involved = [Bool](repeating: false, count: groups.count)
        func record(_ a: Int, _ b: Int, _ pair: (Write, Write)) {
            involved[a] = true
            involved[b] = true
            if pairs.count <= Self.detailedPairs { pairs.append(pair) }
        }
        for (index, group) in groups.enumerated() where group.other != nil {
            let first = group.writes[0]
            for write in group.writes
            where write.value != first.value && rules[write.rule].name != rules[first.rule].name {
                record(index, index, (first, write))
                if pairs.count > Self.detailedPairs { break }
            }
        }
        // Once enough pairs are listed, a pair of groups already known to conflict adds nothing.
        let settled = { (a: Int, b: Int) in pairs.count > Self.detailedPairs && involved[a] && involved[b] }
        let visit = { (a: Int, b: Int) in
            if let pair = differing(groups[a], groups[b]) { record(a, b, pair) }
        }
        let truncated = !comparePairs(groups, skip: settled, visit)
        let rulesInvolved = groups.indices.reduce(0) { $0 + (involved[$1] ? groups[$1].writes.count : 0) }
        report(path, list, pairs, rulesInvolved, truncated, &diagnostics)
    }

    /// Calls `body` once for each pair of groups whose matches may overlap, except pairs `skip`
    /// says are settled; false when the comparison budget ran out first.
    private func comparePairs(
        _ groups: [Group],
        skip: (Int, Int) -> Bool,
        _ body: (Int, Int) -> Void
    ) -> Bool {
        // Partition on the dimension where most groups name exact values: such groups can only
        // meet groups sharing a value, found through the index; the rest meet everything.
        let dimensions = signatures.first?.exact.count ?? 0
        let partition = (0..<dimensions).max { d, e in
            groups.count { signatures[$0.signature].exact[d] != nil }
                < groups.count { signatures[$0.signature].exact[e] != nil }
        }
        var indexed: [String: [Int]] = [:]
        var open: [Int] = []
        var isOpen = [Bool](repeating: false, count: groups.count)
        for (i, group) in groups.enumerated() {
            if let partition, let values = signatures[group.signature].exact[partition] {
                for value in values { indexed[value, default: []].append(i) }
            } else {
                open.append(i)
                isOpen[i] = true
            }
        }
        var comparisons = 0
        let signatureOfGroup = groups.map(\.signature)
        func compare(_ a: Int, _ b: Int) -> Bool {
            if skip(a, b) { return true }
            comparisons += 1
            guard comparisons <= Self.maxComparisonsPerPath else { return false }
            if signatures[signatureOfGroup[a]].mayOverlap(signatures[signatureOfGroup[b]]) { body(a, b) }
            return true
        }
        // Open groups against every other group.
        for (k, a) in open.enumerated() {
            for b in open[(k + 1)...] where !compare(a, b) { return false }
            for b in 0..<groups.count where !isOpen[b] && !compare(a, b) { return false }
        }
        // Indexed groups against those sharing a value (each pair once).
        var seen = Set<Int>()
        for members in indexed.values where members.count > 1 {
            for (k, a) in members.enumerated() {
                for b in members[(k + 1)...] {
                    let key = min(a, b) * groups.count + max(a, b)
                    guard seen.insert(key).inserted else { continue }
                    if !compare(a, b) { return false }
                }
            }
        }
        return true
    }

    /// Two writes, one from each group, from different rules with different values, if any.
    private func differing(_ a: Group, _ b: Group) -> (Write, Write)? {
        func conflict(_ x: Write, _ y: Write) -> Bool { x.value != y.value && rules[x.rule].name != rules[y.rule].name }
        if conflict(a.writes[0], b.writes[0]) { return (a.writes[0], b.writes[0]) }
        if let other = a.other, conflict(other, b.writes[0]) { return (other, b.writes[0]) }
        if let other = b.other, conflict(a.writes[0], other) { return (a.writes[0], other) }
        return nil
    }

    private func report(
        _ path: String,
        _ list: [Write],
        _ pairs: [(Write, Write)],
        _ rulesInvolved: Int,
        _ truncated: Bool,
        _ diagnostics: inout DiagnosticCollector
    ) {
        for (first, second) in pairs.prefix(Self.detailedPairs) {
            diagnostics.warning(
                .conflictingValues,
                "rules \"\(rules[first.rule].name)\" and \"\(rules[second.rule].name)\" set \(path) to different "
                    + "values on devices both may match",
                at: second.location,
                hint: "narrow one rule's match (tags, product class) or merge them",
                related: [first.location]
            )
        }
        if pairs.count > Self.detailedPairs {
            let values = Set(list.map(\.value)).count
            diagnostics.warning(
                .conflictingValues,
                "\(rulesInvolved) rules set \(path) to \(values) different values on devices that may overlap; "
                    + "the first \(Self.detailedPairs) conflicts are shown above",
                at: list[0].location,
                hint: "give each rule a match the others exclude (product class, tags) or merge them"
            )
        }
        if truncated {
            diagnostics.add(
                RuleDiagnostic(
                    .note,
                    .conflictCheckLimit,
                    "the conflict check of \(path) stopped after \(Self.maxComparisonsPerPath) comparisons "
                        + "of differently matched rule groups; later conflicts on this path are not reported",
                    at: list[0].location,
                    hint: "split the rules that write \(path) so fewer distinct matches share it"
                )
            )
        }
    }
}
