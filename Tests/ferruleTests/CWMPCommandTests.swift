import FerruleJSON
import FerruleTestSupport
import Foundation
import Testing

/// End-to-end: the `ferrule cwmp` commands, run as a process on the shipped fixtures.
@Suite("ferrule cwmp (end to end)")
struct CWMPCommandTests {
    @Test("parse: every shipped fixture parses, exit 0, one JSON object per file in the documented shape")
    func parseAllFixtures() async throws {
        let files = try FerruleRunner.fixtures("Fixtures/cwmp")
        let result = try await FerruleRunner.run(["cwmp", "parse", "--format", "json"] + files)
        #expect(result.status == 0, "\(result.stderr)")
        let reports = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(reports.count == files.count)
        #expect(reports.allSatisfy { $0["ok"] as? Bool == true })
        let inform = try #require(
            reports.first { ($0["file"] as? String)?.hasSuffix("cpe-inform-cwmp13-sessiontimeout.xml") == true }
        )
        #expect(inform["method"] as? String == "Inform")
        #expect(inform["namespace"] as? String == "urn:dslforum-org:cwmp-1-2")
        #expect(inform["cwmpVersion"] as? String == "1.3")
        let header = try #require(inform["header"] as? [String: Any])
        #expect(header["sessionTimeout"] as? Int != nil)
        #expect(Set(header.keys).isSuperset(of: ["id", "holdRequests", "noMoreRequests", "sessionTimeout"]))
        let body = try #require(inform["body"] as? [String: Any])
        #expect(Set(body.keys) == ["deviceId", "events", "maxEnvelopes", "currentTime", "retryCount", "parameters"])
        let deviceId = try #require(body["deviceId"] as? [String: Any])
        #expect(Set(deviceId.keys) == ["manufacturer", "oui", "productClass", "serialNumber"])
        let parameter = try #require((body["parameters"] as? [[String: Any]])?.first)
        #expect(Set(parameter.keys) == ["name", "value", "type"])
        let event = try #require((body["events"] as? [[String: Any]])?.first)
        #expect(Set(event.keys) == ["code", "commandKey"])
    }

    @Test("parse: body shapes of Fault, TransferComplete, SPV and GPN responses")
    func parseBodyShapes() async throws {
        let result = try await FerruleRunner.run([
            "cwmp", "parse", "--format", "json", "Fixtures/cwmp/cpe-fault-9003-spv-three.xml",
            "Fixtures/cwmp/cpe-transfercomplete-basic.xml",
            "Fixtures/cwmp/cpe-setparametervaluesresponse-basic.xml",
            "Fixtures/cwmp/cpe-getparameternamesresponse-basic.xml",
        ])
        #expect(result.status == 0)
        let reports = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        let fault = try #require(reports[0]["body"] as? [String: Any])
        #expect(Set(fault.keys) == ["faultCode", "faultString", "cwmpFault"])
        let cwmpFault = try #require(fault["cwmpFault"] as? [String: Any])
        #expect(cwmpFault["code"] as? Int == 9003)
        let spvFaults = try #require(cwmpFault["setParameterValuesFaults"] as? [[String: Any]])
        #expect(spvFaults.count == 3)
        #expect(Set(spvFaults[0].keys) == ["name", "code", "string"])
        let transfer = try #require(reports[1]["body"] as? [String: Any])
        #expect(Set(transfer.keys) == ["commandKey", "fault", "startTime", "completeTime"])
        #expect(Set((transfer["fault"] as? [String: Any])?.keys.map { $0 } ?? []) == ["code", "string"])
        #expect(Set((reports[2]["body"] as? [String: Any])?.keys.map { $0 } ?? []) == ["status"])
        let gpn = try #require((reports[3]["body"] as? [String: Any])?["parameters"] as? [[String: Any]])
        #expect(Set(gpn.first?.keys.map { $0 } ?? []) == ["name", "writable"])
    }

    @Test("parse: a CPE Fault's FaultCode written with a reference is kept as written, the code GenieACS records")
    func parseFaultCodeAsWritten() async throws {
        let fault = try String(contentsOfFile: "Fixtures/cwmp/cpe-fault-9003-spv-three.xml", encoding: .utf8)
            .replacingOccurrences(of: "<FaultCode>9003</FaultCode>", with: "<FaultCode>&#57;005</FaultCode>")
            .replacingOccurrences(of: "<FaultCode>9007</FaultCode>", with: "<FaultCode> 9007</FaultCode>")
        let file = try Scratch.directory(["fault.xml": fault], prefix: "ferrule-fault-code") + "/fault.xml"
        let text = try await FerruleRunner.run(["cwmp", "parse", file])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(
            text.stdout.contains(
                "fault \"cwmp.&#57;005\" as GenieACS records it (code read as 9005) Invalid arguments"
            ),
            "\(text.stdout)"
        )
        #expect(text.stdout.contains("Device.WiFi.Radio.1.Channel \" 9007\""), "\(text.stdout)")
        let json = try await FerruleRunner.run(["cwmp", "parse", "--format", "json", file])
        let reports = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        let cwmpFault = try #require((reports.first?["body"] as? [String: Any])?["cwmpFault"] as? [String: Any])
        #expect(cwmpFault["code"] as? Int == 9005)
        #expect(cwmpFault["sentCode"] as? String == "&#57;005")
    }

    @Test("parse: a truncated file exits 1 with line:column, and the other files are still printed")
    func parseTruncated() async throws {
        let result = try await FerruleRunner.run([
            "cwmp", "parse", "Fixtures/cwmp-rejected/bad-truncated-inform.xml", "Fixtures/cwmp/cpe-inform-basic.xml",
        ])
        #expect(result.status == 1)
        #expect(result.stderr.contains("Fixtures/cwmp-rejected/bad-truncated-inform.xml:46:33: error[not-well-formed]"))
        #expect(result.stdout.contains("Fixtures/cwmp/cpe-inform-basic.xml: Inform"))
        let json = try await FerruleRunner.run([
            "cwmp", "parse", "--format", "json", "Fixtures/cwmp-rejected/bad-truncated-inform.xml",
        ])
        let report = try #require(
            (try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])?.first
        )
        #expect(report["ok"] as? Bool == false)
        let error = try #require(report["error"] as? [String: Any])
        #expect(error["line"] as? Int == 46)
        #expect(error["column"] as? Int == 33)
        #expect(error["message"] as? String != nil)
    }

    @Test("parse: usage errors exit 64, unreadable files exit 2")
    func parseUsageErrors() async throws {
        #expect(try await FerruleRunner.run(["cwmp", "parse"]).status == 64)
        #expect(
            try await FerruleRunner.run(["cwmp", "parse", "--format", "yaml", "Fixtures/cwmp/cpe-inform-basic.xml"])
                .status
                == 64
        )
        let missing = try await FerruleRunner.run(["cwmp", "parse", "/nonexistent/inform.xml"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("/nonexistent/inform.xml"))
    }

    @Test("parse: --charset reads a Latin-1 body that has no declaration")
    func parseCharset() async throws {
        let result = try await FerruleRunner.run([
            "cwmp", "parse", "--format", "json", "--charset", "ISO-8859-1",
            "Fixtures/cwmp/quirk-latin1-no-declaration.xml",
        ])
        #expect(result.status == 0)
        #expect(result.stdout.contains("Orléans"))
        #expect(!result.stdout.contains("invalid-utf8-as-latin1"))
    }

    @Test("parse: passwords are redacted unless --show-secrets")
    func parseRedactsSecrets() async throws {
        let redacted = try await FerruleRunner.run([
            "cwmp", "parse", "--format", "json", "Fixtures/cwmp/acs-download-basic.xml",
        ])
        #expect(redacted.status == 0)
        #expect(!redacted.stdout.contains("example-not-secret"))
        #expect(redacted.stdout.contains("<redacted>"))
        let shown = try await FerruleRunner.run([
            "cwmp", "parse", "--format", "json", "--show-secrets", "Fixtures/cwmp/acs-download-basic.xml",
        ])
        #expect(shown.stdout.contains("example-not-secret"))
    }

    @Test("parse: a URL's user:password@ is hidden in text and JSON, and text escapes the message's control characters")
    func parseHidesURLCredentialsAndEscapes() async throws {
        let original = try String(contentsOfFile: "Fixtures/cwmp/acs-download-basic.xml", encoding: .utf8)
        let hostile = original.replacingOccurrences(
            of: "https://files.isp.example/firmware/",
            with: "https://fwuser:S3cretPW@files.isp.example/\u{9B}31m\u{202E}firmware/"
        )
        let file = try Scratch.file("download.xml", Array(hostile.utf8))
        for format in ["text", "json"] {
            let shown = try await FerruleRunner.run(["cwmp", "parse", "--format", format, file])
            #expect(shown.status == 0, "\(shown.stdout)")
            #expect(!shown.stdout.contains("S3cretPW"), "\(format): \(shown.stdout)")
            #expect(shown.stdout.contains("https://<redacted>@files.isp.example/"), "\(format): \(shown.stdout)")
        }
        let text = try await FerruleRunner.run(["cwmp", "parse", "--format", "text", file])
        #expect(!text.stdout.unicodeScalars.contains { $0.value == 0x9B || $0.value == 0x202E }, "\(text.stdout)")
        let revealed = try await FerruleRunner.run(["cwmp", "parse", "--format", "json", "--show-secrets", file])
        #expect(revealed.stdout.contains("fwuser:S3cretPW@"))
    }

    @Test(
        "tree and parse: a parameter value's URL credentials (a ConnectionRequestURL) are hidden unless --show-secrets"
    )
    func parameterURLCredentials() async throws {
        let original = try String(contentsOfFile: "Fixtures/cwmp/cpe-inform-basic.xml", encoding: .utf8)
        let pattern = try Regex(#"(ConnectionRequestURL</Name>\s*<Value[^>]*>)[^<]*"#)
        let hostile = original.replacing(pattern) { match in
            (match.output[1].substring.map(String.init) ?? "") + "http://admin:Passw0rdX@10.0.0.1:7547/"
        }
        #expect(hostile.contains("admin:Passw0rdX@"), "the fixture has a ConnectionRequestURL")
        let file = try Scratch.file("inform.xml", Array(hostile.utf8))
        for arguments in [
            ["cwmp", "tree"], ["cwmp", "tree", "--format", "json"], ["cwmp", "tree", "--format", "jsonl"],
            ["cwmp", "parse", "--format", "json"], ["cwmp", "parse", "--format", "jsonl"],
        ] {
            let result = try await FerruleRunner.run(arguments + [file])
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            #expect(!result.stdout.contains("Passw0rdX"), "\(arguments): \(result.stdout)")
            #expect(result.stdout.contains("http://<redacted>@10.0.0.1:7547/"), "\(arguments): \(result.stdout)")
        }
        let shown = try await FerruleRunner.run(["cwmp", "tree", "--show-secrets", file])
        #expect(shown.stdout.contains("admin:Passw0rdX@"))
    }

    @Test("tree: GPN names and GPV values merge into one TSV tree")
    func treeMerged() async throws {
        let xml = """
            <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:cwmp="urn:dslforum-org:cwmp-1-2" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:enc="http://schemas.xmlsoap.org/soap/encoding/"><soap:Header><cwmp:ID>1</cwmp:ID></soap:Header><soap:Body><cwmp:GetParameterNamesResponse><ParameterList enc:arrayType="cwmp:ParameterInfoStruct[2]">\
            <ParameterInfoStruct><Name>Device.WiFi.SSID.1.</Name><Writable>0</Writable></ParameterInfoStruct><ParameterInfoStruct><Name>Device.WiFi.SSID.1.SSID</Name><Writable>1</Writable></ParameterInfoStruct></ParameterList></cwmp:GetParameterNamesResponse></soap:Body></soap:Envelope>
            """
        let gpn = try Scratch.file("gpn.xml", Array(xml.utf8))
        let gpv = try Scratch.file(
            "gpv.xml",
            Array(
                xml.replacingOccurrences(of: "GetParameterNamesResponse", with: "GetParameterValuesResponse")
                    .replacingOccurrences(of: "ParameterInfoStruct[2]", with: "ParameterValueStruct[1]")
                    .replacingOccurrences(
                        of:
                            "<ParameterInfoStruct><Name>Device.WiFi.SSID.1.</Name><Writable>0</Writable></ParameterInfoStruct>",
                        with: ""
                    )
                    .replacingOccurrences(
                        of:
                            "<ParameterInfoStruct><Name>Device.WiFi.SSID.1.SSID</Name><Writable>1</Writable></ParameterInfoStruct>",
                        with:
                            "<ParameterValueStruct><Name>Device.WiFi.SSID.1.SSID</Name><Value xsi:type=\"xsd:string\">home\tnet</Value></ParameterValueStruct>"
                    ).utf8
            )
        )
        let result = try await FerruleRunner.run(["cwmp", "tree", gpn, gpv])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stdout == "Device.WiFi.SSID.1.\t\t\tfalse\nDevice.WiFi.SSID.1.SSID\txsd:string\thome\\tnet\ttrue\n"
        )
    }

    @Test(
        "tree: every shipped tree source reads, in TSV and JSON",
        arguments: [
            "nbi-device-tr098.json", "nbi-device-tr181.json", "genieacs-sim-tr098.csv", "genieacs-export-tr181.csv",
        ]
    )
    func treeSources(file: String) async throws {
        let tsv = try await FerruleRunner.run(["cwmp", "tree", "Fixtures/trees/" + file])
        #expect(tsv.status == 0, "\(tsv.stderr)")
        let lines = tsv.stdout.split(separator: "\n")
        #expect(lines.count >= 40)
        #expect(lines.allSatisfy { $0.split(separator: "\t", omittingEmptySubsequences: false).count == 4 })
        let json = try await FerruleRunner.run(["cwmp", "tree", "--format", "json", "Fixtures/trees/" + file])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(rows.count == lines.count)
    }

    @Test("tree: a file of the wrong kind is an error naming the file, exit 1")
    func treeWrongKind() async throws {
        let result = try await FerruleRunner.run([
            "cwmp", "tree", "--from", "gpn", "Fixtures/cwmp/cpe-inform-basic.xml",
        ])
        #expect(result.status == 1)
        #expect(
            result.stderr.contains(
                "cpe-inform-basic.xml: error[unreadable]: the file holds Inform, not GetParameterNamesResponse"
            )
        )
    }

    @Test(
        "render: passwords, passphrases and a URL's user:password@ are written redacted, as tree shows them, unless --show-secrets"
    )
    func renderRedacts() async throws {
        let header =
            "Parameter,Object,Object timestamp,Writable,Writable timestamp,Value,Value type,Value timestamp,"
            + "Notification,Notification timestamp,Access list,Access list timestamp"
        let rows = [
            ("Device.DeviceInfo.Manufacturer", "ACME"), ("Device.DeviceInfo.ManufacturerOUI", "3C52A1"),
            ("Device.DeviceInfo.ProductClass", "EX220"), ("Device.DeviceInfo.SerialNumber", "S1"),
            ("Device.ManagementServer.ConnectionRequestURL", "http://cpe:CrUrlPw1@10.0.0.1:7547/"),
            ("Device.WiFi.AccessPoint.1.Security.KeyPassphrase", "WifiPw2secret"),
            ("Device.PPP.Interface.1.Password", "PppPw3secret"),
        ].map { "\($0.0),false,2024-03-18T06:00:03.512Z,true,2024-03-18T06:00:03.512Z,\"\($0.1)\",xsd:string,,,,," }
        let export = try Scratch.file("export.csv", Array(([header] + rows).joined(separator: "\n").utf8 + [10]))
        let secrets = ["CrUrlPw1", "WifiPw2secret", "PppPw3secret"]
        for kind in ["gpv", "inform"] {
            let rendered = try await FerruleRunner.run(["cwmp", "render", "--as", kind, "--all-parameters", export])
            #expect(rendered.status == 0, "\(rendered.stderr)")
            for secret in secrets { #expect(!rendered.combined.contains(secret), "\(kind): \(rendered.stdout)") }
            #expect(rendered.stdout.contains("http://&lt;redacted&gt;@10.0.0.1:7547/"), "\(kind): \(rendered.stdout)")
            // What render writes reads back as tree shows the export.
            let file = try Scratch.file("rendered-\(kind).xml", Array(rendered.stdout.utf8))
            let back = try await FerruleRunner.run(["cwmp", "tree", "--show-secrets", file])
            let tree = try await FerruleRunner.run(["cwmp", "tree", export])
            for path in ["Device.WiFi.AccessPoint.1.Security.KeyPassphrase", "Device.PPP.Interface.1.Password"] {
                let line = { (text: String) in
                    text.split(separator: "\n").first { $0.hasPrefix(path + "\t") }?.split(separator: "\t").prefix(3)
                        .joined(separator: "\t")
                }
                #expect(line(back.stdout) != nil && line(back.stdout) == line(tree.stdout), "\(kind) \(path)")
            }
            let shown = try await FerruleRunner.run([
                "cwmp", "render", "--as", kind, "--all-parameters", "--show-secrets", export,
            ])
            #expect(shown.status == 0, "\(shown.stderr)")
            for secret in secrets { #expect(shown.stdout.contains(secret), "\(kind) --show-secrets: \(shown.stdout)") }
        }
    }

    @Test("render: a CSV export becomes a GPV response and an Inform that parse back to the same values")
    func renderRoundTrip() async throws {
        let gpv = try await FerruleRunner.run([
            "cwmp", "render", "--as", "gpv", "--show-secrets", "Fixtures/trees/genieacs-export-tr181.csv",
        ])
        #expect(gpv.status == 0, "\(gpv.stderr)")
        let gpvFile = try Scratch.file("gpv.xml", Array(gpv.stdout.utf8))
        let fromXML = try await FerruleRunner.run(["cwmp", "tree", "--show-secrets", gpvFile])
        let fromCSV = try await FerruleRunner.run([
            "cwmp", "tree", "--show-secrets", "Fixtures/trees/genieacs-export-tr181.csv",
        ])
        func valuesOnly(_ tsv: String) async -> [String] {
            tsv.split(separator: "\n").compactMap { line in
                let f = line.split(separator: "\t", omittingEmptySubsequences: false)
                // `type` is shown as sent (the export's `xsd:unsignedint`); render writes the xsd: name.
                return f[0].hasSuffix(".") ? nil : "\(f[0])\t\(f[1].lowercased())\t\(f[2])"
            }
        }
        await #expect(valuesOnly(fromXML.stdout) == valuesOnly(fromCSV.stdout))
        let inform = try await FerruleRunner.run([
            "cwmp", "render", "--as", "inform", "--cwmp-version", "1.0", "Fixtures/trees/nbi-device-tr098.json",
        ])
        #expect(inform.status == 0)
        let informFile = try Scratch.file("inform.xml", Array(inform.stdout.utf8))
        let parsed = try await FerruleRunner.run(["cwmp", "parse", "--format", "json", informFile])
        #expect(parsed.status == 0)
        #expect(parsed.stdout.contains("\"cwmpVersion\" : \"1.0\""))
        #expect(parsed.stdout.contains("InternetGatewayDevice.DeviceInfo.SoftwareVersion"))
    }

    @Test(
        "render: an Inform of each CWMP version parses back as that version (1.3 SessionTimeout, 1.4 SupportedCWMPVersions)",
        arguments: ["1.0", "1.1", "1.2", "1.3", "1.4"]
    )
    func renderVersionRoundTrip(version: String) async throws {
        let inform = try await FerruleRunner.run([
            "cwmp", "render", "--as", "inform", "--cwmp-version", version, "Fixtures/trees/nbi-device-tr181.json",
        ])
        #expect(inform.status == 0, "\(inform.stderr)")
        #expect(inform.stderr.isEmpty, "\(inform.stderr)")
        let file = try Scratch.file("inform-\(version).xml", Array(inform.stdout.utf8))
        let parsed = try await FerruleRunner.run(["cwmp", "parse", "--format", "json", file])
        #expect(parsed.status == 0, "\(parsed.stderr)")
        let report = try #require(
            try (JSONSerialization.jsonObject(with: Data(parsed.stdout.utf8)) as? [[String: Any]])?.first
        )
        #expect(report["cwmpVersion"] as? String == version)
        let header = try #require(report["header"] as? [String: Any])
        #expect((header["sessionTimeout"] as? Int) == (version == "1.3" ? 30 : nil))
        #expect(header["supportedCWMPVersions"] as? String == (version == "1.4" ? "1.0,1.1,1.2,1.3,1.4" : nil))
    }

    @Test("render: a GPV response of CWMP 1.4 is written as in 1.2 with a note that only the Inform tells versions")
    func renderVersionNoteForResponses() async throws {
        let gpv = try await FerruleRunner.run([
            "cwmp", "render", "--as", "gpv", "--cwmp-version", "1.4", "Fixtures/trees/nbi-device-tr181.json",
        ])
        #expect(gpv.status == 0, "\(gpv.stderr)")
        #expect(gpv.stdout.contains("urn:dslforum-org:cwmp-1-2"))
        #expect(!gpv.stdout.contains("SupportedCWMPVersions"))
        #expect(gpv.stderr.contains("note[version-in-inform]: a GetParameterValuesResponse carries no version header"))
    }

    @Test(
        "render: a value XML 1.0 cannot carry is refused naming the parameter, exit 1, nothing written",
        arguments: ["a\u{01}b", "a\u{FFFF}b"]
    )
    func renderUnrepresentable(value: String) async throws {
        let tree = JSONValue.object([
            ("_id", .string("00E0FC-HG8245H-000001")),
            (
                "Device",
                .object([
                    (
                        "DeviceInfo",
                        .object([
                            (
                                "ProvisioningCode",
                                .object([
                                    ("_value", .string(value)), ("_type", .string("xsd:string")),
                                    ("_writable", .bool(true)),
                                    ("_object", .bool(false)),
                                ])
                            )
                        ])
                    )
                ])
            ),
        ])
        let file = try Scratch.file("tree.json", Array(tree.compactText.utf8))
        let rendered = try await FerruleRunner.run(["cwmp", "render", "--as", "gpv", file])
        #expect(rendered.status == 1)
        #expect(rendered.stdout.isEmpty, "\(rendered.stdout)")
        #expect(
            rendered.stderr.contains(
                "error[unrepresentable]: the value of Device.DeviceInfo.ProvisioningCode holds U+"
            ),
            "\(rendered.stderr)"
        )
    }

    @Test("a parameter name XML cannot carry is refused at its line in the export, with the name escaped")
    func unrepresentableName() async throws {
        let csv =
            "Parameter,Object,Object timestamp,Writable,Writable timestamp,Value,Value type,Value timestamp,"
            + "Notification,Notification timestamp,Access list,Access list timestamp\n"
            + "Device.DeviceInfo.SoftwareVersion,false,,false,,1.0,xsd:string,,,,,\n"
            + "Device.X_ACME_Na\u{1B}me,false,,true,,x,xsd:string,,,,,\n"
        let file = try Scratch.file("export.csv", Array(csv.utf8))
        let rendered = try await FerruleRunner.run(["cwmp", "render", "--as", "gpv", file])
        #expect(rendered.status == 1)
        #expect(rendered.stdout.isEmpty)
        #expect(
            rendered.stderr.contains(
                ":3:1: error[unrepresentable]: the parameter name Device.X_ACME_Na\\u{1B}me holds U+001B"
            ),
            "\(rendered.stderr)"
        )
    }
}
