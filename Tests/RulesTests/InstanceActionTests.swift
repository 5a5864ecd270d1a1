import CWMP
import FerruleCore
import FerruleTestSupport
import Foundation
import Testing

@testable import Rules

/// `ensure`, `delete` and `download` add and remove object instances; the evaluator shows what
/// GenieACS would do (AddObject, DeleteObject) and the harness does the same with the compiled
/// script.
@Suite("ensure, delete and download: instances added and deleted, as GenieACS would")
struct InstanceActionTests {
    static let rules = """
        rules:
          - name: port-forward
            actions:
              - ensure:
                  table: Device.NAT.PortMapping.
                  keys: {Description: ferrule-ssh}
                  values: {ExternalPort: "2222", Enable: "true"}
          - name: drop-legacy
            actions:
              - delete: {table: Device.NAT.PortMapping., keys: {Description: legacy}}
          - name: firmware
            actions:
              - download: {file: fw.bin, retryEvery: 3600}
          - name: not-on-this-device
            actions:
              - ensure: {table: Device.X_ACME_Missing.Table., keys: {Name: a}, values: {Enable: "true"}}
        """

    static let deviceId = [
        "id": "3C52A1-EX220-2236457000123", "serialNumber": "2236457000123", "oui": "3C52A1", "productClass": "EX220",
        "manufacturer": "TP-Link",
    ]

    /// A TR-181 tree with two legacy port mappings (2 and 5) and, when `withSSH`, the SSH one (7).
    static func tree(withSSH: Bool) -> ParameterTree {
        var entries = [
            ParameterEntry(path: "Device.DeviceInfo.SoftwareVersion", value: "1.0", type: .string),
            ParameterEntry(path: "Device.NAT.PortMapping.2.Description", value: "legacy", type: .string),
            ParameterEntry(path: "Device.NAT.PortMapping.2.ExternalPort", value: "21", type: .unsignedInt),
            ParameterEntry(path: "Device.NAT.PortMapping.5.Description", value: "legacy", type: .string),
            ParameterEntry(path: "Device.NAT.PortMapping.5.ExternalPort", value: "23", type: .unsignedInt),
        ]
        if withSSH {
            entries += [
                ParameterEntry(path: "Device.NAT.PortMapping.7.Description", value: "ferrule-ssh", type: .string),
                ParameterEntry(path: "Device.NAT.PortMapping.7.ExternalPort", value: "22", type: .unsignedInt),
                ParameterEntry(path: "Device.NAT.PortMapping.7.Enable", value: "false", type: .boolean),
            ]
        }
        return ParameterTree(entries)
    }

    static func load() throws -> (rules: [Rule], artifacts: [CompiledArtifact], secrets: [String: String]) {
        let (set, loaded, _) = try RuleTestSupport.load(["rules.yaml": rules])
        var d = loaded
        let artifacts = RuleCompiler.compile(set, options: CompileOptions(), diagnostics: &d)
        #expect(!d.hasErrors, "\(d.sorted)")
        return (set.rules, artifacts, [:])
    }

    static func verdicts(withSSH: Bool) throws -> [String: RuleVerdict] {
        let state = DeviceState.from(tree: tree(withSSH: withSSH), now: ProvisionHarnessTests.now)
        let verdicts = RuleEvaluator.evaluate(try load().rules, on: state)
        return Dictionary(verdicts.map { ($0.rule, $0) }, uniquingKeysWith: { $1 })
    }

    @Test("ensure without a matching instance adds one above the highest, with its keys, then its values")
    func ensureAdds() throws {
        let verdict = try #require(try Self.verdicts(withSSH: false)["port-forward"])
        #expect(verdict.notEvaluated.isEmpty)
        #expect(
            verdict.declarations.map(\.description) == [
                "Device.NAT.PortMapping.6. = <added>",
                "Device.NAT.PortMapping.6.Description = ferrule-ssh",
                "Device.NAT.PortMapping.6.ExternalPort = 2222",
                "Device.NAT.PortMapping.6.Enable = true",
            ]
        )
        #expect(verdict.declarations.first?.change == .addObject)
        #expect(verdict.declarations.dropFirst().allSatisfy { $0.change == .value })
    }

    @Test("ensure with a matching instance sets its values there and adds nothing")
    func ensureExisting() throws {
        let verdict = try #require(try Self.verdicts(withSSH: true)["port-forward"])
        #expect(
            verdict.declarations.map(\.description) == [
                "Device.NAT.PortMapping.7.ExternalPort = 2222", "Device.NAT.PortMapping.7.Enable = true",
            ]
        )
    }

    @Test("ensure on a table the tree does not show declares the alias path, as before")
    func ensureUnknownTable() throws {
        let verdict = try #require(try Self.verdicts(withSSH: false)["not-on-this-device"])
        #expect(
            verdict.declarations.map(\.description) == [
                "Device.X_ACME_Missing.Table.[Name:\"a\"].Enable = true"
            ]
        )
    }

    @Test("ensure keeps one instance: extra matches are deleted")
    func ensureDeletesExtras() throws {
        var tree = Self.tree(withSSH: true)
        tree.insert(ParameterEntry(path: "Device.NAT.PortMapping.9.Description", value: "ferrule-ssh", type: .string))
        let state = DeviceState.from(tree: tree, now: ProvisionHarnessTests.now)
        let verdict = try #require(
            RuleEvaluator.evaluate(try Self.load().rules, on: state).first { $0.rule == "port-forward" }
        )
        #expect(verdict.declarations.first?.description == "Device.NAT.PortMapping.9. = <deleted>")
        #expect(verdict.declarations.first?.change == .deleteObject)
    }

    @Test("delete removes every matching instance, and the final values drop what was below it")
    func deleteRemoves() throws {
        let verdicts = try Self.verdicts(withSSH: false)
        let verdict = try #require(verdicts["drop-legacy"])
        #expect(
            verdict.declarations.map(\.description) == [
                "Device.NAT.PortMapping.2. = <deleted>", "Device.NAT.PortMapping.5. = <deleted>",
            ]
        )
        #expect(verdict.declarations.allSatisfy { $0.change == .deleteObject })
        let values = RuleEvaluator.finalValues(Array(verdicts.values))
        let tree = Self.tree(withSSH: false)
        let absence = RuleEvaluator.AbsenceIndex(tree: tree, values: values)
        #expect(absence.isAbsent("Device.NAT.PortMapping.2.ExternalPort"))
        #expect(absence.isAbsent("Device.NAT.PortMapping.5."))
        #expect(absence.isAbsent("Device.NAT.PortMapping.8"))
        #expect(!absence.isAbsent("Device.NAT.PortMapping.6.ExternalPort"))
        #expect(!absence.isAbsent("Device.NAT.PortMapping.6"))
        #expect(!absence.isAbsent("Device.DeviceInfo.SoftwareVersion"))
        #expect(!absence.isAbsent("Device.DeviceInfo"), "an object with parameters in the tree")
        #expect(absence.isAbsent("Device.DeviceInfo.Soft"), "a prefix of a name is not its parent")
        // An object whose only children are declared (added by a rule) is there.
        var declared = values
        let kept = try #require(values.values.first { $0.change != .deleteObject })
        declared["Device.NAT.PortMapping.9.ExternalPort"] = kept
        #expect(!RuleEvaluator.AbsenceIndex(tree: tree, values: declared).isAbsent("Device.NAT.PortMapping.9"))
    }

    @Test("download adds the Downloads instance the built-in way and sets Download to the spread Date.now")
    func download() throws {
        let verdict = try #require(try Self.verdicts(withSSH: false)["firmware"])
        #expect(verdict.notEvaluated.isEmpty)
        let now = ProvisionHarnessTests.now
        let spread = try #require(Double(verdict.declarations.last?.value ?? ""))
        #expect(spread <= now && spread > now - 3_600_000)
        #expect(
            verdict.declarations.dropLast().map(\.description) == [
                "Downloads.1. = <added>", "Downloads.1.FileType = 1 Firmware Upgrade Image",
                "Downloads.1.FileName = fw.bin",
                "Downloads.1.TargetFileName = ",
            ]
        )
        #expect(verdict.declarations.last?.path == "Downloads.1.Download")
    }

    @Test("an existing Downloads instance for the file is reused")
    func downloadExisting() throws {
        var tree = Self.tree(withSSH: false)
        for (name, value) in [("FileType", "1 Firmware Upgrade Image"), ("FileName", "fw.bin"), ("TargetFileName", "")]
        {
            tree.insert(ParameterEntry(path: "Downloads.3.\(name)", value: value, type: .string))
        }
        let state = DeviceState.from(tree: tree, now: ProvisionHarnessTests.now)
        let verdict = try #require(
            RuleEvaluator.evaluate(try Self.load().rules, on: state).first { $0.rule == "firmware" }
        )
        #expect(verdict.declarations.map(\.path) == ["Downloads.3.Download"])
    }

    @Test("two rules ensuring in one table get consecutive instances; the same keys twice add once")
    func sharedAllocation() throws {
        let (set, d, _) = try RuleTestSupport.load([
            "rules.yaml": """
            rules:
              - name: a
                actions:
                  - ensure: {table: Device.NAT.PortMapping., keys: {Description: one}}
              - name: b
                actions:
                  - ensure: {table: Device.NAT.PortMapping., keys: {Description: two}}
                  - ensure: {table: Device.NAT.PortMapping., keys: {Description: one}, values: {Enable: "true"}}
            """
        ])
        #expect(!d.hasErrors, "\(d.sorted)")
        let state = DeviceState.from(tree: Self.tree(withSSH: false), now: ProvisionHarnessTests.now)
        let values = RuleEvaluator.finalValues(RuleEvaluator.evaluate(set.rules, on: state))
        #expect(values["Device.NAT.PortMapping.6.Description"]?.value == "one")
        #expect(values["Device.NAT.PortMapping.7.Description"]?.value == "two")
        #expect(values["Device.NAT.PortMapping.6.Enable"]?.value == "true")
        #expect(values["Device.NAT.PortMapping.8."] == nil)
    }

    @Test("the evaluator and the compiled scripts under the harness agree, with and without the instance")
    func agreement() async throws {
        let loaded = try Self.load()
        for withSSH in [false, true] {
            let compared = try await EvaluatorAgreementTests.compare(
                loaded,
                tree: Self.tree(withSSH: withSSH),
                deviceId: Self.deviceId,
                tags: [],
                events: [],
                label: withSSH ? "with the instance" : "without the instance"
            )
            #expect(compared >= 8)
        }
    }

    @Test("the harness adds the instance once, deletes matches beyond the count and sets values below")
    func harness() async throws {
        let result = try await ProvisionHarness.run(
            script: """
                const instance = "Device.NAT.PortMapping.[Description:\\"ssh\\"]";
                declare(instance, {path: 1}, {path: 1});
                declare(instance + ".ExternalPort", {value: 1}, {value: [2222, "xsd:unsignedInt"]});
                declare("Device.NAT.PortMapping.[Description:legacy]", {path: 1}, {path: 0});
                log(String(declare("Device.NAT.PortMapping.*", {path: 1}).size));
                """,
            args: [],
            tree: Self.tree(withSSH: false),
            deviceId: Self.deviceId,
            tags: [],
            now: ProvisionHarnessTests.now
        )
        #expect(result.added == [.init(path: "Device.NAT.PortMapping.6", values: ["Description": "ssh"])])
        #expect(result.deleted == ["Device.NAT.PortMapping.2", "Device.NAT.PortMapping.5"])
        #expect(result.value(at: "Device.NAT.PortMapping.6.ExternalPort") == "2222")
        #expect(result.pathCounts.first?.matched == ["Device.NAT.PortMapping.6"])
        // Logged once per preset cycle, the last one finding only the added instance. GenieACS adds
        // and deletes instances at the commit that declared them and so logs "1" twice; the harness
        // changes instances when a cycle ends, so it needs a cycle more (see its header).
        #expect(result.logs.count >= 2 && result.logs.last == "1", "\(result.logs)")
    }

    @Test("MD5 matches RFC 1321's test vectors")
    func md5() {
        func hex(_ s: String) -> String { MD5.digest(Array(s.utf8)).map { String(format: "%02x", $0) }.joined() }
        #expect(hex("") == "d41d8cd98f00b204e9800998ecf8427e")
        #expect(hex("abc") == "900150983cd24fb0d6963f7d28e17f72")
        #expect(hex(String(repeating: "1234567890", count: 8)) == "57edf4a22be3c955ac49da2e2107b67a")
    }

    @Test("a test case can expect paths to be absent: deleted, or never there")
    func absentExpectations() throws {
        let dir = try Scratch.directory([
            "tests/cases.yaml": """
            cases:
              - name: passes
                device: device.json
                expect:
                  values: {Device.NAT.PortMapping.6.: <added>}
                  absent: [Device.NAT.PortMapping.2., Device.NAT.PortMapping.5.ExternalPort, Device.Missing]
              - name: fails
                device: device.json
                expect:
                  absent: [Device.NAT.PortMapping.6.Description, Device.DeviceInfo.SoftwareVersion]
            """
        ])
        // The device as a GenieACS NBI document.
        var document: [String: Any] = ["_id": "dev"]
        func insert(_ segments: ArraySlice<Substring>, _ leaf: [String: Any], into node: inout [String: Any]) {
            guard let first = segments.first else { return }
            if segments.count == 1 {
                node[String(first)] = leaf
                return
            }
            var child = node[String(first)] as? [String: Any] ?? ["_object": true]
            insert(segments.dropFirst(), leaf, into: &child)
            node[String(first)] = child
        }
        for entry in Self.tree(withSSH: false).entries where !entry.isObject {
            let leaf: [String: Any] = ["_value": entry.value ?? "", "_type": "xsd:string"]
            insert(entry.path.split(separator: ".")[...], leaf, into: &document)
        }
        try JSONSerialization.data(withJSONObject: document).write(to: URL(fileURLWithPath: dir + "/tests/device.json"))
        var d = DiagnosticCollector()
        let cases = RuleTestCase.load(dir + "/tests/cases.yaml", diagnostics: &d)
        #expect(!d.hasErrors, "\(d.sorted)")
        let rules = try Self.load().rules
        #expect(try cases[0].run(rules) == [])
        #expect(
            try cases[1].run(rules) == [
                "Device.NAT.PortMapping.6.Description: expected absent, but it is declared by port-forward (ferrule-ssh)",
                "Device.DeviceInfo.SoftwareVersion: expected absent, but it is in the device tree",
            ]
        )
    }
}
