import CWMP
import DeviceTrees
import FerruleTestSupport
import Testing

@testable import DataModel

/// Facts of the BBF models (file:line in the shipped XML) the validator must honour.
@Suite("BBF model facts: retired values, inherited status, IP text, instance numbers, enumerationRef, names")
struct ModelFidelityTests {
    static func entry(_ path: String, _ value: String, _ type: ValueType = .string) -> ParameterEntry {
        ParameterEntry(path: path, value: value, type: type, writable: nil, isObject: false)
    }

    static func codes(_ entries: [ParameterEntry]) -> [FindingCode] {
        TreeValidator(models: Models.all).validate(ParameterTree(entries)).findings.map(\.code)
    }

    /// How many parameters of TR-181, TR-098 and TR-104 (in that order) have a syntax satisfying `has`.
    static func counts(_ has: (Syntax) -> Bool) -> [Int] {
        ["Device:2.17", "InternetGatewayDevice:1.14", "VoiceService:2.0"].map { name in
            Models.all.models.first { $0.name == name }?.parameters.values.filter { has($0.syntax) }.count ?? -1
        }
    }

    static var tr098: DataModel {
        Models.all.models.first { $0.name.hasPrefix("InternetGatewayDevice") } ?? Models.tr181
    }

    @Test("names with a stray trailing space in TR-098 1.8 load under their real names")
    func trailingSpaces() throws {
        let model = Self.tr098
        #expect(model.parameters.keys.allSatisfy { $0 == $0.trimmingXMLWhitespace() })
        let real = [
            "InternetGatewayDevice.UPnP.Device.UPnPQoSDevice",  // tr-098-1-8-0-full.xml:20729
            "InternetGatewayDevice.FAP.ApplicationPlatform.Control.FemtoAwareness.Queueing",  // :27344
            "InternetGatewayDevice.FAP.ApplicationPlatform.Control.SMS.Queueing",  // :27440
            "InternetGatewayDevice.FAP.ApplicationPlatform.Control.MMS.Queueing",  // :27528
            "InternetGatewayDevice.FAP.ApplicationPlatform.Control.TerminalLocation.Queueing",  // :27616
        ]
        for path in real { #expect(model.parameters[path] != nil, "\(path) is unknown") }
        let tree = [Self.entry(real[0], "true", .boolean)] + real.dropFirst().map { Self.entry($0, "FiFo") }
        #expect(Self.codes(tree) == [])
    }

    @Test("TR-104's top-level VoiceServiceNumberOfEntries is known at Services. and counts the VoiceService rows")
    func serviceTopLevelParameter() throws {
        let tr104 = try #require(Models.all.models.first { $0.isService })
        #expect(tr104.parameters["VoiceServiceNumberOfEntries"]?.syntax.base == .unsignedInt)  // tr-104…:834
        let row = Self.entry("Device.Services.VoiceService.1.Capabilities.MaxLineCount", "2", .int)
        #expect(Self.codes([Self.entry("Device.Services.VoiceServiceNumberOfEntries", "1", .unsignedInt), row]) == [])
        #expect(
            Self.codes([Self.entry("InternetGatewayDevice.Services.VoiceServiceNumberOfEntries", "0", .unsignedInt)])
                == []
        )
        #expect(
            Self.codes([Self.entry("Device.Services.VoiceServiceNumberOfEntries", "0", .unsignedInt), row])
                == [.entriesCount]
        )
        #expect(
            Self.codes([Self.entry("Device.Services.VoiceServiceNumberOfEntries", "many", .unsignedInt)])
                == [.invalidLexicalValue]
        )
        #expect(
            Self.codes([Self.entry("Device.Services.VoiceServiceNumberOfEntriesX", "1", .unsignedInt)])
                == [.unknownParameter]
        )
    }

    @Test("items inside retired objects inherit the most severe status, naming the object")
    func inheritedStatus() throws {
        let model = Models.tr181
        let inheritedDeprecated = model.parameters.values.filter {
            $0.status == .deprecated && $0.statusInheritedFrom != nil
        }
        let inheritedObsoleted = model.parameters.values.filter {
            $0.status == .obsoleted && $0.statusInheritedFrom != nil
        }
        // Counted from the XML with Python's ElementTree (items current themselves, inside retired objects).
        #expect(inheritedDeprecated.count == 60)
        #expect(inheritedObsoleted.count == 59)
        let enable = try #require(model.parameters["Device.UserInterface.RemoteAccess.Enable"])
        #expect(enable.status == .deprecated)
        #expect(enable.statusInheritedFrom == "Device.UserInterface.RemoteAccess.")
        let row = try #require(model.objects["Device.WiFi.MultiAP.APDevice.{i}.Radio.{i}."])
        #expect(row.status == .obsoleted)
        #expect(row.statusInheritedFrom == nil)  // obsoleted itself
        let stats = try #require(model.parameters["Device.WiFi.MultiAP.SteeringSummaryStats.BlacklistAttempts"])
        #expect(stats.statusInheritedFrom == "Device.WiFi.MultiAP.SteeringSummaryStats.")
        let report = TreeValidator(models: Models.all).validate(
            ParameterTree([Self.entry("Device.UserInterface.RemoteAccess.Port", "80", .unsignedInt)])
        )
        #expect(report.findings.map(\.code) == [.deprecated])
        #expect(report.findings.first?.expected.contains("Device.UserInterface.RemoteAccess.") == true)
    }

    @Test("retired enumeration values and patterns are reported with their status; deleted facets no longer apply")
    func retiredValues() throws {
        #expect(
            Models.tr181.parameters["Device.DNS.Client.Server.{i}.Type"]?.syntax.enumerationStatus["DHCP"]
                == .deleted
        )
        // tr-098-1-8-0-full.xml:7371: <size maxLength="31" status="deleted"/> no longer constrains.
        let mode = try #require(
            Self.tr098.parameters["InternetGatewayDevice.LANDevice.{i}.WLANConfiguration.{i}.WPAAuthenticationMode"]
        )
        #expect(mode.syntax.sizes == [])
        // tr-098-1-8-0-full.xml:18922: <pattern value="Count" status="deprecated"/>.
        let path = "InternetGatewayDevice.QueueManagement.Policer.1.ConformingAction"
        #expect(Self.codes([Self.entry(path, "Count")]) == [.deprecatedValue])
        #expect(Self.codes([Self.entry(path, "Drop")]) == [])
        #expect(Self.codes([Self.entry("Device.DNS.Client.Server.1.Type", "DHCPv4")]) == [])
        let report = TreeValidator(models: Models.all).validate(
            ParameterTree([Self.entry("Device.DNS.Relay.Forwarding.1.Type", "DHCP")])
        )
        #expect(report.findings.map(\.severity) == [.error])
        #expect(report.findings.first?.expected == "a current value (the value \"DHCP\" is deleted)")
        // A rule writing a deleted value is an error to the linter; a deprecated one is still allowed.
        let type = try #require(Models.all.parameter(at: "Device.DNS.Client.Server.1.Type"))
        #expect(Models.all.problems(with: "DHCP", for: type.definition).map(\.code) == [.obsoleteValue])
        let time = try #require(Models.all.parameter(at: "Device.Time.Status"))
        #expect(Models.all.problems(with: "Error_FailedToSynchronize", for: time.definition).isEmpty)
    }

    static let ipCases: [(IPTextForm, String, Bool)] = [
        (.address, "", true), (.address, "216.52.29.100", true), (.address, "0.0.0.0", true),
        (.address, "255.255.255.255", true), (.address, "1080:0:0:800:ba98:3210:11aa:12dd", true),
        (.address, "1080::800:ba98:3210:11aa:12dd", true), (.address, "0:0:0:0:0:0:13.1.68.3", true),
        (.address, "::13.1.68.3", true), (.address, "::", true), (.address, "::1", true), (.address, "FE80::1", true),
        (.address, "2001:db8::", true), (.address, "1:2:3:4:5:6:7::", true), (.address, "::2:3:4:5:6:7:8", true),
        (.address, "fe80::1%eth0", false), (.address, "256.1.1.1", false), (.address, "1.2.3", false),
        (.address, "1.2.3.4.5", false), (.address, "01.2.3.4", false), (.address, "1.2.3.04", false),
        (.address, "1..2.3", false), (.address, " 1.2.3.4", false), (.address, "1.2.3.4 ", false),
        (.address, "1:2:3:4:5:6:7:8:9", false), (.address, "1:2:3:4:5:6:7", false), (.address, "1::2::3", false),
        (.address, ":1::2", false), (.address, "1::2:", false), (.address, "12345::1", false),
        (.address, "g::1", false), (.address, "1:2:3:4:5:6:7:1.2.3.4", false), (.address, "::1.2.3", false),
        (.address, "::01.2.3.4", false), (.address, ":::", false), (.address, "localhost", false),
        (.ipv4Address, "192.0.2.1", true), (.ipv4Address, "2001:db8::1", false), (.ipv4Address, "010.0.0.1", false),
        (.ipv6Address, "2001:db8::1", true), (.ipv6Address, "192.0.2.1", false),
        (.ipv6Address, "2001:db8::1%25eth0", false),
        (.prefix, "192.168.1.0/24", true), (.prefix, "2001:edff:fe6a:f76::/64", true), (.prefix, "/64", true),
        (.prefix, "192.168.1.1/32", true), (.prefix, "2001:edff:fe6a:f76::1/128", true), (.prefix, "", true),
        (.prefix, "192.168.1.0/33", false), (.prefix, "2001:db8::/129", false), (.prefix, "/129", false),
        (.prefix, "192.168.1.0", false), (.prefix, "192.168.1.0/", false), (.prefix, "192.168.1.0/2a", false),
        (.prefix, "10.0.0.0/8/8", false), (.prefix, "fe80::%1/64", false),
        (.ipv4Prefix, "10.0.0.0/8", true), (.ipv4Prefix, "/8", true), (.ipv4Prefix, "2001:db8::/32", false),
        (.ipv4Prefix, "10.0.0.0/64", false), (.ipv6Prefix, "2001:db8::/32", true), (.ipv6Prefix, "/128", true),
        (.ipv6Prefix, "10.0.0.0/8", false),
    ]

    @Test("IP data types: dotted-decimal IPv4, RFC 4291 IPv6, no zones, CIDR prefixes", arguments: 0..<ipCases.count)
    func ipText(index: Int) {
        let (form, value, valid) = Self.ipCases[index]
        #expect((form.problem(value) == nil) == valid, "\(form) \"\(value)\"")
    }

    @Test("IP checks stay linear on long hostile input")
    func ipLinear() {
        let long = String(repeating: "1:", count: 50_000) + "::"
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            for form in [IPTextForm.address, .ipv6Address, .prefix] { _ = form.problem(long) }
        }
        #expect(IPTextForm.address.problem(long) != nil)
        #expect(elapsed < .seconds(1))
    }

    @Test("instance numbers: 1 and 4294967295 are fine; 0 and beyond unsignedInt are reported once per instance")
    func instanceNumbers() {
        #expect(
            Self.codes([
                Self.entry("Device.IP.Interface.1.Name", "wan"),
                Self.entry("Device.IP.Interface.4294967295.Name", "lan"),
            ]) == []
        )
        let report = TreeValidator(models: Models.all).validate(
            ParameterTree([
                Self.entry("Device.IP.Interface.0.Name", "a"),
                Self.entry("Device.IP.Interface.0.Enable", "true", .boolean),
                Self.entry("Device.IP.Interface.99999999999999999999999.Name", "b"),
                Self.entry("Device.IP.Interface.3.IPv4Address.0.Enable", "true", .boolean),
            ])
        )
        #expect(report.findings.map(\.code) == Array(repeating: .invalidInstanceNumber, count: 3))
        #expect(
            Set(report.findings.map(\.path)) == [
                "Device.IP.Interface.0.", "Device.IP.Interface.99999999999999999999999.",
                "Device.IP.Interface.3.IPv4Address.0.",
            ]
        )
    }

    @Test("every enumerationRef in the shipped models resolves to a parameter of its model (TR-106 A.2.3.4)")
    func enumerationRefsResolve() throws {
        // Counted from the XML with Python's ElementTree.
        #expect(Self.counts { $0.enumerationRef != nil } == [49, 10, 2])
        let examples = [
            ("Device.UserInterface.HTTPAccess.{i}.Protocol", "Device.UserInterface.HTTPAccessSupportedProtocols"),
            (
                "Device.UserInterface.HTTPAccess.{i}.Session.{i}.Protocol",
                "Device.UserInterface.HTTPAccessSupportedProtocols"
            ),
            ("Device.WiFi.Radio.{i}.OperatingStandards", "Device.WiFi.Radio.{i}.SupportedStandards"),
            ("Device.IPsec.Profile.{i}.AHAllowedIntegrityAlgorithms", "Device.IPsec.SupportedIntegrityAlgorithms"),
            ("Device.DynamicDNS.Server.{i}.ServiceName", "Device.DynamicDNS.SupportedServices"),
            ("Device.MQTT.Broker.{i}.Bridge.{i}.ProtocolVersion", "Device.MQTT.Capabilities.ProtocolVersionsSupported"),
        ]
        for (referrer, target) in examples {
            #expect(Models.tr181.parameters[referrer]?.syntax.enumerationRef?.target == target, "\(referrer)")
        }
        let tr104 = try #require(Models.all.models.first { $0.isService })
        #expect(
            tr104.parameters["VoiceService.{i}.Terminal.{i}.ButtonMap.Button.{i}.FacilityAction"]?.syntax
                .enumerationRef?.target == "VoiceService.{i}.Capabilities.FacilityActions"
        )
    }

    @Test("enumerationRef: checked against the referenced instance in the tree, nullValue allowed, skipped without it")
    func enumerationRefValues() {
        let supported = Self.entry("Device.UserInterface.HTTPAccessSupportedProtocols", "HTTPS")
        #expect(Self.codes([supported, Self.entry("Device.UserInterface.HTTPAccess.2.Protocol", "HTTPS")]) == [])
        #expect(
            Self.codes([supported, Self.entry("Device.UserInterface.HTTPAccess.2.Session.5.Protocol", "HTTP")])
                == [.notInEnumerationRef]
        )
        // The referenced parameter is another instance's: Radio 2's standards don't bind Radio 1.
        #expect(
            Self.codes([
                Self.entry("Device.WiFi.Radio.2.SupportedStandards", "a,n,ac"),
                Self.entry("Device.WiFi.Radio.1.OperatingStandards", "g"),
            ]) == []
        )
        // nullValue (tr-181-2-17-0-cwmp-full.xml:4715: Disabled) is allowed though not supported.
        let compression = "Device.ManagementServer.HTTPCompression"
        let gzip = Self.entry("Device.ManagementServer.HTTPCompressionSupported", "GZIP")
        #expect(Self.codes([gzip, Self.entry(compression, "Disabled")]) == [])
        #expect(Self.codes([gzip, Self.entry(compression, "Deflate")]) == [.notInEnumerationRef])
        #expect(Self.codes([Self.entry(compression, "Deflate")]) == [])
        // A mounted service model: the target is under the same VoiceService row.
        let prefix = "Device.Services.VoiceService.1."
        #expect(
            Self.codes([
                Self.entry(prefix + "Capabilities.FacilityActions", "AA_REGISTER,CA_ACTIVATE"),
                Self.entry(prefix + "CallControl.NumberingPlan.1.PrefixInfo.2.FacilityAction", "CA_ACTIVATE"),
                Self.entry(prefix + "Terminal.1.ButtonMap.Button.3.FacilityAction", "CW_ACTIVATE"),
                Self.entry(prefix + "Terminal.1.ButtonMap.Button.4.FacilityAction", ""),
            ]) == [.notInEnumerationRef]
        )
    }

    @Test("enumerationRef: an empty single value is allowed only as the nullValue; an empty list is no items")
    func enumerationRefEmpty() {
        // tr-181-2-17-0-cwmp-full.xml:45027: OperatingFrequencyBand refers to SupportedFrequencyBands, no nullValue.
        let bands = Self.entry("Device.WiFi.Radio.1.SupportedFrequencyBands", "2.4GHz")
        #expect(
            Self.codes([bands, Self.entry("Device.WiFi.Radio.1.OperatingFrequencyBand", "")]) == [.notInEnumerationRef]
        )
        #expect(Self.codes([bands, Self.entry("Device.WiFi.Radio.1.OperatingFrequencyBand", "2.4GHz")]) == [])
        // A list-valued referrer (OperatingStandards) may be empty.
        #expect(
            Self.codes([
                Self.entry("Device.WiFi.Radio.1.SupportedStandards", "b,g,n"),
                Self.entry("Device.WiFi.Radio.1.OperatingStandards", ""),
            ]) == []
        )
        // An empty item inside a list is an item: allowed only as the nullValue (none here).
        #expect(
            Self.codes([
                Self.entry("Device.WiFi.Radio.1.SupportedStandards", "b,g,n,ac"),
                Self.entry("Device.WiFi.Radio.1.OperatingStandards", "n,,ac"),
            ]) == [.notInEnumerationRef]
        )
    }

    @Test("a vendor enumeration value X_<VENDOR>_… is info (TR-106 §3.3); a wrong value after it is still an error")
    func vendorEnumerationValues() {
        func findings(_ path: String, _ value: String) -> [(FindingCode, Severity)] {
            TreeValidator(models: Models.all).validate(ParameterTree([Self.entry(path, value)])).findings.map {
                ($0.code, $0.severity)
            }
        }
        // tr-181-2-17-0-cwmp-full.xml:6724-6726: "the vendor MAY include vendor-specific values".
        let architecture = "Device.DeviceInfo.Processor.1.Architecture"
        #expect(findings(architecture, "X_HW_aarch64").map(\.1) == [.info])
        #expect(findings("Device.Ethernet.Interface.1.DuplexMode", "X_ZTE-COM_Auto").map(\.1) == [.info])
        #expect(findings(architecture, "aarch64").map(\.1) == [.error])
        for notVendor in ["X_", "X__a", "X_HW_", "X_H.W_a", "x_HW_a"] {
            #expect(findings(architecture, notVendor).map(\.1) == [.error], "\(notVendor)")
        }
        // A list: the vendor item does not hide the wrong one after it.
        let modes = "Device.WiFi.AccessPoint.1.Security.ModesSupported"
        #expect(findings(modes, "None,X_HW_WAPI").map(\.1) == [.info])
        #expect(findings(modes, "X_HW_WAPI,Nonsense").map(\.1) == [.error])
    }

    @Test(
        "an object's Writable is checked against the model's access (info): fixed tables and static objects are read-only"
    )
    func objectWritability() {
        func object(_ path: String, writable: Bool) -> ParameterEntry {
            ParameterEntry(path: path, value: nil, type: nil, writable: writable, isObject: true)
        }
        func codes(_ entries: [ParameterEntry]) -> [FindingCode] {
            TreeValidator(models: Models.all).validate(ParameterTree(entries)).findings.map(\.code)
        }
        // tr-181-2-17-0-cwmp-full.xml:6072: VendorConfigFile.{i}. is readOnly; IP.Interface.{i}. readWrite.
        #expect(codes([object("Device.DeviceInfo.VendorConfigFile.", writable: true)]) == [.writableMismatch])
        #expect(codes([object("Device.DeviceInfo.VendorConfigFile.1.", writable: true)]) == [.writableMismatch])
        #expect(codes([object("Device.DeviceInfo.", writable: true)]) == [.writableMismatch])
        #expect(codes([object("Device.DeviceInfo.", writable: false)]) == [])
        #expect(codes([object("Device.IP.Interface.", writable: true)]) == [])
        #expect(codes([object("Device.IP.Interface.1.", writable: true)]) == [])
        #expect(codes([object("Device.IP.Interface.", writable: false)]) == [.writableMismatch])
    }

    @Test("a TR-098 ONT's VoiceService:1 (DeviceSummary, or a VoiceProfile table) is not judged by TR-104 2.0")
    func voiceServiceMajorVersion() {
        func findings(_ entries: [ParameterEntry]) -> [(FindingCode, Severity)] {
            TreeValidator(models: Models.all).validate(ParameterTree(entries)).findings.map { ($0.code, $0.severity) }
        }
        let profile = Self.entry("InternetGatewayDevice.Services.VoiceService.1.VoiceProfile.1.Enable", "Enabled")
        let summary = Self.entry(
            "InternetGatewayDevice.DeviceSummary",
            "InternetGatewayDevice:1.4[](Baseline:1), VoiceService:1.0[1](Endpoint:1, SIPEndpoint:1)"
        )
        let line = Self.entry("InternetGatewayDevice.Services.VoiceService.1.VoiceProfile.1.Line.1.Enable", "Enabled")
        // One warning for the whole service, not an unknown-parameter error per parameter.
        #expect(findings([profile, line]).filter { $0.0 != .deprecated }.map(\.0) == [.serviceNotLoaded])
        #expect(findings([summary, line]).filter { $0.0 != .deprecated }.map(\.0) == [.serviceNotLoaded])
        // VoiceService:2 declared: checked against TR-104 2.0 as before.
        let v2 = Self.entry("Device.DeviceSummary", "Device:2.0[](Baseline:1), VoiceService:2.0[1](Baseline:1)")
        let unknown = Self.entry("Device.Services.VoiceService.1.VoiceProfile.1.Enable", "Enabled")
        #expect(findings([v2, unknown]).map(\.0).contains(.unknownParameter))
    }

    @Test("a TR-181 Issue 1 tree (DeviceSummary Device:1.4) is not judged by TR-181 2.x: one model-not-loaded warning")
    func rootModelMajorVersion() {
        func findings(_ entries: [ParameterEntry]) -> [(FindingCode, Severity, String)] {
            TreeValidator(models: Models.all).validate(ParameterTree(entries)).findings.map {
                ($0.code, $0.severity, $0.path)
            }
        }
        let summary = Self.entry("Device.DeviceSummary", "Device:1.4[](Baseline:2, EthernetLAN:1)")
        let lan = Self.entry("Device.LAN.IPAddress", "192.168.1.10")
        let found = findings([summary, lan, Self.entry("Device.LAN.AddressingType", "DHCP")])
        #expect(found.map(\.0) == [.modelNotLoaded])
        #expect(found.first?.1 == .warning)
        #expect(found.first?.2 == "Device.")
        // Device:2 declared, or no DeviceSummary: judged by TR-181 2.x as before.
        let v2 = Self.entry("Device.DeviceSummary", "Device:2.11[](Baseline:1)")
        #expect(findings([v2, lan]).map(\.0).contains(.unknownParameter))
        #expect(findings([lan]).map(\.0).contains(.unknownParameter))
    }

    @Test("the BBF facts fixture raises exactly its findings, at their lines")
    func fixture() throws {
        let bytes = try Repository.bytes("Fixtures/trees/gpv-bbf-facts-tr181.xml")
        let tree = try ParameterTree.load(bytes, file: "gpv-bbf-facts-tr181.xml").tree
        let report = TreeValidator(models: Models.all).validate(tree)
        let found = report.findings.map { "\($0.location?.line ?? 0) \($0.code) \($0.severity)" }
        #expect(
            found == [
                "11 deprecated-value info", "15 obsolete-value error", "23 deprecated info",
                "27 invalid-ip-address warning", "31 invalid-ip-address error", "43 invalid-instance-number error",
                "51 not-in-enumeration-ref warning",
            ]
        )
        #expect(report.parametersChecked == 13)
    }

    @Test("pathRef: every facet loads with its target parents resolved; values must name a row there")
    func pathReferences() throws {
        // Counted from the XML with Python's ElementTree.
        #expect(Self.counts { $0.pathRef != nil } == [311, 47, 62])
        let layer3 = try #require(Models.tr181.parameters["Device.Hosts.Host.{i}.Layer3Interface"]?.syntax.pathRef)
        #expect(layer3 == PathReference(strong: true, targetType: .row, targetParents: ["Device.IP.Interface."]))
        let host = "Device.Hosts.Host.1.Layer3Interface"
        #expect(Self.codes([Self.entry(host, "Device.IP.Interface.2")]) == [])
        #expect(Self.codes([Self.entry(host, "Device.IP.Interface.2.")]) == [])  // a trailing dot is tolerated
        #expect(Self.codes([Self.entry(host, "")]) == [])  // no reference
        #expect(Self.codes([Self.entry(host, "Device.IP.Interface.2.Enable")]) == [.invalidReference])
        #expect(Self.codes([Self.entry(host, "Device.IP.Interface.")]) == [.invalidReference])
        #expect(Self.codes([Self.entry(host, "Device.X_ACME_Tunnel.1")]) == [])
        #expect(Self.codes([Self.entry(host, "eth0")]) == [.invalidReference])
        // Instance numbers start at 1 (cwmp-1-2.xsd:1659-1663): instance 0 names no row.
        #expect(Self.codes([Self.entry(host, "Device.IP.Interface.0")]) == [.invalidReference])
        #expect(Self.codes([Self.entry(host, "Device.IP.Interface.00.")]) == [.invalidReference])
        #expect(Self.codes([Self.entry(host, "Device.IP.Interface.10")]) == [])
        // A mounted service model: .ISDN.BRI. is relative to the VoiceService row.
        let clock = "Device.Services.VoiceService.1.ClockSynchronization.ClockSource.1.Interface"
        #expect(Self.codes([Self.entry(clock, "Device.Services.VoiceService.1.ISDN.BRI.2")]) == [])
        #expect(Self.codes([Self.entry(clock, "Device.Services.VoiceService.1.POTS.FXS.1")]) == [.invalidReference])
    }
}

@Suite("enumerationRef: each referenced list is split once per run")
struct EnumerationRefCostTests {
    @Test("600 referrers to one 20,000-item list: one split, findings unchanged (was one split per referrer)")
    func referencedListSplitOnce() {
        // tr-181-2-17-0-cwmp-full.xml:49233: Profile.{i}.Security.ModeEnabled refers to ##.Security.ModesSupported.
        var entries = [
            ModelFidelityTests.entry(
                "Device.WiFi.EndPoint.1.Security.ModesSupported",
                (["WPA2-Personal"] + Array(repeating: "None", count: 20_000)).joined(separator: ",")
            )
        ]
        for i in 1...600 {
            entries.append(
                ModelFidelityTests.entry(
                    "Device.WiFi.EndPoint.1.Profile.\(i).Security.ModeEnabled",
                    i == 7 ? "WPA3-Personal" : "WPA2-Personal"
                )
            )
        }
        let lists = TreeValidator.ReferencedLists()
        let report = TreeValidator(models: Models.all).validate(
            ParameterTree(entries),
            isInform: false,
            cwmpVersion: nil,
            repeats: [],
            lists: lists
        )
        #expect(lists.builds == 1)
        #expect(
            report.findings.filter { $0.code == .notInEnumerationRef }.map(\.path)
                == ["Device.WiFi.EndPoint.1.Profile.7.Security.ModeEnabled"]
        )
    }
}
