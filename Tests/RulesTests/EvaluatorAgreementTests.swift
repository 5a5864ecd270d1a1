import CWMP
import DeviceTrees
import FerruleCore
import FerruleTestSupport
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

    /// The shipped rules (or those of `folder`, relative to the repository or absolute), compiled,
    /// with variables resolved for the evaluator.
    static func shipped(_ folder: String = "Provisions") throws -> (
        rules: [Rule], artifacts: [CompiledArtifact], secrets: [String: String]
    ) {
        var d = DiagnosticCollector()
        let rules = folder.hasPrefix("/") ? folder : Repository.root.appendingPathComponent(folder).path
        let set = RuleLoader.load([rules], diagnostics: &d)
        let varsFile = rules + "/vars/common.yaml"
        let vars = VariableSet.load(FileManager.default.fileExists(atPath: varsFile) ? [varsFile] : [], diagnostics: &d)
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
        label: String,
        state given: DeviceState? = nil
    ) async throws -> Int {
        var compared = 0
        var state = given ?? DeviceState.from(tree: tree, tags: tags, events: events, now: now)
        if given == nil {
            if let oui = deviceId["oui"] { state.oui = oui }
            if let productClass = deviceId["productClass"] { state.productClass = productClass }
            if let serialNumber = deviceId["serialNumber"] { state.serialNumber = serialNumber }
            if let manufacturer = deviceId["manufacturer"] { state.manufacturer = manufacturer }
            if let id = deviceId["id"] { state.id = id }
        }
        for verdict in RuleEvaluator.evaluate(shipped.rules, on: state, secrets: shipped.secrets) {
            guard let provision = shipped.artifacts.first(where: { $0.kind == .provision && $0.rule == verdict.rule })
            else { continue }
            // GenieACS runs the provision only when the preset's precondition and events hold;
            // software versions are checked inside the provision itself.
            guard verdict.presetApplies else { continue }
            let js = try await ProvisionHarnessTests.run(
                provision,
                among: shipped.artifacts,
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
            // Instances: the evaluator's AddObject/DeleteObject markers are exactly the session's,
            // except where the tree marks the object not writable: GenieACS then sends neither
            // (lib/session.ts:1775-1806 at v1.2.16), and the evaluator lists the step as skipped.
            func readOnly(_ path: String) -> Bool { tree[path]?.writable == false }
            func table(of instance: String) -> String {
                String(instance[...(instance.dropLast().lastIndex(of: ".") ?? instance.startIndex)])
            }
            let added = js.added.filter { !readOnly(table(of: $0.path + ".")) }
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
            let deleted = js.deleted.filter { !readOnly($0 + ".") }
            #expect(Set(evaluatorDeleted) == deleted, "\(context): deleted \(evaluatorDeleted) vs \(deleted)")
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
                    // A Reboot (FactoryReset) is sent only once its `since` has come and when the
                    // device's stored time is earlier (lib/session.ts:1929-1950); otherwise it is
                    // declared but not sent, and the evaluator must list it as skipped — no more, no
                    // less. Superseded is another rule's `since` deciding (RuleEvaluator's last-wins pass).
                    if path == "Reboot" || path == "FactoryReset" {
                        let skip = verdict.skipped.first { $0.what == path && $0.reason != nil }
                        if skip?.reason?.hasPrefix("superseded") == true { continue }
                        let since = Double(declaration.value)
                        let stored = state.storedTriggerTimes[path]
                        let sent = since.map { since in since <= state.now && !(stored.map { $0 >= since } ?? false) }
                        #expect(sent != nil, "\(context): \(path) = \(declaration.value) is not a time")
                        #expect(
                            (skip == nil) == (sent == true),
                            "\(context): GenieACS \(sent == true ? "sends" : "does not send") \(path) = \(declaration.value)"
                        )
                        if sent != true { continue }
                    }
                    if readOnly(path) {
                        #expect(verdict.skipped.contains { $0.what == path }, "\(context): \(path) is read-only")
                        continue
                    }
                    let known = evaluated[path] ?? evaluated[declaration.path]
                    #expect(known == declaration.value, "\(context): script sets \(path) = \(declaration.value)")
                }
            }
        }
        return compared
    }

    @Test("every shipped rule, on both fixture devices and every event set: same declarations, same values")
    func shippedRulesAgree() async throws {
        let shipped = try Self.shipped()
        var compared = 0
        for fixture in ["nbi-device-tr181.json", "nbi-device-tr098.json"] {
            let (tree, deviceId, tags) = try ProvisionHarnessTests.fixture(fixture)
            for events in Self.eventSets {
                for tagSet in [tags, tags + ["ftth"], tags + ["ftth", "wifi-managed-by-customer"]] {
                    await compared += try Self.compare(
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
        "the every-action reference rules (lookups, TR-098 security modes, instances, downloads) agree on both fixtures"
    )
    func everyActionAgrees() async throws {
        let rules = try Self.shipped("Tests/RulesTests/Fixtures/GoldenRules/every-action")
        var compared = 0
        for fixture in ["nbi-device-tr181.json", "nbi-device-tr098.json"] {
            var (tree, deviceId, tags) = try ProvisionHarnessTests.fixture(fixture)
            // Inside the firmware rule's window (02:30 UTC on a Monday) with a version it upgrades.
            let now: Double = 1_710_729_000_000
            let root = fixture.contains("tr098") ? "InternetGatewayDevice" : "Device"
            tree.insert(ParameterEntry(path: root + ".DeviceInfo.SoftwareVersion", value: "1.5", type: .string))
            for events in [["1 BOOT"], ["0 BOOTSTRAP"], ["2 PERIODIC"]] {
                await compared += try Self.compare(
                    rules,
                    tree: tree,
                    deviceId: deviceId,
                    tags: tags + ["ftth"],
                    events: events,
                    now: now,
                    label: "every-action on \(fixture)"
                )
            }
        }
        #expect(compared >= 30)
    }

    @Test("reboot and factory reset: sent after `since`, not again once the device stored a later time")
    func resetsAgreeAfterSince() async throws {
        let rules = try Self.shipped("Tests/RulesTests/Fixtures/GoldenRules/every-action")
        let (tree, deviceId, tags) = try ProvisionHarnessTests.fixture("nbi-device-tr181.json")
        let now: Double = 1_796_180_400_000  // 2026-12-02T03:00:00Z, after the rules' `since` (2026-12-01)
        var compared = 0
        for stored in [nil, now - 60_000] as [Double?] {
            var state = DeviceState.from(tree: tree, tags: tags + ["ftth"], events: ["0 BOOTSTRAP"], now: now)
            if let stored { for path in ["Reboot", "FactoryReset"] { state.storedTriggerTimes[path] = stored } }
            let verdicts = RuleEvaluator.evaluate(rules.rules, on: state, secrets: rules.secrets)
            let declared = verdicts.flatMap(\.declarations).filter { $0.path == "Reboot" || $0.path == "FactoryReset" }
            #expect(declared.count == (stored == nil ? 2 : 0), "\(declared)")
            await compared += try Self.compare(
                rules,
                tree: tree,
                deviceId: deviceId,
                tags: tags + ["ftth"],
                events: ["0 BOOTSTRAP"],
                now: now,
                label: "every-action stored \(stored.map { "\($0)" } ?? "none")",
                state: state
            )
        }
        #expect(compared >= 10)
    }

    @Test(
        "every case in Provisions/tests (instances added included): the evaluator and the scripts agree on that device"
    )
    func testCasesAgree() async throws {
        let shipped = try Self.shipped()
        var d = DiagnosticCollector()
        let directory = Repository.root.appendingPathComponent("Provisions/tests").path
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
            await compared += try Self.compare(
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
    func wifiInstancesAgree() async throws {
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
        let compared = try await Self.compare(
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

    /// The TR-181 fixture as a Huawei EG8145V5 on old firmware whose serial GenieACS escapes; with
    /// the document's `_id` (DeviceID.ID) or without it, with or without a product class.
    static func escapedDevice(id: String?, productClass: String?) throws -> [UInt8] {
        let url = Repository.root.appendingPathComponent("Fixtures/trees/nbi-device-tr181.json")
        var document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        document["_id"] = id
        document["_deviceId"] = [
            "_Manufacturer": "Huawei", "_OUI": "00E0FC", "_SerialNumber": "48575443-A1B2 C3",
            "_ProductClass": productClass,
        ].compactMapValues { $0 }
        var device = try #require(document["Device"] as? [String: Any])
        var info = try #require(device["DeviceInfo"] as? [String: Any])
        for (leaf, value) in [
            ("ManufacturerOUI", "00E0FC"), ("SerialNumber", "48575443-A1B2 C3"), ("ProductClass", productClass ?? ""),
            ("SoftwareVersion", "V5R020C00S100"),
        ] {
            info[leaf] = ["_value": value, "_type": "xsd:string", "_writable": false]
        }
        device["DeviceInfo"] = info
        document["Device"] = device
        return Array(try JSONSerialization.data(withJSONObject: document))
    }

    @Test(
        "device ids GenieACS escapes, with and without DeviceID.ID: the same id, spread download time and ${device.id}",
        arguments: [
            ("00E0FC-EG8145V5-custom%2Did", "EG8145V5", "00E0FC-EG8145V5-custom%2Did"),
            (nil, "EG8145V5", "00E0FC-EG8145V5-48575443%2DA1B2%20C3"),
            (nil, nil, "00E0FC-48575443%2DA1B2%20C3"),
        ] as [(String?, String?, String)]
    )
    func escapedIdsAgree(_ documentId: String?, _ productClass: String?, _ expected: String) async throws {
        let shipped = try Self.shipped()
        let bytes = try Self.escapedDevice(id: documentId, productClass: productClass)
        // 01:30 UTC: inside the firmware rule's schedule (01:00 for two hours).
        let now: Double = 1_710_725_400_000
        let state = try DeviceState.load(bytes, tags: ["ftth"], events: ["2 PERIODIC"], now: now)
        #expect(state.id == expected)
        // The harness gets what GenieACS has: the document id when there is one, else only the
        // DeviceId fields, from which it generates the id itself (its port of lib/util.ts).
        let deviceId = [
            "id": documentId, "oui": "00E0FC", "productClass": productClass, "serialNumber": "48575443-A1B2 C3",
            "manufacturer": "Huawei",
        ].compactMapValues { $0 }
        let compared = try await Self.compare(
            shipped,
            tree: state.tree,
            deviceId: deviceId,
            tags: ["ftth"],
            events: ["2 PERIODIC"],
            now: now,
            label: "escaped id \(expected)",
            state: state
        )
        #expect(compared >= 5)
        let verdicts = RuleEvaluator.evaluate(shipped.rules, on: state)
        let values = RuleEvaluator.finalValues(verdicts)
        #expect(values["Device.ManagementServer.ConnectionRequestUsername"]?.value == expected)
        if productClass != nil {
            let download = values.first { $0.key.hasPrefix("Downloads.") && $0.key.hasSuffix(".Download") }
            #expect(download?.value.value == ActionInterpreter.javaScriptNumber(state.spreadNow(86_400_000)))
        }
    }

    /// One rule file's rules, compiled as ``shipped(_:)`` compiles a folder.
    static func compiled(_ yaml: String) throws -> (
        rules: [Rule], artifacts: [CompiledArtifact], secrets: [String: String]
    ) {
        try shipped(try Scratch.directory(["r.yaml": yaml], prefix: "ferrule-agree"))
    }

    /// ``compare(_:tree:deviceId:tags:events:now:label:state:)`` on a periodic Inform, then one rule's
    /// provision run under the harness on the same device: how many declarations agreed, and what
    /// the script declared.
    static func compareAndRun(
        _ compiled: (rules: [Rule], artifacts: [CompiledArtifact], secrets: [String: String]),
        rule: String,
        tree: ParameterTree,
        deviceId: [String: String],
        tags: [String],
        label: String
    ) async throws -> (compared: Int, script: ProvisionHarness.Result) {
        let compared = try await compare(
            compiled,
            tree: tree,
            deviceId: deviceId,
            tags: tags,
            events: ["2 PERIODIC"],
            label: label
        )
        let provision = try #require(compiled.artifacts.first { $0.kind == .provision && $0.rule == rule })
        let script = try await ProvisionHarnessTests.run(
            provision,
            among: compiled.artifacts,
            tree: tree,
            deviceId: deviceId,
            tags: tags
        )
        return (compared, script)
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
