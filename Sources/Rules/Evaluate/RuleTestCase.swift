public import CWMP
public import DeviceTrees
public import FerruleCore
import Foundation
import Yams

extension DeviceState {
    /// A device state from a tree: DeviceID fields from `identity` where it has them, else from the
    /// tree's `DeviceInfo`; the tags the source carries (`identity.tags`) and `tags`; the id is `identity.id` (the tree's `DeviceID.ID`) or else GenieACS's
    /// (`GenieACSDeviceID.make`). The events are `events`, or when none are given the Inform file's;
    /// the event times GenieACS remembers and the stored `Reboot`/`FactoryReset` times come from the source.
    public static func from(
        tree: ParameterTree,
        identity: DeviceIdentity = DeviceIdentity(),
        tags: [String] = [],
        events: [String] = [],
        now: Double = 0
    ) -> DeviceState {
        let info = tree.deviceId
        var state = DeviceState(
            tree: tree,
            tags: Set(tags).union(identity.tags),
            // An Inform file's own event codes, unless events are given (they replace them).
            events: Set(events.isEmpty ? identity.events : events),
            persistedEvents: identity.persistedEvents,
            manufacturer: identity.manufacturer ?? info.manufacturer,
            oui: identity.oui ?? info.oui,
            productClass: identity.productClass ?? info.productClass,
            serialNumber: identity.serialNumber ?? info.serialNumber,
            now: now
        )
        state.storedTriggerTimes = identity.storedTriggerTimes
        if let id = identity.id, !id.isEmpty { state.id = id } else { state.regenerateId() }
        return state
    }
}

/// One `ferrule test` case: a device (tree file, tags, events, time) and what must happen to it.
public struct RuleTestCase: Sendable {
    public var name: String
    public var file: String
    public var location: RuleLocation
    public var device: String
    public var tags: [String]
    public var events: [String]
    public var now: Double
    /// DeviceID fields that override those read from the tree (`oui`, `productClass`,
    /// `serialNumber`, `manufacturer`), for trees such as Informs that do not carry DeviceInfo.
    public var deviceId: [String: String]
    /// Exactly these rules must match (nil: not checked).
    public var expectedMatches: [String]?
    /// These parameters must end with these values.
    public var expectedValues: [(String, String)]
    /// These paths (parameters or instances) must not exist afterwards: deleted, or never there.
    public var expectedAbsent: [String] = []

    /// Reads the cases of a test file (`cases:` list); device paths are relative to the file.
    public static func load(_ file: String, diagnostics: inout DiagnosticCollector) -> [RuleTestCase] {
        guard let data = BoundedFileReader.read(file, what: "the test file", diagnostics: &diagnostics) else {
            return []
        }
        let root: Node?
        do {
            root = try YAMLComposer.compose(String(decoding: data, as: UTF8.self))
        } catch let refusal as YAMLComposer.AliasRefusal {
            diagnostics.error(
                .yamlAlias,
                YAMLComposer.AliasRefusal.message,
                at: RuleLocation(file: file, line: refusal.line, column: refusal.column),
                hint: YAMLComposer.AliasRefusal.hint
            )
            return []
        } catch {
            diagnostics.error(.yaml, "not valid YAML: \(error)", at: RuleLocation(file: file))
            return []
        }
        func at(_ node: Node?) -> RuleLocation {
            RuleLocation(file: file, line: node?.mark?.line ?? 0, column: node?.mark?.column ?? 0)
        }
        guard let cases = root?.mapping?["cases"]?.sequence else {
            diagnostics.error(.wrongType, "a test file holds `cases:`, a list of test cases", at: at(root))
            return []
        }
        let directory = (file as NSString).deletingLastPathComponent
        var out: [RuleTestCase] = []
        for node in cases {
            guard let m = node.mapping else {
                diagnostics.error(.wrongType, "a test case is a mapping", at: at(node))
                continue
            }
            if m["event"] != nil { continue }  // A PON event case (docs/triggers.md), run by PONTriggers.
            let known = ["name", "device", "deviceId", "tags", "events", "now", "expect"]
            for key in m.keys where !known.contains(key.string ?? "") {
                let suggestion = DidYouMean.suggestion(for: key.string ?? "", among: known)
                diagnostics.error(
                    .unknownKey,
                    "unknown key \"\(key.string ?? "")\" in a test case",
                    at: at(key),
                    hint: suggestion.map { "did you mean \"\($0)\"?" }
                )
            }
            guard let device = m["device"]?.string else {
                diagnostics.error(.missingField, "a test case needs `device` (a tree file)", at: at(node))
                continue
            }
            var nowMilliseconds: Double = 0
            if let nowText = m["now"]?.string {
                switch SessionTime.milliseconds(nowText) {
                case .success(let milliseconds): nowMilliseconds = milliseconds
                case .failure(let refusal):
                    diagnostics.error(
                        .badValue,
                        "`now` \"\(DisplayText.value(nowText))\" \(refusal.message)",
                        at: at(m["now"])
                    )
                    continue
                }
            }
            let expect = m["expect"]?.mapping
            var values: [(String, String)] = []
            for (k, v) in expect?["values"]?.mapping ?? [:] {
                if let path = k.string, let value = v.string { values.append((path, value)) }
            }
            out.append(
                RuleTestCase(
                    name: m["name"]?.string ?? "case \(out.count + 1)",
                    file: file,
                    location: at(node),
                    device: device.hasPrefix("/") ? device : (directory as NSString).appendingPathComponent(device),
                    tags: m["tags"]?.sequence?.compactMap(\.string) ?? [],
                    events: m["events"]?.sequence?.compactMap(\.string) ?? [],
                    now: nowMilliseconds,
                    deviceId: Dictionary(
                        (m["deviceId"]?.mapping ?? [:]).compactMap { k, v in
                            k.string.flatMap { key in v.string.map { (key, $0) } }
                        },
                        uniquingKeysWith: { _, b in b }
                    ),
                    expectedMatches: expect?["matches"]?.sequence?.compactMap(\.string),
                    expectedValues: values,
                    expectedAbsent: expect?["absent"]?.sequence?.compactMap(\.string) ?? []
                )
            )
        }
        return out
    }

    /// Runs the case: the failures (empty when it passes). `virtualParameters` are the project's,
    /// computed from the tree where a precondition names one the tree does not hold.
    public func run(_ rules: [Rule], virtualParameters: [VirtualParameter] = []) throws(TreeSourceError) -> [String] {
        let bytes: [UInt8]
        do {
            bytes = try BoundedFileReader.read(device)
        } catch {
            throw TreeSourceError(file: device, message: "cannot read the device tree: \(error.reason)")
        }
        var state = try DeviceState.load(Array(bytes), file: device, tags: tags, events: events, now: now)
        let tree = state.tree
        if let oui = deviceId["oui"] { state.oui = oui }
        if let productClass = deviceId["productClass"] { state.productClass = productClass }
        if let serialNumber = deviceId["serialNumber"] { state.serialNumber = serialNumber }
        if let manufacturer = deviceId["manufacturer"] { state.manufacturer = manufacturer }
        // Another identity than the file's: the id GenieACS would give it.
        if ["oui", "productClass", "serialNumber"].contains(where: { deviceId[$0] != nil }) { state.regenerateId() }
        state.useVirtualParameters(virtualParameters)
        let verdicts = RuleEvaluator.evaluate(rules, on: state)
        var failures: [String] = []
        if let expectedMatches {
            let matched = verdicts.filter(\.matches).map(\.rule).sorted()
            if matched != expectedMatches.sorted() {
                failures.append("matching rules: expected \(expectedMatches.sorted()), got \(matched)")
                for verdict in verdicts where !verdict.matches && expectedMatches.contains(verdict.rule) {
                    let what = verdict.returnsEarly ? "runs but returns before declaring anything" : "does not match"
                    failures.append("  \(verdict.rule) \(what): \(verdict.reasons.joined(separator: "; "))")
                }
            }
        }
        let faulting = verdicts.filter { $0.fault != nil }.map(\.rule)
        if let fault = verdicts.lazy.compactMap(\.fault).first {
            failures.append("\(fault); rules: \(faulting.joined(separator: ", "))")
        }
        let values = RuleEvaluator.finalValues(verdicts)
        for (path, expected) in expectedValues {
            let actual = values[path]?.value
            if actual != expected {
                // Nothing declared because a `${param:…}` it reads has no value: say which.
                let skipped = actual == nil ? verdicts.flatMap(\.skipped).first { $0.what == path } : nil
                failures.append(
                    "\(path): expected \"\(expected)\", got \(actual.map { "\"\($0)\"" } ?? "nothing")"
                        + (skipped.map { " (\($0))" } ?? "")
                )
            }
        }
        let absence = RuleEvaluator.AbsenceIndex(tree: tree, values: values)
        for path in expectedAbsent where !absence.isAbsent(path) {
            let declared = values[path] ?? values[path.hasSuffix(".") ? path : path + "."]
            failures.append(
                "\(path): expected absent, but it "
                    + (declared.map { "is declared by \($0.rule) (\($0.value))" } ?? "is in the device tree")
            )
        }
        return failures
    }
}
