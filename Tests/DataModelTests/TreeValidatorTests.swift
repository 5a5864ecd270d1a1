import CWMP
import FerruleTestSupport
import Testing

@testable import DataModel

/// The shipped models, loaded once for all validator tests.
enum Models {
    static let tr181: DataModel = {
        do {
            return try DataModelLoader.load(
                try Repository.bytes("Models/tr-181-2-17-0-cwmp-full.xml"),
                file: "tr-181-2-17-0-cwmp-full.xml"
            )
        } catch {
            fatalError("the shipped TR-181 model does not load: \(error)")
        }
    }()
    static let all: ModelSet = {
        do {
            let tr098 = try DataModelLoader.load(
                try Repository.bytes("Models/tr-098-1-8-0-full.xml"),
                file: "tr-098-1-8-0-full.xml"
            )
            let tr104 = try DataModelLoader.load(
                try Repository.bytes("Models/tr-104-2-0-2-cwmp-full.xml"),
                file: "tr-104-2-0-2-cwmp-full.xml"
            )
            return ModelSet([tr181, tr098, tr104])
        } catch {
            fatalError("the shipped models do not load: \(error)")
        }
    }()
}

@Suite("Each finding code is triggered, alone, by the tree that breaks its rule")
struct TreeValidatorTests {
    static func entry(_ path: String, _ value: String? = nil, _ type: ValueType? = nil, writable: Bool? = nil)
        -> ParameterEntry
    {
        ParameterEntry(path: path, value: value, type: type, writable: writable, isObject: path.hasSuffix("."))
    }

    static let cases: [(FindingCode, Severity, [ParameterEntry], Bool)] = [
        (.unknownParameter, .error, [entry("Device.DeviceInfo.NoSuchThing", "x", .string)], false),
        (
            .unknownParameter, .info,
            [
                entry("Device.DeviceInfo.X_ACME_Thing", "x", .string),
                entry("Device.DeviceInfo.X_ACME_Thing.Sub", "y", .string),
            ], false
        ),
        (.typeMismatch, .warning, [entry("Device.WiFi.Radio.1.Channel", "6", .string)], false),
        (.invalidLexicalValue, .error, [entry("Device.WiFi.Radio.1.Channel", "six", .unsignedInt)], false),
        (.outOfRange, .error, [entry("Device.WiFi.Radio.1.Channel", "999", .unsignedInt)], false),
        (.notInEnumeration, .error, [entry("Device.Ethernet.Interface.1.DuplexMode", "Quarter", .string)], false),
        (
            .patternMismatch, .error, [entry("Device.Ethernet.Interface.1.MACAddress", "zz:zz:zz:zz:zz:zz", .string)],
            false
        ),
        (
            .sizeViolation, .error,
            [entry("Device.DeviceInfo.ProvisioningCode", String(repeating: "a", count: 65), .string)], false
        ),
        (
            .listViolation, .error,
            [
                entry(
                    "Device.IP.Interface.1.LowerLayers",
                    String(repeating: "Device.Ethernet.Link.1,", count: 50) + "Device.PPP.Interface.1",
                    .string
                )
            ], false
        ),
        (
            .writableMismatch, .warning, [entry("Device.DeviceInfo.SoftwareVersion", "1.0", .string, writable: true)],
            false
        ),
        (
            .instanceCount, .error,
            [
                entry("Device.WiFi.AccessPoint.1.AC."),
                entry("Device.WiFi.AccessPoint.1.AC.1.AccessCategory", "BE", .string),
            ],
            false
        ),
        (
            .entriesCount, .warning,
            [
                entry("Device.IP.InterfaceNumberOfEntries", "1", .unsignedInt),
                entry("Device.IP.Interface.1.Enable", "true", .boolean),
                entry("Device.IP.Interface.2.Enable", "false", .boolean),
            ], false
        ),
        // A declared version: without one, RootDataModelVersion itself would be a warning (ForcedInformVersionTests).
        (
            .missingInformParameter, .error,
            [entry("Device.DeviceInfo.SoftwareVersion", "1.0", .string), entry("Device.RootDataModelVersion", "2.17")],
            true
        ),
        (.deprecated, .info, [entry("Device.Time.NTPServer1", "pool.ntp.org", .string)], false),
        (.obsolete, .info, [entry("Device.WiFi.MultiAP.APDeviceNumberOfEntries", "0", .unsignedInt)], false),
        (.objectMismatch, .error, [entry("Device.DeviceInfo", "", .string)], false),
        // An item inside a deprecated object is deprecated with it (the model marks only the object).
        (.deprecated, .info, [entry("Device.UserInterface.RemoteAccess.Enable", "true", .boolean)], false),
        (
            .obsolete, .info, [entry("Device.WiFi.MultiAP.SteeringSummaryStats.BlacklistAttempts", "0", .unsignedLong)],
            false
        ),
        // tr-181-2-17-0-cwmp-full.xml:7930: Error_FailedToSynchronize is deprecated.
        (.deprecatedValue, .info, [entry("Device.Time.Status", "Error_FailedToSynchronize", .string)], false),
        // tr-181-2-17-0-cwmp-full.xml:74166: DHCP is deleted (replaced by DHCPv4 in 2.14).
        (.obsoleteValue, .error, [entry("Device.DNS.Client.Server.1.Type", "DHCP", .string)], false),
        // tr-181-2-17-0-cwmp-full.xml:104644: CoAP is obsoleted; one retired item of a list is enough.
        (.obsoleteValue, .info, [entry("Device.USPAgent.SupportedProtocols", "STOMP,CoAP", .string)], false),
        (
            .invalidIPAddress, .error,
            [entry("Device.IP.Interface.1.IPv6Address.1.IPAddress", "fe80::1%eth0", .string)], false
        ),
        // Zero-padded octets: the model's pattern admits them (tr-181-2-17-0-cwmp-full.xml:254-255),
        // RFC 6943 §3.1.1 warns against them.
        (
            .invalidIPAddress, .warning,
            [entry("Device.IP.Interface.1.IPv4Address.1.IPAddress", "192.168.01.1", .string)], false
        ),
        (
            .invalidIPAddress, .warning,
            [entry("Device.DHCPv4.Server.Pool.1.DNSServers", "192.0.2.1,192.0.2.010", .string)], false
        ),
        (
            .invalidIPAddress, .error, [entry("Device.IP.Interface.1.IPv6Prefix.1.Prefix", "2001:db8::/129", .string)],
            false
        ),
        (.invalidInstanceNumber, .error, [entry("Device.IP.Interface.0.Enable", "true", .boolean)], false),
        (.invalidInstanceNumber, .error, [entry("Device.IP.Interface.4294967296.Enable", "true", .boolean)], false),
        (
            .notInEnumerationRef, .warning,
            [
                entry("Device.WiFi.Radio.1.SupportedStandards", "b,g,n", .string),
                entry("Device.WiFi.Radio.1.OperatingStandards", "n,ax", .string),
            ], false
        ),
        // tr-181-2-17-0-cwmp-full.xml:73271: a row of ##.IP.Interface. (Device.IP.Interface.).
        (.invalidReference, .warning, [entry("Device.Hosts.Host.1.Layer3Interface", "Device.Ethernet.Link.1")], false),
        (.invalidReference, .warning, [entry("Device.IP.Interface.1.LowerLayers", "Device.Ethernet.Lnk.1")], false),
        // hidden="true" (tr-181-2-17-0-cwmp-full.xml:3981): it must read back empty.
        (.hiddenValue, .warning, [entry("Device.ManagementServer.Password", "hunter2", .string)], false),
        (.hiddenValue, .warning, [entry("Device.WiFi.Reset", "true", .boolean)], false),  // command="true"
        (.serviceNotLoaded, .warning, [entry("Device.Services.StorageService.1.Enable", "true", .boolean)], false),
        // tr-181-2-17-0-cwmp-full.xml:48061: AssociatedDevice rows are keyed by MACAddress.
        (
            .duplicateKey, .error,
            [
                entry("Device.WiFi.AccessPoint.1.AssociatedDevice.1.MACAddress", "00:11:22:33:44:55", .string),
                entry("Device.WiFi.AccessPoint.1.AssociatedDevice.2.MACAddress", "00:11:22:33:44:55", .string),
            ], false
        ),
        // One parameter reported twice, both copies valid: only the repetition is reported.
        (
            .duplicateParameter, .warning,
            [
                entry("Device.WiFi.Radio.1.Channel", "6", .unsignedInt),
                entry("Device.WiFi.Radio.1.Channel", "11", .unsignedInt),
            ], false
        ),
        // A TR-181 Issue 1 device (DeviceSummary Device:1.4): not judged by the loaded TR-181 2.17.
        (
            .modelNotLoaded, .warning,
            [
                entry("Device.DeviceSummary", "Device:1.4[](Baseline:2, EthernetLAN:1)", .string),
                entry("Device.LAN.IPAddress", "192.168.1.10", .string),
            ], false
        ),
    ]

    @Test("each code alone", arguments: 0..<cases.count)
    func triggersExactly(index: Int) {
        let (code, severity, entries, isInform) = Self.cases[index]
        // Read as one source reads its entries, so a path given twice is a repeat.
        var builder = RepeatTrackingBuilder(source: .csv)
        for entry in entries { builder.add(entry) }
        let report = TreeValidator(models: Models.all).validate(
            builder.tree,
            isInform: isInform,
            repeats: builder.repeats
        )
        #expect(!report.findings.isEmpty, "\(code) was not raised")
        #expect(
            report.findings.allSatisfy { $0.code == code && $0.severity == severity },
            "\(code): \(report.findings)"
        )
        #expect(report.findings.allSatisfy { $0.model == nil || $0.model == "TR-181 2.17" })
    }

    @Test("every finding code has a case above")
    func everyCodeCovered() {
        let covered = Set(Self.cases.map { $0.0 })
        for (code, _) in FindingCode.all { #expect(covered.contains(code), "no test for \(code)") }
    }

    @Test("a correct tree has no findings; vendor names are counted")
    func clean() {
        let tree = ParameterTree([
            Self.entry("Device.DeviceInfo.SoftwareVersion", "4.2.7", .string, writable: false),
            Self.entry("Device.WiFi.Radio.1.Channel", "36", .unsignedInt, writable: true),
            Self.entry("Device.Ethernet.Interface.1.MACAddress", "00:11:22:aa:BB:cc", .string),
            Self.entry("Device.IP.Interface.1.Alias", "cpe-1", .string, writable: true),
            Self.entry("Device.IP.Interface.1.LowerLayers", "Device.Ethernet.Link.1,Device.PPP.Interface.1", .string),
            Self.entry("Device.IP.InterfaceNumberOfEntries", "1", .unsignedInt),
            Self.entry("Device.IP.Interface.1.IPv4Address.1.IPAddress", "192.0.2.10", .string),
            Self.entry("Device.ManagementServer.X_ACME_Debug", "1", .boolean),
            Self.entry("Device.DeviceInfo.FirstUseDate", "0001-01-01T00:00:00Z", .dateTime),
        ])
        let report = TreeValidator(models: Models.all).validate(tree)
        #expect(report.findings.map(\.code) == [.unknownParameter])
        #expect(report.findings.first?.severity == .info)
        #expect(report.vendorParameters == 1)
        #expect(report.parametersChecked == 8)
    }

    @Test("hidden, secured and command parameters reading back their null value raise nothing; a leak hides the value")
    func hiddenValues() {
        let clean = ParameterTree([
            Self.entry("Device.ManagementServer.Password", "", .string),
            Self.entry("Device.WiFi.Reset", "false", .boolean),
            Self.entry("Device.WiFi.AccessPoint.1.Security.Reset", "0", .boolean),
            Self.entry("Device.SoftwareModules.ExecEnv.1.RequestedRunLevel", "0", .int),
            Self.entry("Device.WiFi.AccessPoint.1.Security.KeyPassphrase", "", .string),
        ])
        #expect(TreeValidator(models: Models.all).validate(clean).findings == [])
        let leak = ParameterTree([Self.entry("Device.WiFi.AccessPoint.1.Security.KeyPassphrase", "correct horse")])
        let findings = TreeValidator(models: Models.all).validate(leak).findings
        #expect(findings.map(\.code) == [.hiddenValue])
        #expect(findings.allSatisfy { $0.value == nil })
    }

    @Test("secret values never appear in findings")
    func secrets() {
        let tree = ParameterTree([Self.entry("Device.WiFi.AccessPoint.1.Security.KeyPassphrase", "short", .unsignedInt)]
        )
        let report = TreeValidator(models: Models.all).validate(tree)
        #expect(!report.findings.isEmpty)
        #expect(report.findings.allSatisfy { $0.value == nil || $0.value == "xsd:unsignedInt" })
    }

    @Test("TR-098 roots and a TR-104 VoiceService mounted under Services are checked by their models")
    func otherRoots() {
        let tree = ParameterTree([
            Self.entry("InternetGatewayDevice.DeviceInfo.SoftwareVersion", "1", .string),
            Self.entry("InternetGatewayDevice.Services.VoiceService.1.Capabilities.MaxLineCount", "many"),
            Self.entry("InternetGatewayDevice.NoSuch", "1", .string),
        ])
        let report = TreeValidator(models: Models.all).validate(tree)
        #expect(report.findings.map(\.code).sorted() == [.invalidLexicalValue, .unknownParameter])
        #expect(report.findings.contains { $0.model == "TR-104 2.0" })
        #expect(report.findings.contains { $0.model == "TR-098 1.14" })
    }
}

@Suite("forced-Inform parameters and the device's data-model version")
struct ForcedInformVersionTests {
    static let present: [ParameterEntry] = [
        "Device.DeviceInfo.Manufacturer", "Device.DeviceInfo.ManufacturerOUI", "Device.DeviceInfo.ProductClass",
        "Device.DeviceInfo.SerialNumber", "Device.DeviceInfo.HardwareVersion", "Device.DeviceInfo.SoftwareVersion",
        "Device.DeviceInfo.ProvisioningCode", "Device.ManagementServer.ParameterKey",
        "Device.ManagementServer.ConnectionRequestURL", "Device.ManagementServer.AliasBasedAddressing",
    ].map { ParameterEntry(path: $0, value: "x", type: .string, writable: nil, isObject: false) }

    static func rootVersion(_ cwmp: CWMPVersion?) -> [(Severity, String)] {
        TreeValidator(models: Models.all).validate(ParameterTree(present), isInform: true, cwmpVersion: cwmp)
            .findings.filter { $0.code == .missingInformParameter }.map { ($0.severity, $0.path) }
    }

    @Test(
        "no RootDataModelVersion on CWMP 1.2 or an unknown version: a warning (a Device:2.0–2.3 device has none); on 1.3+: an error"
    )
    func rootDataModelVersion() {
        for cwmp in [CWMPVersion.v1_2, nil] {
            let found = Self.rootVersion(cwmp)
            #expect(found.map(\.0) == [.warning], "\(String(describing: cwmp))")
            #expect(found.map(\.1) == ["Device.RootDataModelVersion"])
        }
        let found = Self.rootVersion(.v1_3)
        #expect(found.map(\.0) == [.error])
        #expect(found.map(\.1) == ["Device.RootDataModelVersion"])
    }
}

@Suite("XSD patterns")
struct XSDRegexTests {
    @Test("implicit anchoring, top-level alternation, ^ and $ are literal, the empty pattern")
    func semantics() throws {
        let alternation = try #require(XSDRegex("[0-9]|[1-5][0-9]|6[0-3]"))
        #expect(alternation.matches("7"))
        #expect(alternation.matches("63"))
        #expect(!alternation.matches("64"))
        #expect(!alternation.matches("x7"))
        let literal = try #require(XSDRegex("a^b$"))
        #expect(literal.matches("a^b$"))
        #expect(!literal.matches("ab"))
        let empty = try #require(XSDRegex(""))
        #expect(empty.matches(""))
        #expect(!empty.matches("a"))
        let digits = try #require(XSDRegex("\\d{4}|\\d{8}"))
        #expect(digits.matches("12345678"))
        #expect(!digits.matches("123456"))
    }

    @Test("every pattern in the shipped models compiles")
    func modelsCompile() {
        for model in Models.all.models {
            for parameter in model.parameters.values {
                for pattern in parameter.syntax.patterns {
                    #expect(XSDRegex(pattern) != nil, "\(model.label) \(parameter.path): \(pattern)")
                }
            }
        }
    }
}
