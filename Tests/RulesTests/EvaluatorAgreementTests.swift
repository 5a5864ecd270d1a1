import CWMP
import DeviceTrees
import FerruleCore
import Foundation
import Testing

@testable import Rules

/// `ferrule test` and `ferrule explain` answer with RuleEvaluator; GenieACS runs the compiled
/// JavaScript. These tests hold the two to the same answer on real device trees.
@Suite("RuleEvaluator agrees with the compiled provisions run under Node")
struct EvaluatorAgreementTests {
    static let eventSets: [[String]] = [
        ["0 BOOTSTRAP", "1 BOOT"], ["1 BOOT"], ["2 PERIODIC"], ["6 CONNECTION REQUEST"],
    ]

    /// The shipped rules, compiled, with variables resolved for the evaluator.
    static func shipped() throws -> (rules: [Rule], artifacts: [CompiledArtifact], secrets: [String: String]) {
        var d = DiagnosticCollector()
        let rules = RuleTestSupport.root.appendingPathComponent("Provisions").path
        let set = RuleLoader.load([rules], diagnostics: &d)
        let vars = VariableSet.load([rules + "/vars/common.yaml"], diagnostics: &d)
        let artifacts = RuleCompiler.compile(set, options: CompileOptions(variables: vars), diagnostics: &d)
        let resolved = RuleCompiler.resolvingVariables(set, vars, diagnostics: &d)
        #expect(!d.hasErrors, "\(d.sorted)")
        // The evaluator shows secrets as the harness receives them.
        var secrets: [String: String] = [:]
        for name in Self.secretNames(in: artifacts) { secrets[name] = "<secret>" }
        return (resolved.rules, artifacts, secrets)
    }

    /// Compares the evaluator's verdict with the script's declarations for every rule GenieACS
    /// would run on this device; returns how many declarations were compared.
    static func compare(
        _ shipped: (rules: [Rule], artifacts: [CompiledArtifact], secrets: [String: String]),
        tree: ParameterTree,
        deviceId: [String: String],
        tags: [String],
        events: [String],
        now: Double = ProvisionHarnessTests.now,
        label: String
    ) throws -> Int {
        var compared = 0
        var state = DeviceState.from(tree: tree, tags: tags, events: events, now: now)
        if let oui = deviceId["oui"] { state.oui = oui }
        if let productClass = deviceId["productClass"] { state.productClass = productClass }
        if let serialNumber = deviceId["serialNumber"] { state.serialNumber = serialNumber }
        if let manufacturer = deviceId["manufacturer"] { state.manufacturer = manufacturer }
        if let id = deviceId["id"] { state.id = id }
        for verdict in RuleEvaluator.evaluate(shipped.rules, on: state, secrets: shipped.secrets) {
            guard let provision = shipped.artifacts.first(where: { $0.kind == .provision && $0.rule == verdict.rule })
            else { continue }
            // GenieACS runs the provision only when the preset's precondition and events hold;
            // software versions are checked inside the provision itself.
            let onlyVersion = verdict.reasons.allSatisfy { $0.hasPrefix("softwareVersion ") }
            guard verdict.matches || onlyVersion else { continue }
            let preset = shipped.artifacts.first { $0.kind == .preset && $0.rule == verdict.rule }
            let js = try ProvisionHarness.run(
                script: provision.contents,
                args: try ProvisionHarnessTests.presetArgs(preset),
                tree: tree,
                deviceId: deviceId,
                tags: tags,
                now: now
            )
            let context = "\(label) \(events) \(verdict.rule)"
            if !verdict.matches {
                #expect(js.declarations.allSatisfy { $0.resolved.isEmpty }, "\(context): \(js.declarations)")
                #expect(js.added.isEmpty && js.deleted.isEmpty, "\(context): \(js.pathCounts)")
                continue
            }
            // Instances: the evaluator's AddObject/DeleteObject markers are exactly the session's.
            let added = js.added
            let addedValues = Dictionary(
                added.flatMap { instance in instance.values.map { (instance.path + "." + $0.key, $0.value) } },
                uniquingKeysWith: { $1 }
            )
            let evaluatorAdded = verdict.declarations.filter { $0.change == .addObject }.map {
                String($0.path.dropLast())
            }
            let evaluatorDeleted = verdict.declarations.filter { $0.change == .deleteObject }
                .map { String($0.path.dropLast()) }
            #expect(evaluatorAdded == added.map(\.path), "\(context): added \(evaluatorAdded) vs \(added)")
            #expect(Set(evaluatorDeleted) == js.deleted, "\(context): deleted \(evaluatorDeleted) vs \(js.deleted)")
            for declaration in verdict.declarations {
                compared += 1
                guard declaration.change == .value else { continue }
                // The evaluator resolves alias lookups to the instance; the script declares the
                // alias path. Either way the value must be the one the device gets; an added
                // instance's alias keys are the values the session gave it.
                let value =
                    js.declaration(declaration.path)?.value ?? js.value(at: declaration.path)
                    ?? addedValues[declaration.path]
                #expect(value == declaration.value, "\(context): \(declaration)")
            }
            // Nothing the script sets is missing from the evaluator's answer.
            let evaluated = Dictionary(
                verdict.declarations.filter { $0.change == .value }.map { ($0.path, $0.value) },
                uniquingKeysWith: { $1 }
            )
            for (path, value) in addedValues {
                #expect(evaluated[path] == value, "\(context): the session sets \(path) = \(value)")
            }
            for declaration in js.declarations where !declaration.resolved.isEmpty {
                for path in declaration.resolved {
                    let known = evaluated[path] ?? evaluated[declaration.path]
                    #expect(known == declaration.value, "\(context): script sets \(path) = \(declaration.value)")
                }
            }
        }
        return compared
    }

    @Test("every shipped rule, on both fixture devices and every event set: same declarations, same values")
    func shippedRulesAgree() throws {
        let shipped = try Self.shipped()
        var compared = 0
        for fixture in ["nbi-device-tr181.json", "nbi-device-tr098.json"] {
            let (tree, deviceId, tags) = try ProvisionHarnessTests.fixture(fixture)
            for events in Self.eventSets {
                for tagSet in [tags, tags + ["ftth"], tags + ["ftth", "wifi-managed-by-customer"]] {
                    compared += try Self.compare(
                        shipped,
                        tree: tree,
                        deviceId: deviceId,
                        tags: tagSet,
                        events: events,
                        label: fixture
                    )
                }
            }
        }
        #expect(compared >= 10)
    }

    @Test(
        "every case in Provisions/tests (instances added included): the evaluator and the scripts agree on that device"
    )
    func testCasesAgree() throws {
        let shipped = try Self.shipped()
        var d = DiagnosticCollector()
        let directory = RuleTestSupport.root.appendingPathComponent("Provisions/tests").path
        let files = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".yaml") }
            .sorted()
        let cases = files.flatMap { RuleTestCase.load(directory + "/" + $0, diagnostics: &d) }
        #expect(!d.hasErrors && cases.count >= 8, "\(d.sorted)")
        var compared = 0
        for testCase in cases {
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: testCase.device)))
            let tree = try ParameterTree.load(bytes, file: testCase.device).tree
            let id = tree.deviceId
            var deviceId = [
                "oui": id.oui, "productClass": id.productClass, "serialNumber": id.serialNumber,
                "manufacturer": id.manufacturer,
            ].compactMapValues { $0 }
            deviceId.merge(testCase.deviceId) { $1 }
            deviceId["id"] = [deviceId["oui"], deviceId["productClass"], deviceId["serialNumber"]]
                .map { $0 ?? "" }.joined(separator: "-")
            compared += try Self.compare(
                shipped,
                tree: tree,
                deviceId: deviceId,
                tags: testCase.tags,
                events: testCase.events,
                now: testCase.now,
                label: testCase.name
            )
        }
        #expect(compared >= 10)
    }

    @Test("WiFi finds radios, SSIDs and access points by reference in instance order, like declare()'s aliases")
    func wifiInstancesAgree() throws {
        let shipped = try Self.shipped()
        var (tree, deviceId, fixtureTags) = try ProvisionHarnessTests.fixture("nbi-device-tr181.json")
        let tags = fixtureTags + ["ftth"]
        // A second 2.4 GHz radio numbered 10 (after 2 numerically, before it as text) and a 5 GHz
        // radio numbered 2 whose SSID and access point are numbered out of order.
        for (path, value) in [
            ("Device.WiFi.Radio.10.OperatingFrequencyBand", "2.4GHz"), ("Device.WiFi.Radio.10.Channel", "6"),
            ("Device.WiFi.Radio.2.OperatingFrequencyBand", "5GHz"), ("Device.WiFi.Radio.2.Channel", "44"),
            ("Device.WiFi.Radio.2.AutoChannelEnable", "true"),
            ("Device.WiFi.SSID.7.LowerLayers", "Device.WiFi.Radio.2"), ("Device.WiFi.SSID.7.SSID", "old-5g"),
            ("Device.WiFi.SSID.7.Enable", "false"),
            ("Device.WiFi.AccessPoint.3.SSIDReference", "Device.WiFi.SSID.7"),
            ("Device.WiFi.AccessPoint.3.Security.KeyPassphrase", ""),
            ("Device.WiFi.AccessPoint.3.Security.ModeEnabled", "None"),
        ] {
            tree.insert(ParameterEntry(path: path, value: value, type: .string, writable: true))
        }
        let compared = try Self.compare(
            shipped,
            tree: tree,
            deviceId: deviceId,
            tags: tags,
            events: ["2 PERIODIC"],
            label: "two radios"
        )
        #expect(compared >= 10)
        let state = DeviceState.from(tree: tree, tags: tags, events: ["2 PERIODIC"], now: ProvisionHarnessTests.now)
        let values = RuleEvaluator.finalValues(RuleEvaluator.evaluate(shipped.rules, on: state))
        #expect(values["Device.WiFi.SSID.7.SSID"]?.value.hasSuffix("-5G") == true)
        #expect(values["Device.WiFi.Radio.2.Channel"]?.value == "36")
        #expect(values["Device.WiFi.Radio.1.AutoChannelEnable"]?.value == "true")
        #expect(values["Device.WiFi.Radio.10.AutoChannelEnable"] == nil)
    }

    static func secretNames(in artifacts: [CompiledArtifact]) -> Set<String> {
        var names: Set<String> = []
        for artifact in artifacts where artifact.kind == .preset {
            var rest = Substring(artifact.contents)
            while let start = rest.range(of: "${secret:") {
                rest = rest[start.upperBound...]
                guard let end = rest.firstIndex(of: "}") else { break }
                names.insert(String(rest[..<end]))
                rest = rest[end...]
            }
        }
        return names
    }
}
