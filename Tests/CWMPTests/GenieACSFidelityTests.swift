import Foundation
import Testing

@testable import CWMP

/// Where GenieACS 1.2.16 reads a CPE message differently from the schemas, Ferrule reads it as
/// GenieACS does or says how GenieACS differs (lib/soap.ts, lib/xml-parser.ts, lib/cwmp.ts).
@Suite("GenieACS 1.2.16 fidelity of the reader")
struct GenieACSFidelityTests {
    let parser = CWMPParser()

    static func message(
        _ body: String,
        namespace: String = "urn:dslforum-org:cwmp-1-0",
        header: String = "<cwmp:ID>7</cwmp:ID>"
    )
        -> [UInt8]
    {
        Array(
            ("<S:Envelope xmlns:S=\"http://schemas.xmlsoap.org/soap/envelope/\" "
                + "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns:cwmp=\"\(namespace)\">"
                + "<S:Header>\(header)</S:Header><S:Body>\(body)</S:Body></S:Envelope>").utf8
        )
    }

    static func inform(
        serial: String = "<SerialNumber>S</SerialNumber>",
        event: String = "1 BOOT",
        retryCount: String = "0"
    ) -> String {
        "<cwmp:Inform><DeviceId><Manufacturer>M</Manufacturer><OUI>00AC4D</OUI><ProductClass>P</ProductClass>\(serial)"
            + "</DeviceId><Event><EventStruct><EventCode>\(event)</EventCode><CommandKey></CommandKey></EventStruct>"
            + "</Event><MaxEnvelopes>1</MaxEnvelopes><CurrentTime>2024-01-01T00:00:00Z</CurrentTime>"
            + "<RetryCount>\(retryCount)</RetryCount><ParameterList></ParameterList></cwmp:Inform>"
    }

    func codes(_ parsed: ParsedMessage) -> [CWMPWarning.Code] {
        parsed.warnings.map(\.code).filter { $0 != .arrayTypeMissing }
    }

    @Test("the type attribute's spelling is kept when it is not the canonical xsd: name")
    func typeSpelling() throws {
        let structs = """
            <ParameterValueStruct><Name>Device.A</Name><Value xsi:type="xsd:int">1</Value></ParameterValueStruct>\
            <ParameterValueStruct><Name>Device.B</Name><Value xsi:type="xsd:Int">2</Value></ParameterValueStruct>\
            <ParameterValueStruct><Name>Device.C</Name><Value xmlns:xs="http://www.w3.org/2001/XMLSchema" xsi:type="xs:int">3</Value></ParameterValueStruct>
            """
        let values = TestSupport.parameters(try parser.parse(TestSupport.gpv(structs, count: 3))).map(\.value)
        #expect(values.map { $0?.type } == [.int, .int, .int])
        #expect(values.map { $0?.typeSpelling } == [nil, "xsd:Int", "xs:int"])
        let envelope = try #require(try parser.parse(TestSupport.gpv(structs, count: 3)).message.envelope)
        let tree = try #require(ParameterTree(envelope: envelope))
        #expect(tree["Device.B"]?.typeSpelling == "xsd:Int")
    }

    @Test("xs:boolean and an unprefixed unsignedInt: GenieACS keeps them as text, a type-spelling warning each, once")
    func typeSpellingWarning() throws {
        let structs = """
            <ParameterValueStruct><Name>Device.A</Name><Value xmlns:xs="http://www.w3.org/2001/XMLSchema" xsi:type="xs:boolean">true</Value></ParameterValueStruct>\
            <ParameterValueStruct><Name>Device.B</Name><Value xmlns:xs="http://www.w3.org/2001/XMLSchema" xsi:type="xs:boolean">false</Value></ParameterValueStruct>\
            <ParameterValueStruct><Name>Device.C</Name><Value xsi:type="unsignedInt">5</Value></ParameterValueStruct>\
            <ParameterValueStruct><Name>Device.D</Name><Value xmlns:xs="http://www.w3.org/2001/XMLSchema" xsi:type="xs:string">s</Value></ParameterValueStruct>
            """
        let parsed = try parser.parse(TestSupport.gpv(structs, count: 4))
        let spellings = parsed.warnings.filter { $0.code == .typeSpelling }
        #expect(spellings.count == 2)
        #expect(spellings.first?.message.hasPrefix("type \"xs:boolean\" is read as xsd:boolean, but GenieACS") == true)
        #expect(spellings.last?.message.hasPrefix("type \"unsignedInt\" is read as xsd:unsignedInt") == true)
        let values = TestSupport.parameters(parsed).map(\.value)
        #expect(values.map { $0?.typeSpelling } == ["xs:boolean", "xs:boolean", "unsignedInt", "xs:string"])
        // The JSON form keeps the spelling sent and reads it back.
        let encoded = try JSONEncoder().encode(TestSupport.parameters(parsed)[0])
        #expect(String(decoding: encoded, as: UTF8.self).contains(#""type":"xs:boolean""#))
        let decoded = try JSONDecoder().decode(ParameterValue.self, from: encoded)
        #expect(decoded.value?.type == .boolean)
        #expect(decoded.value?.typeSpelling == "xs:boolean")
    }

    @Test("Writable TRUE or ' 1' is false with a warning, as GenieACS reads it (lib/soap.ts:79-83, 107-116)")
    func writableStrict() throws {
        let body = """
            <cwmp:GetParameterNamesResponse><ParameterList><ParameterInfoStruct><Name>Device.A</Name><Writable>TRUE</Writable>\
            </ParameterInfoStruct><ParameterInfoStruct><Name>Device.B</Name><Writable> 1</Writable></ParameterInfoStruct>\
            <ParameterInfoStruct><Name>Device.C</Name><Writable>1</Writable></ParameterInfoStruct>\
            <ParameterInfoStruct><Name>Device.D</Name><Writable>false</Writable></ParameterInfoStruct></ParameterList>\
            </cwmp:GetParameterNamesResponse>
            """
        let parsed = try parser.parse(Self.message(body))
        guard case .getParameterNamesResponse(let m)? = parsed.message.envelope?.body else {
            Issue.record("not a GPN response")
            return
        }
        #expect(m.parameters.map(\.writable) == [false, false, true, false])
        #expect(codes(parsed) == [.invalidNumber, .invalidNumber])
        #expect(parsed.warnings.first?.message.contains("GenieACS 1.2.16") == true)
    }

    @Test(
        "number fields read as parseInt reads them; a negative Status warns and is 0",
        arguments: [
            ("<cwmp:SetParameterValuesResponse><Status>1 (reboot)</Status></cwmp:SetParameterValuesResponse>", 1),
            ("<cwmp:SetParameterValuesResponse><Status>-1</Status></cwmp:SetParameterValuesResponse>", 0),
            ("<cwmp:SetParameterValuesResponse><Status>abc</Status></cwmp:SetParameterValuesResponse>", 0),
            ("<cwmp:DeleteObjectResponse><Status>0x1</Status></cwmp:DeleteObjectResponse>", 1),
        ]
    )
    func status(body: String, expected: Int32) throws {
        let parsed = try parser.parse(Self.message(body))
        let status: Int32? =
            switch parsed.message.envelope?.body {
            case .setParameterValuesResponse(let m)?: m.status
            case .deleteObjectResponse(let m)?: m.status
            default: nil
            }
        #expect(status == expected)
        #expect(codes(parsed) == [.invalidNumber])
    }

    @Test("RetryCount 1a is 1 and Notification 2x is 2 (lib/soap.ts:582, 237-245)")
    func leadingDigits() throws {
        let inform = try parser.parse(Self.message(Self.inform(retryCount: "1a")))
        guard case .inform(let m)? = inform.message.envelope?.body else {
            Issue.record("not an Inform")
            return
        }
        #expect(m.retryCount == 1)
        let negative = try parser.parse(Self.message(Self.inform(retryCount: "-1")))
        #expect(
            negative.warnings.contains { $0.code == .invalidNumber && $0.message.contains("GenieACS 1.2.16 reads -1") }
        )
        let gpa = try parser.parse(
            Self.message(
                "<cwmp:GetParameterAttributesResponse><ParameterList><ParameterAttributeStruct><Name>Device.X</Name>"
                    + "<Notification>2x</Notification><AccessList></AccessList></ParameterAttributeStruct></ParameterList>"
                    + "</cwmp:GetParameterAttributesResponse>"
            )
        )
        guard case .getParameterAttributesResponse(let r)? = gpa.message.envelope?.body else {
            Issue.record("not a GPA response")
            return
        }
        #expect(r.parameters.map(\.notification) == [2])
        #expect(LeadingInteger.parse(" \u{A0}-12px") == -12)
        #expect(LeadingInteger.parse("0x1A") == 26)
        #expect(LeadingInteger.parse("x1") == nil)
        #expect(LeadingInteger.parse(String(repeating: "9", count: 100_000)) == Int64.max)
    }

    @Test(
        "messages GenieACS refuses are read, with a genieacs-refuses warning",
        arguments: [
            GenieACSFidelityTests.message(GenieACSFidelityTests.inform(serial: "<SerialNumber></SerialNumber>")),
            GenieACSFidelityTests.message(
                "<cwmp:GetParameterValuesResponse><ParameterList><ParameterValueStruct><Name>Device.X</Name>"
                    + "<Value xsi:type=\"xsd:string\"><![CDATA[a<b]]></Value></ParameterValueStruct></ParameterList>"
                    + "</cwmp:GetParameterValuesResponse>"
            ),
            GenieACSFidelityTests.message(
                "<cwmp:AddObjectResponse><InstanceNumber> 3</InstanceNumber><Status>0</Status></cwmp:AddObjectResponse>"
            ),
            GenieACSFidelityTests.message(
                "<S:Fault><faultcode>Client</faultcode><faultstring>CWMP fault</faultstring></S:Fault>"
            ),
            GenieACSFidelityTests.message(GenieACSFidelityTests.inform(), namespace: "urn:dslforum-org:cwmp-1-4"),
        ]
    )
    func refusedByGenieACS(bytes: [UInt8]) throws {
        let parsed = try parser.parse(bytes)
        #expect(parsed.message.envelope != nil)
        let warning = try #require(parsed.warnings.first { $0.code == .genieACSRefuses })
        #expect(warning.message.contains("GenieACS 1.2.16 refuses this message"))
        #expect(warning.message.contains("lib/"))
    }

    static let gpvWithoutValue: String =
        "<cwmp:GetParameterValuesResponse><ParameterList><ParameterValueStruct><Name>Device.X</Name>"
        + "</ParameterValueStruct></ParameterList></cwmp:GetParameterValuesResponse>"
    static let informWithoutValue: String = inform().replacingOccurrences(
        of: "<ParameterList></ParameterList>",
        with: "<ParameterList><ParameterValueStruct><Name>Device.X</Name></ParameterValueStruct></ParameterList>"
    )
    static let gpaWithoutNotification: String =
        "<cwmp:GetParameterAttributesResponse><ParameterList><ParameterAttributeStruct><Name>Device.X</Name>"
        + "<AccessList></AccessList></ParameterAttributeStruct></ParameterList></cwmp:GetParameterAttributesResponse>"
    static let gpaWithoutAccessList: String =
        "<cwmp:GetParameterAttributesResponse><ParameterList><ParameterAttributeStruct><Name>Device.X</Name>"
        + "<Notification>2</Notification></ParameterAttributeStruct></ParameterList></cwmp:GetParameterAttributesResponse>"
    static let informWithoutEventCode: String = inform().replacingOccurrences(
        of: "</EventStruct>",
        with: "</EventStruct><EventStruct><CommandKey></CommandKey></EventStruct>"
    )
    /// Messages GenieACS 1.2.16 reads into a TypeError, and where.
    static let typeErrorCases: [(String, String)] = [
        (gpvWithoutValue, "lib/soap.ts:159"),
        (informWithoutValue, "lib/soap.ts:159"),
        ("<cwmp:GetParameterValuesResponse></cwmp:GetParameterValuesResponse>", "lib/soap.ts:292, 144"),
        ("<cwmp:GetParameterNamesResponse></cwmp:GetParameterNamesResponse>", "lib/soap.ts:275, 92"),
        ("<cwmp:GetParameterAttributesResponse></cwmp:GetParameterAttributesResponse>", "lib/soap.ts:311, 217"),
        (gpaWithoutNotification, "lib/soap.ts:237"),
        (gpaWithoutAccessList, "lib/soap.ts:247"),
        ("<cwmp:RequestDownload><FileTypeArg></FileTypeArg></cwmp:RequestDownload>", "lib/soap.ts:706"),
        (informWithoutEventCode, "lib/soap.ts:88"),
    ]

    @Test(
        "a missing element GenieACS reads unchecked (a TypeError in soap.request) gets a genieacs-refuses warning",
        arguments: GenieACSFidelityTests.typeErrorCases
    )
    func typeErrorInGenieACS(body: String, citation: String) throws {
        let parsed = try parser.parse(Self.message(body))
        #expect(parsed.message.envelope != nil)
        let refusals = parsed.warnings.filter { $0.code == .genieACSRefuses }
        #expect(refusals.count == 1)
        let message = try #require(refusals.first?.message)
        #expect(message.contains("GenieACS 1.2.16 refuses this message"))
        #expect(message.contains(citation))
        #expect(message.contains("TypeError"))
    }

    @Test("a GetParameterValuesResponse missing Value in many structs gets one genieacs-refuses warning; SPV none")
    func typeErrorOncePerMessage() throws {
        let missing = String(repeating: "<ParameterValueStruct><Name>Device.X</Name></ParameterValueStruct>", count: 50)
        let gpv = try parser.parse(
            Self.message(
                "<cwmp:GetParameterValuesResponse><ParameterList>\(missing)</ParameterList></cwmp:GetParameterValuesResponse>"
            )
        )
        #expect(gpv.warnings.filter { $0.code == .genieACSRefuses }.count == 1)
        // GenieACS never reads a SetParameterValues (it sends them), so no refusal is predicted.
        let spv = try parser.parse(
            Self.message(
                "<cwmp:SetParameterValues><ParameterList>\(missing)</ParameterList><ParameterKey></ParameterKey>"
                    + "</cwmp:SetParameterValues>"
            )
        )
        #expect(!spv.warnings.contains { $0.code == .genieACSRefuses })
    }

    @Test("a plain AddObjectResponse and Inform raise no genieacs-refuses warning")
    func acceptedByGenieACS() throws {
        let add = try parser.parse(
            Self.message(
                "<cwmp:AddObjectResponse><InstanceNumber>3</InstanceNumber><Status>0</Status></cwmp:AddObjectResponse>"
            )
        )
        #expect(codes(add).isEmpty)
        #expect(codes(try parser.parse(Self.message(Self.inform()))).isEmpty)
    }

    @Test("white space around names, event codes and the ID is trimmed with one warning per kind")
    func surroundingWhitespace() throws {
        let body = """
            <cwmp:GetParameterValuesResponse><ParameterList>\
            <ParameterValueStruct><Name>\r\n\tDevice.A</Name><Value xsi:type="xsd:string">x</Value></ParameterValueStruct>\
            <ParameterValueStruct><Name>Device.B </Name><Value xsi:type="xsd:string">y</Value></ParameterValueStruct>\
            </ParameterList></cwmp:GetParameterValuesResponse>
            """
        let parsed = try parser.parse(Self.message(body, header: "<cwmp:ID> 7 </cwmp:ID>"))
        // Kept as written, as GenieACS keeps them (lib/soap.ts:151): they are not paths there,
        // GenieACS drops both, and so does a tree.
        #expect(TestSupport.parameters(parsed).map(\.name) == ["\r\n\tDevice.A", "Device.B "])
        let envelope = try #require(parsed.message.envelope)
        #expect(try #require(ParameterTree(envelope: envelope)).entries.allSatisfy { $0.path.hasSuffix(".") })
        #expect(parsed.message.envelope?.header.id == "7")
        #expect(codes(parsed).filter { $0 == .surroundingWhitespace }.count == 2, "\(codes(parsed))")
        #expect(codes(parsed).filter { $0 == .invalidParameterName }.count == 2, "\(codes(parsed))")
        #expect(parsed.warnings.contains { $0.message.contains("drops the parameter") })
        let inform = try parser.parse(Self.message(Self.inform(event: "\n 2 PERIODIC\n")))
        #expect(codes(inform) == [.surroundingWhitespace])
        #expect(inform.warnings.first?.message.contains("presets") == true)
    }

    @Test(
        "an Inform's version as GenieACS records it, with a warning where the schemas say otherwise",
        arguments: [
            ("urn:dslforum-org:cwmp-1-3", "", CWMPVersion.v1_4, [CWMPWarning.Code.nonstandardCWMPNamespace]),
            ("urn:dslforum-org:cwmp-1-2", "<cwmp:SessionTimeout>30</cwmp:SessionTimeout>", .v1_3, [.genieACSVersion]),
            ("urn:dslforum-org:cwmp-1-2", "<cwmp:sessionTimeout>30</cwmp:sessionTimeout>", .v1_3, []),
            ("urn:dslforum-org:cwmp-1-2", "<cwmp:sessionTimeout>0</cwmp:sessionTimeout>", .v1_3, [.genieACSVersion]),
            ("urn:dslforum-org:cwmp-1-4", "", .v1_4, [.nonstandardCWMPNamespace, .genieACSRefuses]),
        ]
    )
    func version(namespace: String, extra: String, expected: CWMPVersion, warnings: [CWMPWarning.Code]) throws {
        let parsed = try parser.parse(
            Self.message(Self.inform(), namespace: namespace, header: "<cwmp:ID>7</cwmp:ID>" + extra)
        )
        #expect(parsed.message.envelope?.version == expected)
        #expect(codes(parsed) == warnings)
    }

    /// An Inform body without the `cwmp:` prefix on its fields' container, for namespace tests.
    static func informFields() -> String {
        let inform = inform()
        return String(inform.dropFirst("<cwmp:Inform>".count).dropLast("</cwmp:Inform>".count))
    }

    @Test("an unprefixed Inform with its own default namespace is refused by GenieACS (lib/soap.ts:873-888, 904-905)")
    func defaultNamespaceInform() throws {
        let body = Array(
            ("<S:Envelope xmlns:S=\"http://schemas.xmlsoap.org/soap/envelope/\">"
                + "<S:Header><ID xmlns=\"urn:dslforum-org:cwmp-1-0\">1</ID></S:Header>"
                + "<S:Body><Inform xmlns=\"urn:dslforum-org:cwmp-1-0\">\(Self.informFields())</Inform></S:Body>"
                + "</S:Envelope>").utf8
        )
        let parsed = try parser.parse(body)
        #expect(parsed.message.envelope?.version == .v1_0)
        let refusal = try #require(parsed.warnings.first { $0.code == .genieACSRefuses })
        #expect(refusal.message.contains("Unrecognized CWMP version"))
        #expect(refusal.message.contains("\"http://schemas.xmlsoap.org/soap/envelope/\""))
        #expect(refusal.message.contains("lib/soap.ts:873-888"))
    }

    /// Envelope declaration, Inform open and close tags, the version, the warnings.
    typealias LookupCase = (String, String, String, CWMPVersion, [CWMPWarning.Code])
    static let lookupCases: [LookupCase] = [
        // cwmp → 1-2 on the Envelope, → 1-0 on the Inform: XML says 1.0, GenieACS records 1.2.
        (
            "xmlns:cwmp=\"urn:dslforum-org:cwmp-1-2\"", "<cwmp:Inform xmlns:cwmp=\"urn:dslforum-org:cwmp-1-0\">",
            "</cwmp:Inform>", .v1_0, [.genieACSVersion]
        ),
        // Declared on the Body only: both read 1.0.
        ("", "<cwmp:Inform>", "</cwmp:Inform>", .v1_0, []),
        // An unprefixed Inform in the Envelope's default namespace: GenieACS takes the Body's
        // prefix S and finds the SOAP namespace, so it refuses.
        ("xmlns=\"urn:dslforum-org:cwmp-1-1\"", "<Inform>", "</Inform>", .v1_1, [.genieACSRefuses, .qualifiedChild]),
    ]

    @Test(
        "GenieACS's namespace lookup: the outermost declaration of the Inform's prefix wins",
        arguments: GenieACSFidelityTests.lookupCases
    )
    func genieACSNamespaceLookup(
        envelopeDeclaration: String,
        open: String,
        close: String,
        expected: CWMPVersion,
        warnings: [CWMPWarning.Code]
    ) throws {
        let body = Array(
            ("<S:Envelope xmlns:S=\"http://schemas.xmlsoap.org/soap/envelope/\" \(envelopeDeclaration)>"
                + "<S:Header><cwmp:ID xmlns:cwmp=\"urn:dslforum-org:cwmp-1-0\">1</cwmp:ID></S:Header>"
                + "<S:Body xmlns:cwmp=\"urn:dslforum-org:cwmp-1-0\">\(open)\(Self.informFields())\(close)</S:Body>"
                + "</S:Envelope>").utf8
        )
        let parsed = try parser.parse(body)
        #expect(parsed.message.envelope?.version == expected)
        #expect(codes(parsed) == warnings)
        if let warning = parsed.warnings.first(where: { $0.code == .genieACSVersion }) {
            #expect(warning.message.contains("records this CPE as CWMP 1.2, not 1.0"))
            #expect(warning.message.contains("lib/soap.ts:873-888"))
        }
    }

    @Test("two SOAP envelopes in one body: the first is read with a warning naming the second (lib/soap.ts:839-843)")
    func twoEnvelopes() throws {
        let first = String(decoding: Self.message(Self.inform()), as: UTF8.self)
        let second = String(decoding: Self.message("<cwmp:GetRPCMethods/>"), as: UTF8.self)
        let parsed = try parser.parse(Array("\(first)\n\n\(second)\n".utf8))
        guard case .inform(let inform)? = parsed.message.envelope?.body else {
            Issue.record("the first envelope, an Inform, was not read")
            return
        }
        #expect(inform.deviceId.serialNumber == "S")
        let warning = try #require(parsed.warnings.first { $0.code == .trailingElement })
        #expect(warning.line == 3)
        #expect(warning.message.contains("a second SOAP envelope, <S:Envelope>"))
        #expect(warning.message.contains("lib/soap.ts:839-843"))
        #expect(codes(parsed) == [.trailingElement])
        // Text after the envelope is not a message GenieACS reads either: still refused.
        #expect(throws: CWMPParseError.self) { try parser.parse(Array("\(first) trailing".utf8)) }
    }

    @Test("DeviceId fields keep white space as sent, as GenieACS stores them (lib/soap.ts:572-576), with a warning")
    func deviceIdWhitespace() throws {
        let parsed = try parser.parse(
            Self.message(Self.inform(serial: "<SerialNumber>48575443A1B2C3D4\n</SerialNumber>"))
        )
        guard case .inform(let inform)? = parsed.message.envelope?.body else {
            Issue.record("the Inform was not read")
            return
        }
        #expect(inform.deviceId.serialNumber == "48575443A1B2C3D4\n")
        let warning = try #require(parsed.warnings.first { $0.code == .surroundingWhitespace })
        #expect(warning.message.contains("DeviceId SerialNumber"))
        #expect(warning.message.contains("Ferrule keeps it as sent too"))
    }

    @Test("two envelopes each with its own XML declaration (and a comment between): the first is read")
    func twoEnvelopesWithDeclarations() throws {
        let declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        let first = String(decoding: Self.message(Self.inform()), as: UTF8.self)
        let second = String(decoding: Self.message("<cwmp:GetRPCMethods/>"), as: UTF8.self)
        for between in ["\n", "\n<!-- batch -->\n"] {
            let parsed = try parser.parse(Array("\(declaration)\(first)\(between)\(declaration)\(second)".utf8))
            guard case .inform(let inform)? = parsed.message.envelope?.body else {
                Issue.record("the first envelope, an Inform, was not read")
                continue
            }
            #expect(inform.deviceId.serialNumber == "S")
            #expect(codes(parsed) == [.trailingElement])
        }
    }

    @Test(
        "single-byte charsets iconv-lite knows are decoded, from the declaration or the HTTP charset",
        arguments: [
            ("windows-1252", "Caf\u{E9} \u{20AC}"), ("ISO-8859-15", "Caf\u{E9} \u{20AC}"),
            ("cp1252", "Caf\u{E9} \u{20AC}"),
        ]
    )
    func singleByteCharsets(charset: String, expected: String) throws {
        let head = "<?xml version=\"1.0\" encoding=\"\(charset)\"?>"
        let body = Self.message(
            "<cwmp:GetParameterValuesResponse><ParameterList><ParameterValueStruct><Name>Device.X</Name>"
                + "<Value xsi:type=\"xsd:string\">Caf_ _</Value></ParameterValueStruct></ParameterList>"
                + "</cwmp:GetParameterValuesResponse>"
        )
        // "Caf_ _": 0xE9 and the euro sign (0x80 in windows-1252, 0xA4 in ISO-8859-15).
        var bytes = Array(head.utf8) + body
        let euro: UInt8 = charset == "ISO-8859-15" ? 0xA4 : 0x80
        let at = try #require(bytes.indices.first { bytes[$0...].starts(with: Array("Caf_ _".utf8)) })
        bytes[at + 3] = 0xE9
        bytes[at + 5] = euro
        let declared = try parser.parse(bytes)
        #expect(TestSupport.parameters(declared).first?.value?.raw == expected)
        let http = try parser.parse(Array(bytes.dropFirst(head.utf8.count)), charset: charset)
        #expect(TestSupport.parameters(http).first?.value?.raw == expected)
        #expect(http.encoding.uppercased().contains(charset == "cp1252" ? "1252" : charset.uppercased()))
    }

    @Test("a byte windows-1252 does not define becomes U+FFFD with a charset warning")
    func undefinedByte() throws {
        var bytes = Self.message(
            "<cwmp:GetParameterValuesResponse><ParameterList><ParameterValueStruct><Name>Device.X</Name>"
                + "<Value xsi:type=\"xsd:string\">a_b</Value></ParameterValueStruct></ParameterList>"
                + "</cwmp:GetParameterValuesResponse>"
        )
        let at = try #require(bytes.indices.first { bytes[$0...].starts(with: Array("a_b".utf8)) })
        bytes[at + 1] = 0x81
        let parsed = try parser.parse(bytes, charset: "windows-1252")
        #expect(TestSupport.parameters(parsed).first?.value?.raw == "a\u{FFFD}b")
        #expect(parsed.warnings.contains { $0.code == .charset })
    }

    @Test("a UTF-16 body with a BOM and no HTTP charset is read, with a warning that GenieACS mis-decodes it")
    func utf16BOM() throws {
        let text = String(decoding: Self.message(Self.inform()), as: UTF8.self)
        let le: [UInt8] = [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let parsed = try parser.parse(le)
        #expect(parsed.message.envelope != nil)
        #expect(codes(parsed) == [.genieACSRefuses])
        #expect(try codes(parser.parse(le, charset: "UTF-16")).isEmpty)
    }

    /// The TransferComplete's fault as read.
    func transferFault(_ faultStruct: String) throws -> (TransferFault, [CWMPWarning]) {
        let parsed = try parser.parse(
            Self.message(
                "<cwmp:TransferComplete><CommandKey>fw</CommandKey>\(faultStruct)<StartTime>2024-01-01T00:00:00Z"
                    + "</StartTime><CompleteTime>2024-01-01T00:01:00Z</CompleteTime></cwmp:TransferComplete>"
            )
        )
        guard case .transferComplete(let m)? = parsed.message.envelope?.body else {
            Issue.record("not a TransferComplete")
            return (TransferFault(), parsed.warnings)
        }
        return (m.fault, parsed.warnings)
    }

    @Test(
        "a TransferComplete FaultCode other than exactly \"0\" is a failure, as GenieACS records it (lib/soap.ts:726-770, lib/session.ts:284-285)"
    )
    func transferCompleteFaultCodeAsText() throws {
        for (faultStruct, recorded) in [
            ("<FaultStruct/>", ""), ("<FaultStruct>0</FaultStruct>", ""),
            ("<FaultStruct><FaultCode> 0 </FaultCode><FaultString/></FaultStruct>", " 0 "),
            ("<FaultStruct><FaultCode>00</FaultCode><FaultString/></FaultStruct>", "00"),
            ("<FaultStruct><FaultString/></FaultStruct>", ""),
            ("<FaultStruct><FaultStruct><FaultCode>0</FaultCode></FaultStruct></FaultStruct>", ""),
            // GenieACS keeps the FaultCode as written, references undecoded and comments in
            // (lib/soap.ts:733-736, lib/xml-parser.ts:265-266): none of these is "0" there.
            ("<FaultStruct><FaultCode>&#48;</FaultCode><FaultString/></FaultStruct>", "&#48;"),
            ("<FaultStruct><FaultCode>&#x30;</FaultCode><FaultString/></FaultStruct>", "&#x30;"),
            ("<FaultStruct><FaultCode>0<!-- ok --></FaultCode><FaultString/></FaultStruct>", "0<!-- ok -->"),
        ] {
            let (fault, warnings) = try transferFault(faultStruct)
            #expect(!fault.isSuccess, "\(faultStruct)")
            #expect(fault.genieACSCode == recorded, "\(faultStruct)")
            #expect(fault.code == 0, "\(faultStruct)")
            let warning = warnings.first { $0.code == .genieACSTransferFault }
            #expect(warning?.message.contains("cwmp.\(recorded)") == true, "\(faultStruct): \(warnings)")
        }
        // The empty FaultStruct is called empty, not text.
        let (_, empty) = try transferFault("<FaultStruct/>")
        #expect(empty.first { $0.code == .faultStructAsText }?.message.contains("is empty") == true, "\(empty)")
        // Exactly "0", and a missing FaultStruct ({faultCode: "0"}, lib/soap.ts:666-672): success, nothing said.
        for faultStruct in ["<FaultStruct><FaultCode>0</FaultCode><FaultString/></FaultStruct>", ""] {
            let (fault, warnings) = try transferFault(faultStruct)
            #expect(fault.isSuccess && fault.sentCode == nil, "\(faultStruct)")
            #expect(!warnings.contains { $0.code == .genieACSTransferFault }, "\(faultStruct)")
        }
        // A real fault keeps its code; the text GenieACS records is the same.
        let (failed, _) = try transferFault(
            "<FaultStruct><FaultCode>9010</FaultCode><FaultString>x</FaultString></FaultStruct>"
        )
        #expect(failed == TransferFault(code: 9010, string: "x") && failed.genieACSCode == "9010")
        // A CR is kept as sent (XML would read it as LF): "0\r\n" is no success either.
        let (crlf, _) = try transferFault("<FaultStruct><FaultCode>0\r\n</FaultCode><FaultString/></FaultStruct>")
        #expect(crlf.genieACSCode == "0\r\n" && !crlf.isSuccess)
        // A referenced fault code is recorded as written; the FaultString is decoded, as GenieACS
        // decodes it (decodeEntities, lib/soap.ts:738-739).
        let (referenced, _) = try transferFault(
            "<FaultStruct><FaultCode>90&#49;0</FaultCode><FaultString>a&amp;b</FaultString></FaultStruct>"
        )
        #expect(referenced.code == 9010 && referenced.genieACSCode == "90&#49;0" && referenced.string == "a&b")
        #expect(!referenced.isSuccess)
    }

    /// The names of a GetParameterValuesResponse read from `structs`, and the warnings.
    func gpvNames(_ names: [String]) throws -> (names: [String], tree: [String], warnings: [CWMPWarning]) {
        let structs = names.map {
            "<ParameterValueStruct><Name>\($0)</Name><Value xsi:type=\"xsd:string\">v</Value></ParameterValueStruct>"
        }
        let parsed = try parser.parse(
            Self.message(
                "<cwmp:GetParameterValuesResponse><ParameterList>\(structs.joined())</ParameterList>"
                    + "</cwmp:GetParameterValuesResponse>"
            )
        )
        let envelope = try #require(parsed.message.envelope)
        let tree = try #require(ParameterTree(envelope: envelope)).entries.map(\.path).filter { !$0.hasSuffix(".") }
        return (TestSupport.parameters(parsed).map(\.name), tree, parsed.warnings)
    }

    @Test(
        "a name is read as GenieACS reads it, as written (lib/soap.ts:151, lib/xml-parser.ts:265-266): a reference or comment in it is kept and the tree drops it"
    )
    func namesAsWritten() throws {
        let (names, tree, warnings) = try gpvNames([
            "Device.&#65;", "Device.B<!-- c -->", "Device.C&amp;", "Device.D", "Device.E\r\n",
        ])
        #expect(names == ["Device.&#65;", "Device.B<!-- c -->", "Device.C&amp;", "Device.D", "Device.E\r\n"])
        #expect(tree == ["Device.D"])
        #expect(warnings.filter { $0.code == .invalidParameterName }.count == 4, "\(warnings)")
    }

    @Test(
        "invalid UTF-8 in a UTF-8 body becomes U+FFFD for the bad sequence only, as Node's Buffer.toString (lib/cwmp.ts:1312-1314)"
    )
    func invalidUTF8ReplacedNotLatin1() throws {
        let structs: [UInt8] =
            Array("<ParameterValueStruct><Name>Device.WiFi.SSID.1.SSID</Name><Value>Caf".utf8) + [0xC3, 0xA9]
            + Array("</Value></ParameterValueStruct><ParameterValueStruct><Name>Device.N.1.SSID</Name><Value>".utf8)
            + [0xE5, 0xAE, 0xB6, 0xE7, 0x9A] + Array("</Value></ParameterValueStruct>".utf8)
        let body =
            Array("<cwmp:GetParameterValuesResponse><ParameterList>".utf8) + structs
            + Array("</ParameterList></cwmp:GetParameterValuesResponse>".utf8)
        let envelope = Self.message("@@")
        let at = try #require(envelope.firstRange(of: Array("@@".utf8)))
        let declared = Array("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n".utf8)
        let plain = Array(envelope[..<at.lowerBound]) + body + Array(envelope[at.upperBound...])
        for (bytes, charset, named) in [
            (declared + plain, nil, true), (plain, "UTF-8", true), (declared + plain, "utf-8", true),
            (plain, nil, false),
        ] as [([UInt8], String?, Bool)] {
            let parsed = try parser.parse(bytes, charset: charset)
            let values = TestSupport.parameters(parsed).map { $0.value?.raw }
            #expect(values == ["Café", "家\u{FFFD}"], "\(String(describing: charset))")
            let warning = try #require(parsed.warnings.first { $0.code == .invalidUTF8Replaced })
            let offset = try #require(bytes.firstRange(of: [0xE5, 0xAE, 0xB6, 0xE7, 0x9A])).lowerBound + 3
            #expect(warning.message.contains("byte offset \(offset) (0xE7 0x9A"), "\(warning.message)")
            #expect(warning.message.contains("--charset ISO-8859-1") == !named, "\(warning.message)")
            #expect(!parsed.warnings.contains { $0.code == .invalidUTF8AsLatin1 })
            #expect(warning.line == (bytes.starts(with: declared) ? 2 : 1), "\(warning)")
        }
    }

}
