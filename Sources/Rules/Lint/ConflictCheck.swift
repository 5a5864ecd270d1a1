import FerruleCore

/// Finds rules that set one parameter (or one field of a block: ``Block/literalWrites``) to
/// different literal values on devices both may match,
/// and rules that each declare a reboot (or factory reset) on devices both may match, in time
/// linear in the writes for the usual rule sets, and bounded for any.
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

    /// What the writes of one check are.
    private enum Kind {
        /// `set` of a parameter: rules conflict when their values differ.
        case values
        /// `reboot` or `factoryReset` (GenieACS's `Reboot`/`FactoryReset` declaration): any two
        /// rules conflict, as only the last in preset order decides (lib/session.ts:826-838, 919-924).
        case reboot(action: String, code: Diagnostic.Code)

        var comparesValues: Bool {
            if case .values = self { return true }
            return false
        }
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

    /// Reports the conflicts of every path, sorted by path, then the rules that each declare a
    /// reboot or a factory reset.
    func run(_ diagnostics: inout DiagnosticCollector) {
        var writes: [String: [Write]] = [:]
        var reboots: [Write] = []
        var factoryResets: [Write] = []
        for (index, rule) in rules.enumerated() {
            for action in rule.actions {
                switch action {
                case .set(let path, let value, _, let at):
                    guard let literal = value.literal else { continue }
                    writes[path, default: []].append(Write(rule: index, value: literal, location: at))
                case .block(let block, let at):
                    for (key, literal) in block.literalWrites {
                        writes[key, default: []].append(Write(rule: index, value: literal, location: at))
                    }
                case .reboot(_, let at): reboots.append(Write(rule: index, value: "", location: at))
                case .factoryReset(_, let at): factoryResets.append(Write(rule: index, value: "", location: at))
                default: continue
                }
            }
        }
        for path in writes.keys.sorted() {
            guard let list = writes[path], list.count > 1, list.contains(where: { $0.value != list[0].value }) else {
                continue
            }
            check(path, list, .values, &diagnostics)
        }
        for (path, list, kind) in [
            ("Reboot", reboots, Kind.reboot(action: "reboot", code: .supersededReboot)),
            ("FactoryReset", factoryResets, Kind.reboot(action: "factoryReset", code: .supersededFactoryReset)),
        ] where list.contains(where: { rules[$0.rule].name != rules[list[0].rule].name }) {
            check(path, list, kind, &diagnostics)
        }
    }

    /// Whether two writes conflict: from rules with different names, and for `set`, with
    /// different values.
    private func conflict(_ x: Write, _ y: Write, _ kind: Kind) -> Bool {
        (!kind.comparesValues || x.value != y.value) && rules[x.rule].name != rules[y.rule].name
    }

    private func check(_ path: String, _ list: [Write], _ kind: Kind, _ diagnostics: inout DiagnosticCollector) {
        var groups: [Group] = []
        var groupOfSignature: [Int: Int] = [:]
        for write in list {
            let signature = signatureOfRule[write.rule]
            let index = groupOfSignature[signature] ?? groups.count
            if index == groups.count {
                groupOfSignature[signature] = index
                groups.append(Group(signature: signature))
            }
            if let first = groups[index].writes.first, groups[index].other == nil, conflict(first, write, kind) {
                groups[index].other = write
            }
            groups[index].writes.append(write)
        }
        var pairs: [(Write, Write)] = []
        var involved = [Bool](repeating: false, count: groups.count)
        var involvedCount = 0
        func record(_ a: Int, _ b: Int, _ pair: (Write, Write)) {
            for g in [a, b] where !involved[g] {
                involved[g] = true
                involvedCount += 1
            }
            if pairs.count <= Self.detailedPairs { pairs.append(pair) }
        }
        for (index, group) in groups.enumerated() where group.other != nil {
            let first = group.writes[0]
            for write in group.writes where conflict(first, write, kind) {
                record(index, index, (first, write))
                if pairs.count > Self.detailedPairs { break }
            }
        }
        // Once enough pairs are listed, a pair of groups already known to conflict adds nothing.
        let settled = { (a: Int, b: Int) in pairs.count > Self.detailedPairs && involved[a] && involved[b] }
        let visit = { (a: Int, b: Int) in
            if let pair = differing(groups[a], groups[b], kind) { record(a, b, pair) }
        }
        // Every group conflicts and enough pairs are listed: no further comparison changes the report.
        let complete = { pairs.count > Self.detailedPairs && involvedCount == groups.count }
        let truncated = !comparePairs(groups, skip: settled, complete: complete, visit)
        let rulesInvolved = groups.indices.reduce(0) { $0 + (involved[$1] ? groups[$1].writes.count : 0) }
        if case .reboot(let action, let code) = kind {
            reportReboots(action, code, list, pairs, rulesInvolved, &diagnostics)
        }
        if kind.comparesValues || truncated {
            report(path, list, kind.comparesValues ? pairs : [], rulesInvolved, truncated, &diagnostics)
        }
    }

    /// Calls `body` once for each pair of groups whose matches may overlap, except pairs `skip`
    /// says are settled, until `complete` says nothing more can change; false when the
    /// comparison budget ran out first. Every pair looked at counts against the budget — skipped
    /// ones and ones met again through another shared value too — so the work (and the set of
    /// pairs seen) is bounded whatever the rules.
    private func comparePairs(
        _ groups: [Group],
        skip: (Int, Int) -> Bool,
        complete: () -> Bool,
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
        var exhausted = false
        let signatureOfGroup = groups.map(\.signature)
        /// Whether to go on: false once the budget is spent (`exhausted`) or nothing can change.
        func goOn() -> Bool {
            comparisons += 1
            if comparisons > Self.maxComparisonsPerPath {
                exhausted = true
                return false
            }
            return !complete()
        }
        func compare(_ a: Int, _ b: Int) -> Bool {
            guard goOn() else { return false }
            if !skip(a, b), signatures[signatureOfGroup[a]].mayOverlap(signatures[signatureOfGroup[b]]) { body(a, b) }
            return true
        }
        // Open groups against every other group.
        for (k, a) in open.enumerated() {
            for b in open[(k + 1)...] where !compare(a, b) { return !exhausted }
            for b in 0..<groups.count where !isOpen[b] && !compare(a, b) { return !exhausted }
        }
        // Indexed groups against those sharing a value (each pair once).
        var seen = Set<Int>()
        for members in indexed.values where members.count > 1 {
            for (k, a) in members.enumerated() {
                for b in members[(k + 1)...] {
                    let key = min(a, b) * groups.count + max(a, b)
                    guard seen.insert(key).inserted else {
                        if !goOn() { return !exhausted }
                        continue
                    }
                    if !compare(a, b) { return !exhausted }
                }
            }
        }
        return true
    }

    /// Two writes, one from each group, that conflict (from different rules, and for `set` with
    /// different values), if any.
    private func differing(_ a: Group, _ b: Group, _ kind: Kind) -> (Write, Write)? {
        if conflict(a.writes[0], b.writes[0], kind) { return (a.writes[0], b.writes[0]) }
        if let other = a.other, conflict(other, b.writes[0], kind) { return (other, b.writes[0]) }
        if let other = b.other, conflict(a.writes[0], other, kind) { return (a.writes[0], other) }
        return nil
    }

    /// Whether `x`'s rule comes before `y`'s in preset order (weight, then name, as GenieACS sorts
    /// presets; ``RuleEvaluator``).
    private func precedes(_ x: Write, _ y: Write) -> Bool {
        let a = rules[x.rule]
        let b = rules[y.rule]
        return (a.triggers.weight ?? 0, a.name) < (b.triggers.weight ?? 0, b.name)
    }

    /// One warning per listed pair, at the later rule's declaration (the one GenieACS keeps),
    /// naming the earlier rule it supersedes; a summary when there are more.
    private func reportReboots(
        _ action: String,
        _ code: Diagnostic.Code,
        _ list: [Write],
        _ pairs: [(Write, Write)],
        _ rulesInvolved: Int,
        _ diagnostics: inout DiagnosticCollector
    ) {
        for (x, y) in pairs.prefix(Self.detailedPairs) {
            let (earlier, later) = precedes(x, y) ? (x, y) : (y, x)
            let superseded = rules[earlier.rule].name
            let kept = rules[later.rule].name
            diagnostics.warning(
                code,
                "rules \"\(superseded)\" and \"\(kept)\" both declare \(action) on devices both may match; "
                    + "GenieACS keeps only the last declaration in preset order (weight, then name; "
                    + "lib/session.ts:826-838, 919-924), so rule \"\(superseded)\"'s is superseded by this one",
                at: later.location,
                hint: "declare \(action) in one rule, or narrow one rule's match (tags, product class); "
                    + "`ferrule explain` lists the earlier one as superseded",
                related: [earlier.location]
            )
        }
        if pairs.count > Self.detailedPairs {
            diagnostics.warning(
                code,
                "\(rulesInvolved) rules declare \(action) on devices that may overlap; only the last in preset "
                    + "order counts on a device; the first \(Self.detailedPairs) pairs are shown above",
                at: list[0].location,
                hint: "declare \(action) in one rule, or give each rule a match the others exclude"
            )
        }
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
