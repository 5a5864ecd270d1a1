import Foundation
import Testing

@testable import CWMP

@Suite("Typed value accessors")
struct ValueTests {
    @Test(
        "valid lexical forms convert",
        arguments: [
            (CWMPValue("42", type: .unsignedInt), TypedValue.unsignedInt(42)),
            (CWMPValue(" -7 ", type: .int), .int(-7)),
            (CWMPValue("18446744073709551615", type: .unsignedLong), .unsignedLong(.max)),
            (CWMPValue("-9223372036854775808", type: .long), .long(.min)),
            (CWMPValue("true", type: .boolean), .boolean(true)),
            (CWMPValue("0", type: .boolean), .boolean(false)),
            (CWMPValue("AQID", type: .base64), .base64([1, 2, 3])),
            (CWMPValue("0aFF", type: .hexBinary), .hexBinary([0x0A, 0xFF])),
            (CWMPValue(" spaced ", type: .string), .string(" spaced ")),
        ]
    )
    func converts(value: CWMPValue, expected: TypedValue) {
        #expect(value.typed == .success(expected))
    }

    @Test(
        "invalid lexical forms are explicit results, never a guess",
        arguments: [
            CWMPValue("12abc", type: .int), CWMPValue("4294967296", type: .unsignedInt),
            CWMPValue("-1", type: .unsignedInt),
            CWMPValue("yes", type: .boolean), CWMPValue("", type: .int),
            CWMPValue("0000-00-00T00:00:00", type: .dateTime),
            CWMPValue("2019-03-05T11:54::14", type: .dateTime), CWMPValue("A", type: .base64),
            CWMPValue("abc", type: .hexBinary),
        ]
    )
    func invalid(value: CWMPValue) {
        #expect(value.typed == .failure(InvalidLexicalForm(raw: value.raw, type: value.type)))
    }

    @Test("base64: the unused bits of a padded final quantum must be zero (XML Schema 1.0 Part 2 §3.2.16 B04, B16)")
    func base64PaddingBits() {
        // B04 ::= [AQgw] before "==", B16 ::= [AEIMQUYcgkosw048] before "=".
        for b04 in "AQgw" { #expect(CWMPValue("Q\(b04)==", type: .base64).typed.isSuccess, "Q\(b04)==") }
        for b16 in "AEIMQUYcgkosw048" { #expect(CWMPValue("QU\(b16)=", type: .base64).typed.isSuccess, "QU\(b16)=") }
        for bad in ["QR==", "QB==", "Q/==", "QUK=", "QUJ=", "QU/=", "AAAAQR=="] {
            #expect(!CWMPValue(bad, type: .base64).typed.isSuccess, "\(bad)")
        }
        #expect(CWMPValue("QUI=", type: .base64).typed == .success(.base64([0x41, 0x42])))
    }

    @Test("dateTime: the unknown time, zones, no zone, fractions")
    func dateTimes() throws {
        let unknown = try #require(CWMPDateTime("0001-01-01T00:00:00Z"))
        #expect(unknown.isUnknown)
        let zoned = try #require(CWMPDateTime("2026-11-29T08:31:15.250+02:00"))
        #expect(!zoned.isUnknown)
        #expect(zoned.secondsSince1970 == 1_795_933_875)
        #expect(zoned.fraction == "250")
        #expect(zoned.description == "2026-11-29T08:31:15.250+02:00")
        let local = try #require(CWMPDateTime("1970-01-01T00:00:10"))
        #expect(local.utcOffsetSeconds == nil)
        #expect(local.secondsSince1970 == 10)
        #expect(CWMPDateTime("2023-02-29T00:00:00Z") == nil)
    }

    @Test("dateTime years as XSD 1.0 §3.2.7.1 writes them: negative, five digits; not 0000 or leading zeros")
    func dateTimeYears() throws {
        let bce = try #require(CWMPDateTime("-0001-01-01T00:00:00Z"))
        #expect(bce.year == -1)
        #expect(bce.description == "-0001-01-01T00:00:00Z")
        // 1 BCE is the proleptic year 0: a leap year, 366 + 719162 days before the epoch.
        #expect(bce.secondsSince1970 == -(719_162 + 366) * 86_400)
        #expect(CWMPDateTime("-0001-02-29T00:00:00Z") != nil)
        let far = try #require(CWMPDateTime("10000-01-01T00:00:00Z"))
        #expect(far.year == 10_000)
        #expect(far.description == "10000-01-01T00:00:00Z")
        #expect(far.secondsSince1970 == 253_402_300_800)
        #expect(CWMPDateTime("0000-01-01T00:00:00Z") == nil)
        #expect(CWMPDateTime("-0000-01-01T00:00:00Z") == nil)
        #expect(CWMPDateTime("02026-01-01T00:00:00Z") == nil)
        #expect(CWMPDateTime("202-01-01T00:00:00Z") == nil)
        #expect(CWMPDateTime("--2026-01-01T00:00:00Z") == nil)
        #expect(CWMPDateTime("1234567890-01-01T00:00:00Z") == nil)
    }

    @Test("type names match case-insensitively and keep vendor types verbatim")
    func typeNames() {
        #expect(ValueType.parse("xsd:unsignedint") == (.unsignedInt, true))
        #expect(ValueType.parse("xs:boolean") == (.boolean, false))
        #expect(ValueType.parse("soap-enc:base64") == (.base64, false))
        #expect(ValueType.parse("cwmp:X_Vendor") == (.other("cwmp:X_Vendor"), false))
    }

    @Test("secret parameter names are recognised, their siblings are not")
    func secrets() {
        #expect(SecretParameters.isSecret("Device.WiFi.AccessPoint.1.Security.KeyPassphrase"))
        #expect(
            SecretParameters.isSecret(
                "InternetGatewayDevice.LANDevice.1.WLANConfiguration.1.PreSharedKey.1.PreSharedKey"
            )
        )
        #expect(SecretParameters.isSecret("Device.ManagementServer.ConnectionRequestPassword"))
        #expect(!SecretParameters.isSecret("Device.WiFi.AccessPoint.1.Security.ModeEnabled"))
        #expect(!SecretParameters.isSecret("Device.Users.User.1.PasswordNumberOfEntries"))
        #expect(SecretString("s3cret").description == "<redacted>")
    }
}

@Suite("Known names table")
struct KnownNamesTests {
    @Test("literal IDs match the name list, and byte lookups find every name")
    func literals() {
        #expect(Int(KnownNames.count) == KnownNames.names.count)
        #expect(KnownNames.names[Int(KnownNames.type)] == "type")
        #expect(KnownNames.names[Int(KnownNames.arrayType)] == "arrayType")
        #expect(KnownNames.names[Int(KnownNames.name)] == "Name")
        #expect(KnownNames.names[Int(KnownNames.value)] == "Value")
        #expect(KnownNames.names[Int(KnownNames.writable)] == "Writable")
        #expect(KnownNames.names[Int(KnownNames.eventCode)] == "EventCode")
        #expect(KnownNames.names[Int(KnownNames.commandKey)] == "CommandKey")
        for (i, name) in KnownNames.names.enumerated() { #expect(KnownNames.id(name) == Int32(i), "\(name)") }
        #expect(KnownNames.id("X_ACME_Frobnicate") == nil)
        #expect(Set(KnownNames.names).count == KnownNames.names.count)
    }
}

@Suite("Secret parameter names, byte check")
struct SecretNameTests {
    @Test("the leaf is the last non-empty part, matched case-insensitively; non-ASCII leaves still match")
    func leaves() {
        #expect(SecretParameters.isSecret("Device.Users.User.1.PASSWORD"))
        #expect(SecretParameters.isSecret("Device.Users.User.1.Password."))
        #expect(SecretParameters.isSecret("Device.Users.User.1.Password.."))
        #expect(SecretParameters.isSecret("X_ACME_WpaPsk"))
        #expect(!SecretParameters.isSecret("Device.Users.User.1.PasswordEnable"))
        #expect(!SecretParameters.isSecret("Device.Users.User.1.SecretStatus"))
        #expect(!SecretParameters.isSecret("Device.Password.1.Name"))
        #expect(!SecretParameters.isSecret(""))
        #expect(!SecretParameters.isSecret("..."))
        #expect(!SecretParameters.isSecret("Device.psk.é"))
        #expect(SecretParameters.isSecret("Device.X_ÄCME.ÜberPassword"))
        #expect(SecretParameters.isSecret("Device.Ä.KeyPassphrase"))
        #expect(!SecretParameters.isSecret("Device.X.PASSWORDNUMBEROFENTRIES"))
        #expect(SecretParameters.isSecret("Device.WiFi.AccessPoint.1.WPS.PIN"))
        #expect(SecretParameters.isSecret("Device.Cellular.Interface.1.USIM.pin"))
        #expect(!SecretParameters.isSecret("Device.IP.Diagnostics.IPPing"))
        #expect(SecretParameters.isSecret("Device.LocalAgent.ControllerTrust.Challenge.2.Value"))
        #expect(!SecretParameters.isSecret("Device.DeviceInfo.VendorConfigFile.1.Value"))
    }

    @Test("vendor credentials in real exports are secrets (TP-Link XX230v, Nokia G-1425G-A); table keys are not")
    func vendorCredentials() {
        for path in [
            "Device.Optical.Interface.1.GponAuthCtc.GponAuthCtcPwd", "Device.Optical.Interface.1.GponAuth.GponPwd",
            "InternetGatewayDevice.X_ALU-COM_ServiceManage.DebugDyPass.PriKey", "Device.X_ACME.TLS.PrivKey",
            "Device.X_ACME_SNMP.ReadCommunity", "Device.X_ACME_SNMP.Community", "Device.X_ACME.Cloud.AuthToken",
            "Device.X_ACME.Cloud.APIKey", "Device.X_ACME.Cloud.SessionKey", "Device.X_ACME.Cloud.SecretKey",
            "Device.LMAP.MeasurementAgent.1.PrivateCredential", "Device.X_ACME.Wan.Credentials",
            "Device.X_ACME.WLAN.WpaPsk", "Device.X_ACME.RADIUS.Secret", "device.x_acme.admin.gponpwd",
        ] {
            #expect(SecretParameters.isSecret(path), "\(path)")
            #expect(Redaction.parameterValue("clear-text", path: path) == Redaction.marker, "\(path)")
        }
        for path in [
            "Device.X_ACME.KeyboardLayout", "Device.DNS.SD.Service.1.TextRecord.1.Key",
            "Device.SSH.AuthorizedKey.1.Key",
            "Device.SoftwareModules.ExecutionUnit.1.EnvVariable.1.Key", "Device.QoS.Classification.1.ClassificationKey",
            "Device.Bridging.Bridge.1.BridgeKey", "InternetGatewayDevice.QueueManagement.App.1.AppKey",
            "Device.LMAP.MeasurementAgent.1.PublicCredential",
            "Device.LMAP.MeasurementAgent.1.CommunicationChannel.1.TargetPublicCredential",
            "Device.LocalAgent.Controller.1.Credential", "Device.X_ACME_SNMP.CommunityEnable",
            "Device.X_ACME_SNMP.CommunityNumberOfEntries", "Device.X_ACME.TokenStatus", "Device.X_ACME.TokenBucketSize",
            "Device.ManagementServer.ParameterKey", "Device.X_ACME.Cwd.Path",
        ] {
            #expect(!SecretParameters.isSecret(path), "\(path)")
        }
    }

    @Test("every URL's user information in a value is hidden, sip: URIs with a password too")
    func urlCredentials() {
        #expect(Redaction.url("https://u:p@h/x") == "https://<redacted>@h/x")
        #expect(Redaction.url("http://acs1,http://nbi:SECOND@acs2/") == "http://acs1,http://<redacted>@acs2/")
        #expect(Redaction.url("http://a/ http://nbi:THIRD@b/") == "http://a/ http://<redacted>@b/")
        #expect(Redaction.url("sip:alice:SIPPASS@voip.example") == "sip:<redacted>@voip.example")
        #expect(Redaction.url("<SIPS:bob:pw@v>") == "<SIPS:<redacted>@v>")
        #expect(Redaction.url("sip:alice@voip.example") == "sip:alice@voip.example", "no password, nothing hidden")
        #expect(Redaction.url("mail me at a@b.example") == "mail me at a@b.example")
        #expect(Redaction.url("gossip:x:y@z") == "gossip:x:y@z", "sip only as a scheme of its own")
        #expect(Redaction.url("http://h/path@x") == "http://h/path@x", "an @ in the path is not user information")
    }

    @Test("every parameter the shipped BBF models mark hidden or secured is a secret (Reset, ForceSample aside)")
    func modelsHiddenAndSecured() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: "Models").filter { $0.hasSuffix(".xml") }
        #expect(files.count >= 3)
        var checked = 0
        for file in files {
            let text = try String(contentsOfFile: "Models/" + file, encoding: .utf8)
            var object = ""
            var parameter: String?
            for line in text.split(separator: "\n") {
                if let name = Self.attribute("name", of: "<object ", in: line) {
                    object = name
                } else if let name = Self.attribute("name", of: "<parameter ", in: line) {
                    parameter = name
                } else if line.contains("<syntax"),
                    line.contains("hidden=\"true\"") || line.contains("secured=\"true\""),
                    let name = parameter, !["Reset", "ForceSample"].contains(name)
                {
                    let path = object.replacingOccurrences(of: "{i}", with: "1") + name
                    #expect(SecretParameters.isSecret(path), "\(file): \(path)")
                    checked += 1
                }
            }
        }
        #expect(checked >= 50)
    }

    /// `name="…"` of the element `tag` opens on `line`, nil when it does not.
    static func attribute(_ attribute: String, of tag: String, in line: Substring) -> String? {
        guard let open = line.range(of: tag),
            let start = line.range(of: attribute + "=\"", range: open.upperBound..<line.endIndex),
            let end = line[start.upperBound...].firstIndex(of: "\"")
        else { return nil }
        return String(line[start.upperBound..<end])
    }
}

extension Result {
    fileprivate var isSuccess: Bool {
        if case .success = self { return true }
        return false
    }
}
