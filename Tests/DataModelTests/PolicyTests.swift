import CWMP
import FerruleCore
import FerruleTestSupport
import Foundation
import Testing

@testable import DataModel

@Suite("Validation policy: YAML loading, errors with file:line:column, application, model pins")
struct PolicyTests {
    static func load(_ text: String) throws(PolicyError) -> ValidationPolicy {
        try ValidationPolicy.load(text, file: "policy.yaml")
    }

    static func error(_ text: String) -> PolicyError? {
        do {
            _ = try load(text)
            return nil
        } catch {
            return error
        }
    }

    static func model(_ name: String, file: String = "model-full.xml") -> DataModel {
        DataModel(
            name: name,
            spec: "urn:broadband-forum-org:tr-181-2-17-0-cwmp",
            file: file,
            isService: false,
            objects: [:],
            parameters: [:]
        )
    }

    static func finding(_ code: FindingCode, _ severity: Severity, _ path: String) -> Finding {
        Finding(code: code, severity: severity, path: path, expected: "x", model: "TR-181 2.17")
    }

    @Test("the shipped example policy loads, with every section and its locations")
    func example() throws {
        let policy = try ValidationPolicy.load(
            try Repository.bytes("Fixtures/validate/policy.yaml"),
            file: "Fixtures/validate/policy.yaml"
        )
        #expect(policy.severities == [.entriesCount: .error, .deprecated: .off])
        #expect(policy.paths.count == 2)
        #expect(policy.paths.first?.glob.pattern == "Device.WiFi.**")
        #expect(policy.paths.first?.code == .writableMismatch)
        #expect(policy.paths.first?.severity == .info)
        #expect(policy.ignores.count == 2)
        #expect(policy.ignores.allSatisfy { !$0.reason.isEmpty })
        #expect(policy.ignores.first?.location?.file == "Fixtures/validate/policy.yaml")
        #expect(policy.models.map(\.root) == ["Device", "InternetGatewayDevice"])
        #expect(policy.models.map(\.version) == ["2.17", "1.14"])
    }

    @Test("an empty file is the empty policy; YAML 1.1 words and bare versions stay as written")
    func scalars() throws {
        #expect(try Self.load("") == ValidationPolicy(file: "policy.yaml"))
        #expect(try Self.load("# only a comment\n") == ValidationPolicy(file: "policy.yaml"))
        let policy = try Self.load("severity:\n  deprecated: off\n  obsolete: OFF\nmodels:\n  Device: 2.10\n")
        #expect(policy.severities[.deprecated] == .off)
        #expect(policy.severities[.obsolete] == .off)
        #expect(policy.models.first?.version == "2.10")
    }

    @Test("an ignore entry without a reason names file:line:column of the entry")
    func missingReason() throws {
        let error = try #require(
            Self.error(
                """
                ignore:
                  - path: Device.WiFi.**
                    reason: known
                  - path: Device.DeviceInfo.X_ACME_*
                    code: unknown-parameter
                """
            )
        )
        #expect(error.location.line == 4)
        #expect(error.location.column == 5)
        #expect(error.description.hasPrefix("policy.yaml:4:5: error[bad-policy]: "))
        #expect(error.message.contains("no reason"))
        #expect(error.message.contains("Device.DeviceInfo.X_ACME_*"))
        let empty = try #require(Self.error("ignore:\n  - path: Device.**\n    reason: \"  \"\n"))
        #expect(empty.location.line == 3)
        #expect(empty.message.contains("empty"))
    }

    static let badPolicies: [(String, Int, Int, String)] = [
        ("severity:\n  out-of-rnage: warning\n", 2, 3, "unknown finding code 'out-of-rnage'"),
        ("severity:\n  out-of-range: fatal\n", 2, 17, "unknown severity 'fatal'"),
        ("ignores:\n  - path: Device.**\n", 1, 1, "unknown key 'ignores'"),
        ("paths:\n  - path: Device.**\n", 2, 5, "needs 'severity'"),
        ("paths:\n  - code: deprecated\n    severity: off\n", 2, 5, "needs 'path'"),
        ("paths:\n  - path: Device.**\n    severty: off\n", 3, 5, "unknown key 'severty'"),
        ("paths: Device.**\n", 1, 8, "as a list"),
        ("severity: [a, b]\n", 1, 11, "as a mapping"),
        ("models:\n  Device.WiFi: \"2.17\"\n", 2, 3, "not a model root"),
        ("severity:\n  deprecated: off\n   bad indent: x\n", 3, 14, "not valid YAML"),
        ("- just\n- a list\n", 1, 1, "the policy as a mapping"),
    ]

    @Test("mistakes are errors at the offending node, saying what to write", arguments: 0..<badPolicies.count)
    func errors(index: Int) throws {
        let (text, line, column, message) = Self.badPolicies[index]
        let error = try #require(Self.error(text), "accepted: \(text)")
        #expect(error.location.file == "policy.yaml")
        #expect(error.location.line == line, "\(error)")
        #expect(error.location.column == column, "\(error)")
        #expect(error.message.contains(message), "\(error)")
    }

    @Test("apply: ignore drops and counts, code severity, then path entries in order (last wins), off drops")
    func apply() throws {
        let policy = try Self.load(
            """
            severity:
              out-of-range: warning
              deprecated: off
            paths:
              - path: Device.WiFi.**
                severity: info
              - path: Device.WiFi.Radio.*.Channel
                code: out-of-range
                severity: error
            ignore:
              - path: Device.**.X_ACME_*
                reason: vendor extension
            """
        )
        let report = ValidationReport(
            findings: [
                Self.finding(.outOfRange, .error, "Device.WiFi.Radio.1.Channel"),
                Self.finding(.outOfRange, .error, "Device.DeviceInfo.UpTime"),
                Self.finding(.patternMismatch, .error, "Device.WiFi.SSID.1.MACAddress"),
                Self.finding(.unknownParameter, .info, "Device.DeviceInfo.X_ACME_Boot"),
                Self.finding(.deprecated, .info, "Device.Time.NTPServer1"),
                Self.finding(.entriesCount, .warning, "Device.IP.InterfaceNumberOfEntries"),
            ],
            parametersChecked: 10,
            vendorParameters: 1
        )
        let applied = policy.apply(to: report)
        #expect(
            applied.findings.map(\.path) == [
                "Device.WiFi.Radio.1.Channel", "Device.DeviceInfo.UpTime", "Device.WiFi.SSID.1.MACAddress",
                "Device.IP.InterfaceNumberOfEntries",
            ]
        )
        #expect(applied.findings.map(\.severity) == [.error, .warning, .info, .warning])
        #expect(applied.ignored == 2)
        #expect(applied.parametersChecked == 10)
        #expect(applied.vendorParameters == 1)
        #expect(ValidationPolicy().apply(to: report) == report)
    }

    @Test("model pins: the same version passes (2.17 = 2.17.0), another version or a missing root is an error")
    func pins() throws {
        let policy = try Self.load("models:\n  Device: \"2.17.0\"\n")
        try policy.checkModels([Self.model("Device:2.17")])
        let other = Self.model("Device:2.18", file: "tr-181-2-18-0-cwmp-full.xml")
        #expect(throws: PolicyError.self) { try policy.checkModels([other]) }
        do {
            try policy.checkModels([other])
        } catch {
            #expect(error.location.line == 2)
            #expect(error.location.column == 3)
            #expect(error.message.contains("tr-181-2-18-0-cwmp-full.xml is Device:2.18"))
            #expect(error.message.contains("--model"))
        }
        do {
            try policy.checkModels([Self.model("InternetGatewayDevice:1.14")])
            Issue.record("a missing pinned root was accepted")
        } catch {
            #expect(error.message.contains("no Device model is loaded"))
        }
    }
}
