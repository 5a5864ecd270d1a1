import Testing

@testable import CWMP

@Suite("Quirks real CPEs send parse, with a warning where the schema was broken")
struct QuirkTests {
    let parser = CWMPParser()

    @Test("an empty or all-white body is the CWMP 'no more requests' signal", arguments: ["", "\r\n", "  \n\t"])
    func emptyBody(text: String) throws {
        let parsed = try parser.parse(Array(text.utf8))
        #expect(parsed.message == .empty)
        #expect(parsed.warnings.isEmpty)
    }

    @Test(
        "header fields: ID present, empty, null or missing; HoldRequests, NoMoreRequests, SessionTimeout, 1.4 headers"
    )
    func headerFields() throws {
        let header = """
            <cwmp:ID soap:mustUnderstand="1"> null </cwmp:ID><cwmp:HoldRequests soap:mustUnderstand="1">1</cwmp:HoldRequests>\
            <cwmp:NoMoreRequests>0</cwmp:NoMoreRequests><cwmp:sessionTimeout>30</cwmp:sessionTimeout>\
            <cwmp:SupportedCWMPVersions>1.0,1.4</cwmp:SupportedCWMPVersions>
            """
        let envelope = try #require(
            try parser.parse(TestSupport.envelope("<cwmp:GetRPCMethods/>", header: header)).message.envelope
        )
        #expect(
            envelope.header
                == CWMPHeader(
                    id: "null",
                    holdRequests: true,
                    noMoreRequests: false,
                    sessionTimeout: 30,
                    supportedCWMPVersions: "1.0,1.4"
                )
        )
        #expect(envelope.version == .v1_4)
        let empty = try #require(
            try parser.parse(TestSupport.envelope("<cwmp:GetRPCMethods/>", header: "<cwmp:ID/>")).message.envelope
        )
        #expect(empty.header.id == "")
        let doc =
            "<Envelope xmlns=\"http://schemas.xmlsoap.org/soap/envelope/\"><Body><GetRPCMethods xmlns=\"urn:dslforum-org:cwmp-1-1\"/></Body></Envelope>"
        let none = try parser.parse(Array(doc.utf8))
        #expect(none.message.envelope?.header.id == nil)
        #expect(none.message.envelope?.version == .v1_1)
        #expect(TestSupport.codes(none) == [.missingHeader])
    }

    @Test("mustUnderstand=\"true\" is accepted with a warning")
    func mustUnderstandTrue() throws {
        let parsed = try parser.parse(
            TestSupport.envelope("<cwmp:GetRPCMethods/>", header: "<cwmp:ID soap:mustUnderstand=\"true\">5</cwmp:ID>")
        )
        #expect(parsed.message.envelope?.header.id == "5")
        #expect(TestSupport.codes(parsed) == [.mustUnderstandNonstandard])
    }

    @Test("two IDs, two Bodies or a Header after the Body: the last is read, as GenieACS reads it, with a warning")
    func repeatedAndMisplaced() throws {
        let twoIDs = try parser.parse(
            TestSupport.envelope("<cwmp:GetRPCMethods/>", header: "<cwmp:ID>1</cwmp:ID><cwmp:ID>2</cwmp:ID>")
        )
        #expect(twoIDs.message.envelope?.header.id == "2")
        #expect(TestSupport.codes(twoIDs) == [.repeatedElement])
        let ns = "xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:cwmp=\"urn:dslforum-org:cwmp-1-2\""
        let twoBodies = try parser.parse(
            Array(
                "<soap:Envelope \(ns)><soap:Header><cwmp:ID>7</cwmp:ID></soap:Header><soap:Body><cwmp:GetRPCMethods/></soap:Body><soap:Body><cwmp:Reboot><CommandKey>k</CommandKey></cwmp:Reboot></soap:Body></soap:Envelope>"
                    .utf8
            )
        )
        #expect(twoBodies.message.envelope?.body.methodName == "Reboot")
        #expect(TestSupport.codes(twoBodies) == [.repeatedElement])
        let late = try parser.parse(
            Array(
                "<soap:Envelope \(ns)><soap:Body><cwmp:GetRPCMethods/></soap:Body><soap:Header><cwmp:ID>9</cwmp:ID></soap:Header></soap:Envelope>"
                    .utf8
            )
        )
        #expect(late.message.envelope?.header.id == "9")
        #expect(TestSupport.codes(late) == [.headerAfterBody])
    }

    @Test("a warning gives the line and column of the element's '<', also when its start tag spans lines")
    func warningColumn() throws {
        let text =
            "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:cwmp=\"urn:dslforum-org:cwmp-1-2\">\n"
            + "<soap:Body><cwmp:GetParameterNamesResponse><ParameterList>\n"
            + "  <ParameterInfoStruct><Name>Device.X</Name>  <Writable\n    a=\"1\">maybe</Writable></ParameterInfoStruct>"
            + "</ParameterList></cwmp:GetParameterNamesResponse></soap:Body></soap:Envelope>"
        let parsed = try parser.parse(Array(text.utf8))
        let invalid = try #require(parsed.warnings.first { $0.code == .invalidNumber })
        #expect(invalid.line == 3 && invalid.column == 47, "\(invalid)")
        let array = try #require(parsed.warnings.first { $0.code == .arrayTypeMissing })
        #expect(array.line == 2 && array.column == 44, "\(array)")
        #expect(array.locationSuffix == ":2:44")
    }

    @Test("a boolean or number that is not one names the parameter whose struct holds it")
    func invalidFieldNamesParameter() throws {
        let parsed = try parser.parse(
            TestSupport.envelope(
                """
                <cwmp:GetParameterNamesResponse><ParameterList soapenc:arrayType="cwmp:ParameterInfoStruct[1]">\
                <ParameterInfoStruct><Name>Device.DeviceInfo.Manufacturer</Name><Writable>maybe</Writable></ParameterInfoStruct>\
                </ParameterList></cwmp:GetParameterNamesResponse>
                """
            )
        )
        let warning = try #require(parsed.warnings.first { $0.code == .invalidNumber })
        #expect(
            warning.message
                == "Writable of Device.DeviceInfo.Manufacturer is \"maybe\", not exactly true, 1, false or 0; false was "
                + "used, as GenieACS 1.2.16 does (lib/soap.ts:79-83, 107-116)"
        )
    }

    @Test("array counts: wrong, zero-padded and wrong item type warn; items are read from the children")
    func arrayCounts() throws {
        let item =
            "<ParameterValueStruct><Name>Device.A</Name><Value xsi:type=\"xsd:int\">1</Value></ParameterValueStruct>"
        // A second, distinct parameter: the same one twice would also be a repeated-parameter warning.
        let other = item.replacing("Device.A", with: "Device.B")
        let wrong = try parser.parse(TestSupport.gpv(item + other, count: 213))
        #expect(TestSupport.parameters(wrong).count == 2)
        #expect(TestSupport.codes(wrong) == [.arrayCountMismatch])
        let padded = try parser.parse(
            TestSupport.envelope(
                "<cwmp:GetParameterValuesResponse><ParameterList soapenc:arrayType=\"cwmp:ParameterValueStruct[0002]\">\(item)\(other)</ParameterList></cwmp:GetParameterValuesResponse>"
            )
        )
        #expect(TestSupport.codes(padded) == [.arrayCountPadded])
        let names = try parser.parse(
            TestSupport.envelope(
                "<cwmp:GetParameterValues><ParameterNames soapenc:arrayType=\"cwmp:string[01]\"><string>Device.</string></ParameterNames></cwmp:GetParameterValues>"
            )
        )
        #expect(TestSupport.codes(names) == [.arrayCountPadded, .arrayTypeMismatch])
        let typed = try parser.parse(
            TestSupport.envelope(
                "<cwmp:GetParameterValues><ParameterNames soapenc:arrayType=\"xsd:int[1]\"><string>Device.</string></ParameterNames></cwmp:GetParameterValues>"
            )
        )
        #expect(TestSupport.codes(typed) == [.arrayTypeMismatch])
    }

    @Test("value types: missing xsi:type is a string with a warning; wrong case is matched; xs: prefix resolves by URI")
    func valueTypes() throws {
        let structs = """
            <ParameterValueStruct><Name>Device.A</Name><Value>plain</Value></ParameterValueStruct>\
            <ParameterValueStruct><Name>Device.B</Name><Value xsi:type="xsd:unsignedint">7</Value></ParameterValueStruct>\
            <ParameterValueStruct><Name>Device.C</Name><Value xmlns:xs="http://www.w3.org/2001/XMLSchema" xsi:type="xs:boolean">true</Value></ParameterValueStruct>\
            <ParameterValueStruct><Name>Device.D</Name><Value xsi:type="cwmp:X_ACME_Blob">z</Value></ParameterValueStruct>
            """
        let parsed = try parser.parse(TestSupport.gpv(structs, count: 4))
        let values = TestSupport.parameters(parsed).map { $0.value }
        #expect(
            values == [
                CWMPValue("plain"), CWMPValue("7", type: .unsignedInt), CWMPValue("true", type: .boolean),
                CWMPValue("z", type: .other("cwmp:X_ACME_Blob")),
            ]
        )
        // xs:boolean is read as boolean, but GenieACS keeps it as text: a type-spelling warning.
        #expect(TestSupport.codes(parsed) == [.missingXSIType, .typeCase, .typeSpelling])
    }

    @Test("a missing Value element parses as an unknown value with a warning (Cisco SPA122)")
    func missingValue() throws {
        let parsed = try parser.parse(
            TestSupport.gpv("<ParameterValueStruct><Name>Device.A</Name></ParameterValueStruct>", count: 1)
        )
        #expect(TestSupport.parameters(parsed) == [ParameterValue(name: "Device.A", value: nil)])
        // GenieACS 1.2.16 throws on it (lib/soap.ts:159): Ferrule reads it and says so.
        #expect(TestSupport.codes(parsed) == [.missingValue, .genieACSRefuses])
    }

    @Test("values and names are never trimmed (names with a warning: GenieACS drops them); IDs and numbers are")
    func whitespace() throws {
        let parsed = try parser.parse(
            TestSupport.gpv(
                "<ParameterValueStruct>\r\n\t<Name>\n  .Device.A \t</Name>\r\n\t<Value xsi:type=\"xsd:string\">  two  words \r\n</Value></ParameterValueStruct>",
                count: 1
            )
        )
        let p = try #require(TestSupport.parameters(parsed).first)
        // The name as written, as GenieACS reads it (lib/soap.ts:151): it drops it, not a path.
        #expect(p.name == "\n  .Device.A \t")
        #expect(p.value?.raw == "  two  words \n")
        // A CR only at the end of a value is not reported (carriageReturn below): one between characters is.
        #expect(TestSupport.codes(parsed) == [.surroundingWhitespace, .invalidParameterName])
    }

    @Test("CR in a value: read as LF by XML, with a warning that GenieACS keeps it; CRLF between tags is quiet")
    func carriageReturn() throws {
        let value = TestSupport.gpv(
            "<ParameterValueStruct><Name>Device.L</Name><Value xsi:type=\"xsd:string\">boot ok\r\nlink up\r\n</Value></ParameterValueStruct>",
            count: 1
        )
        let parsed = try parser.parse(value)
        #expect(TestSupport.parameters(parsed).first?.value?.raw == "boot ok\nlink up\n")
        let warning = try #require(parsed.warnings.first { $0.code == .carriageReturnInText })
        #expect(warning.message.contains("GenieACS 1.2.16 keeps them"))
        let between = TestSupport.gpv(
            "\r\n<ParameterValueStruct>\r\n<Name>Device.L</Name>\r\n<Value xsi:type=\"xsd:string\">a</Value></ParameterValueStruct>\r\n",
            count: 1
        )
        #expect(try parser.parse(between).warnings.allSatisfy { $0.code != .carriageReturnInText })
    }

    @Test("a raw ']]>' in a value is read as text (GenieACS reads it); the rest of the message is kept")
    func cdataEndInText() throws {
        let structs = """
            <ParameterValueStruct><Name>Device.A</Name><Value xsi:type="xsd:string">free]]>wifi</Value></ParameterValueStruct>\
            <ParameterValueStruct><Name>Device.B</Name><Value xsi:type="xsd:string"><![CDATA[x]]></Value></ParameterValueStruct>\
            <!-- a ]]> comment --><ParameterValueStruct><Name>Device.C</Name><Value xsi:type="xsd:string">V1.2.3</Value></ParameterValueStruct>
            """
        let parsed = try parser.parse(TestSupport.gpv(structs, count: 3))
        #expect(TestSupport.parameters(parsed).map { $0.value?.raw } == ["free]]>wifi", "x", "V1.2.3"])
        #expect(parsed.warnings.filter { $0.code == .cdataEndInText }.count == 1)
    }

    @Test("U+FFFE in a value: read as U+FFFD with a warning naming where, the message kept")
    func nonCharacter() throws {
        let structs = """
            <ParameterValueStruct><Name>Device.A</Name><Value xsi:type="xsd:string">a\u{FFFE}b</Value></ParameterValueStruct>\
            <ParameterValueStruct><Name>Device.C</Name><Value xsi:type="xsd:string">V1.2.3</Value></ParameterValueStruct>
            """
        let parsed = try parser.parse(TestSupport.gpv(structs, count: 2))
        #expect(TestSupport.parameters(parsed).map { $0.value?.raw } == ["a\u{FFFD}b", "V1.2.3"])
        let warning = try #require(parsed.warnings.first { $0.code == .nonCharacterReplaced })
        #expect(warning.message.contains("GenieACS 1.2.16 keeps them"))
        #expect(warning.line != nil)
    }

    @Test("names GenieACS's Path.parse refuses (leading dot, empty segment, '@') are warned and left out of the tree")
    func namesGenieACSDrops() throws {
        let structs = """
            <ParameterValueStruct><Name>.Device.A.X</Name><Value xsi:type="xsd:string">1</Value></ParameterValueStruct>\
            <ParameterValueStruct><Name>Device..B</Name><Value xsi:type="xsd:string">2</Value></ParameterValueStruct>\
            <ParameterValueStruct><Name>Device.C.X_a@b</Name><Value xsi:type="xsd:string">3</Value></ParameterValueStruct>\
            <ParameterValueStruct><Name>Device.D.X_ACME-ok_1</Name><Value xsi:type="xsd:string">4</Value></ParameterValueStruct>
            """
        let parsed = try parser.parse(TestSupport.gpv(structs, count: 4))
        #expect(parsed.warnings.map(\.code) == [.leadingDotInName, .invalidParameterName, .invalidParameterName])
        for (warning, name) in zip(parsed.warnings, [".Device.A.X", "Device..B", "Device.C.X_a@b"]) {
            #expect(warning.message.hasPrefix("parameter name \"\(name)\""))
        }
        #expect(parsed.warnings.allSatisfy { $0.message.contains("GenieACS 1.2.16 cannot parse it as a path") })
        let envelope = try #require(parsed.message.envelope)
        let tree = try #require(ParameterTree(envelope: envelope))
        #expect(tree.entries.map(\.path) == ["Device.D.X_ACME-ok_1"])
        #expect(GenieACSPath.parses("Device.*.X"))
        #expect(!GenieACSPath.parses("Device.A."))
        #expect(GenieACSPath.parsesObjectOrParameter("Device.A."))
        #expect(!GenieACSPath.parsesObjectOrParameter("Device.A.."))
    }

    /// Names with alias segments and what GenieACS 1.2.16's `Path.parse` (lib/common/path.ts:39-148,
    /// 176-182) answers for each: computed by running that function (types stripped) under Node.
    static let aliasNames: [(String, Bool)] = [
        ("Device.A", true),
        ("Device.[X:1].B", true),
        ("Device.[X:1]", true),
        ("Device.[X:\"a\"].B", true),
        ("Device.[X:\"a\\\\\"].B", false),
        ("Device.[ X : 1 , Y.Z:\"q\" ].B", false),
        ("Device.[X:1]ZB", true),
        ("Device.[X].B", false),
        ("Device.[:1].B", false),
        ("Device.[X:1", false),
        ("[X:1]", true),
        ("Device.[X:\"\\u00zz\"].B", false),
        ("Device.[X:\"\\u0041\"].B", true),
        ("Device.[X.[Y:1]:2].B", false),
        ("Device.[X:a b].C", true),
        ("Device.[X:1,].B", false),
        ("Device.[X:1,Y].B", false),
        ("Device.A[X:1]", false),
        ("Device.*.[X:1]", true),
        ("Device.[X:\"a\tb\"].B", false),
        ("Device.[X:1]..B", false),
        ("Device.[X:1].", false),
        ("Device.[X:\"x\" y].B", false),
        ("Device.[X:\"\\q\"].B", false),
        ("Device.[]", true),
        ("Device.[].B", true),
        ("Device.[X:1]]", false),
        ("Device.[X:1,Y.Z:2].B", true),
        ("Device.[X:1 ].B", true),
        ("Device.[X.[Y:1].Z:2].B", true),
        ("Device.[X:\"]\"].B", true),

    ]

    @Test("alias segments ([Path:value]) are judged as GenieACS's Path.parse judges them", arguments: aliasNames)
    func aliasSegments(name: String, accepted: Bool) throws {
        #expect(GenieACSPath.parses(name) == accepted)
        // Through a message: a name GenieACS refuses is warned and left out of the tree.
        // (No name here holds `&` or `<`: each is written as is.)
        let parsed = try parser.parse(
            TestSupport.gpv(
                "<ParameterValueStruct><Name>\(name)</Name><Value xsi:type=\"xsd:string\">1</Value></ParameterValueStruct>",
                count: 1
            )
        )
        #expect(TestSupport.parameters(parsed).map(\.name) == [name])
        let envelope = try #require(parsed.message.envelope)
        let tree = try #require(ParameterTree(envelope: envelope))
        #expect(tree.entries.map(\.path) == (accepted ? [name] : []))
        #expect(TestSupport.codes(parsed).contains(.invalidParameterName) == !accepted, "\(parsed.warnings)")
    }

    @Test("CDATA, entities and character references decode into the value")
    func cdataAndEntities() throws {
        let structs = """
            <ParameterValueStruct><Name>Device.A</Name><Value xsi:type="xsd:string"><![CDATA[<b>&amp;</b>]]></Value></ParameterValueStruct>\
            <ParameterValueStruct><Name>Device.B</Name><Value xsi:type="xsd:string">&lt;&amp;&#233;&#x20AC;</Value></ParameterValueStruct>
            """
        let parsed = try parser.parse(TestSupport.gpv(structs, count: 2))
        #expect(TestSupport.parameters(parsed).map { $0.value?.raw } == ["<b>&amp;</b>", "<&é€"])
        // GenieACS 1.2.16's parser throws on CDATA (lib/xml-parser.ts:269-271): read, with a warning.
        #expect(TestSupport.codes(parsed) == [.genieACSRefuses])
    }

    @Test("control characters in values are stripped with a warning (GenieACS #76)")
    func controlCharacters() throws {
        var doc = TestSupport.gpv(
            "<ParameterValueStruct><Name>Device.A</Name><Value xsi:type=\"xsd:string\">aQb&#2;c</Value></ParameterValueStruct>",
            count: 1
        )
        let x = try #require(doc.firstIndex(of: UInt8(ascii: "Q")))
        doc[x] = 0x02
        let parsed = try parser.parse(doc)
        #expect(TestSupport.parameters(parsed).first?.value?.raw == "abc")
        #expect(TestSupport.codes(parsed) == [.strippedControlCharacters])
    }

    @Test("a bare ampersand is kept literally with a warning")
    func bareAmpersand() throws {
        let parsed = try parser.parse(
            TestSupport.gpv(
                "<ParameterValueStruct><Name>Device.A</Name><Value xsi:type=\"xsd:string\">Tom & Jerry &nbsp;</Value></ParameterValueStruct>",
                count: 1
            )
        )
        #expect(TestSupport.parameters(parsed).first?.value?.raw == "Tom & Jerry &nbsp;")
        #expect(TestSupport.codes(parsed) == [.escapedAmpersand])
    }

    @Test("a '<' inside an attribute value is accepted with a warning")
    func lessThanInAttribute() throws {
        let parsed = try parser.parse(
            TestSupport.gpv(
                "<ParameterValueStruct f=\"1<g>\"><Name>Device.A</Name><Value xsi:type=\"xsd:int\">1</Value></ParameterValueStruct>",
                count: 1
            )
        )
        #expect(TestSupport.parameters(parsed).count == 1)
        #expect(TestSupport.codes(parsed) == [.escapedLessThanInAttribute])
    }

    @Test("charsets: BOM, UTF-16 both orders, Latin-1 declared or from HTTP, invalid UTF-8 as Latin-1")
    func charsets() throws {
        let text = String(
            decoding: TestSupport.gpv(
                "<ParameterValueStruct><Name>Device.A</Name><Value xsi:type=\"xsd:string\">café</Value></ParameterValueStruct>",
                count: 1
            ),
            as: UTF8.self
        )
        func value(_ bytes: [UInt8], charset: String? = nil) throws -> String? {
            TestSupport.parameters(try parser.parse(bytes, charset: charset)).first?.value?.raw
        }
        #expect(try value([0xEF, 0xBB, 0xBF] + Array(text.utf8)) == "café")
        let utf16le: [UInt8] =
            [0xFF, 0xFE] + text.utf16.flatMap { (u: UInt16) -> [UInt8] in [UInt8(u & 0xFF), UInt8(u >> 8)] }
        #expect(try value(utf16le) == "café")
        let utf16be: [UInt8] =
            [0xFE, 0xFF] + text.utf16.flatMap { (u: UInt16) -> [UInt8] in [UInt8(u >> 8), UInt8(u & 0xFF)] }
        #expect(try value(utf16be) == "café")
        let latin1 = text.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) }
        #expect(try value(latin1, charset: "ISO-8859-1") == "café")
        #expect(try value(Array("<?xml version=\"1.0\" encoding=\"iso-8859-1\"?>".utf8) + latin1) == "café")
        // No charset and no declaration: GenieACS 1.2.16 assumes UTF-8 and Buffer.toString replaces
        // the bad byte with U+FFFD (lib/cwmp.ts:1312-1314, 1425-1427); so does Ferrule, saying where.
        let guessed = try parser.parse(latin1)
        #expect(TestSupport.parameters(guessed).first?.value?.raw == "caf\u{FFFD}")
        #expect(TestSupport.codes(guessed) == [.invalidUTF8Replaced])
        #expect(guessed.warnings.first?.message.contains("--charset ISO-8859-1") == true)
        #expect(try parser.parse(Array(text.utf8), charset: "\"utf-8\"").warnings.isEmpty)
    }

    @Test("white space before the declaration is skipped; reported lines stay true to the file")
    func leadingWhitespace() throws {
        let body =
            Array("\n\n  <?xml version=\"1.0\"?>\n".utf8)
            + TestSupport.gpv(
                "<ParameterValueStruct><Name>Device.A</Name><Value>1</Value></ParameterValueStruct>",
                count: 1
            )
        let parsed = try parser.parse(body)
        #expect(TestSupport.codes(parsed) == [.leadingWhitespace, .missingXSIType])
        #expect(parsed.warnings.first { $0.code == .missingXSIType }?.line == 6)
    }

    @Test("namespaces: any prefix, default namespaces, qualified children, Alcatel-style xmlns=\"\"")
    func namespaceTricks() throws {
        let doc = """
            <S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/" xmlns:soap="http://schemas.xmlsoap.org/soap/encoding/"><S:Body>\
            <Inform xmlns="urn:dslforum-org:cwmp-1-0"><DeviceId><Manufacturer xmlns="">ALU</Manufacturer><OUI>00D0F6</OUI><ProductClass>9365</ProductClass><SerialNumber>1</SerialNumber></DeviceId>\
            <Event soap:arrayType="cwmp:EventStruct[1]" xmlns:cwmp="urn:dslforum-org:cwmp-1-0"><cwmp:EventStruct><EventCode>2 PERIODIC</EventCode><CommandKey/></cwmp:EventStruct></Event>\
            <MaxEnvelopes>1</MaxEnvelopes><CurrentTime>2026-01-01T00:00:00</CurrentTime><RetryCount>0</RetryCount><ParameterList soap:arrayType="cwmp:ParameterValueStruct[0]"/></Inform>\
            </S:Body></S:Envelope>
            """
        let parsed = try parser.parse(Array(doc.utf8))
        guard case .inform(let inform)? = parsed.message.envelope?.body else {
            Issue.record("not an Inform")
            return
        }
        #expect(inform.deviceId.manufacturer == "ALU")
        #expect(inform.events == [EventStruct(code: "2 PERIODIC")])
        #expect(parsed.message.envelope?.version == .v1_0)
        #expect(TestSupport.codes(parsed).contains(.qualifiedChild))
    }

    @Test("an unknown method parses generically with a warning, never rejected")
    func unknownMethod() throws {
        let parsed = try parser.parse(
            TestSupport.envelope(
                "<cwmp:X_ACME_Frobnicate><Knob>11</Knob><Group><Item>a</Item></Group></cwmp:X_ACME_Frobnicate>"
            )
        )
        #expect(
            parsed.message.envelope?.body
                == .unknown(
                    UnknownMethod(
                        name: "X_ACME_Frobnicate",
                        children: [
                            GenericElement(name: "Knob", text: "11"),
                            GenericElement(name: "Group", children: [GenericElement(name: "Item", text: "a")]),
                        ]
                    )
                )
        )
        #expect(TestSupport.codes(parsed) == [.unknownMethod])
    }

    @Test("TransferComplete FaultStruct given as text or left out")
    func transferCompleteFaultStruct() throws {
        let text = try parser.parse(
            TestSupport.envelope(
                "<cwmp:TransferComplete><CommandKey>k</CommandKey><FaultStruct>9010</FaultStruct><StartTime>0001-01-01T00:00:00Z</StartTime><CompleteTime>0001-01-01T00:00:00Z</CompleteTime></cwmp:TransferComplete>"
            )
        )
        // GenieACS keeps "" as the code of a FaultStruct without FaultCode (lib/soap.ts:752-758).
        #expect(
            text.message.envelope?.body
                == .transferComplete(TransferComplete(commandKey: "k", fault: TransferFault(code: 9010, sentCode: "")))
        )
        #expect(TestSupport.codes(text) == [.faultStructAsText])
        let missing = try parser.parse(
            TestSupport.envelope(
                "<cwmp:TransferComplete><CommandKey/><StartTime>0001-01-01T00:00:00Z</StartTime><CompleteTime>0001-01-01T00:00:00Z</CompleteTime></cwmp:TransferComplete>"
            )
        )
        #expect(missing.message.envelope?.body == .transferComplete(TransferComplete(commandKey: "")))
        #expect(TestSupport.codes(missing) == [.missingElement])
    }

    @Test("SOAP Fault: qualified faultcode, xsi:type on FaultCode, several SetParameterValuesFaults")
    func faultVariants() throws {
        let body = """
            <soap:Fault><faultcode>soap:Client</faultcode><faultstring>CWMP FAULT</faultstring><detail><cwmp:Fault>\
            <FaultCode xsi:type="xsd:unsignedInt">9003</FaultCode><FaultString>Invalid arguments</FaultString>\
            <SetParameterValuesFault><ParameterName>Device.A</ParameterName><FaultCode>9007</FaultCode><FaultString>bad</FaultString></SetParameterValuesFault>\
            <SetParameterValuesFault><ParameterName>Device.B</ParameterName><FaultCode>9008</FaultCode></SetParameterValuesFault>\
            </cwmp:Fault></detail></soap:Fault>
            """
        let parsed = try parser.parse(TestSupport.envelope(body))
        #expect(
            parsed.message.envelope?.body
                == .fault(
                    Fault(
                        faultCode: "soap:Client",
                        faultString: "CWMP FAULT",
                        cwmpFault: CWMPFault(
                            code: 9003,
                            string: "Invalid arguments",
                            setParameterValuesFaults: [
                                SetParameterValuesFault(name: "Device.A", code: 9007, string: "bad"),
                                SetParameterValuesFault(name: "Device.B", code: 9008),
                            ]
                        )
                    )
                )
        )
        #expect(parsed.warnings.isEmpty)
    }

    @Test(
        "Inform oddities: lower-case OUI, empty Event array, EventStruct without EventCode, RetryCount 00, invalid CurrentTime"
    )
    func informOddities() throws {
        let doc = TestSupport.envelope(
            """
            <cwmp:Inform><DeviceId><Manufacturer/><OUI>a06518</OUI><ProductClass>X</ProductClass><SerialNumber>S</SerialNumber><WanIPAddress>1.2.3.4</WanIPAddress></DeviceId>\
            <Event soapenc:arrayType="cwmp:EventStruct[1]"><EventStruct><CommandKey/></EventStruct></Event><MaxEnvelopes>2</MaxEnvelopes>\
            <CurrentTime>0000-00-00T00:00:00</CurrentTime><RetryCount>00</RetryCount><ParameterList soapenc:arrayType="cwmp:ParameterValueStruct[0]"></ParameterList></cwmp:Inform>
            """
        )
        let parsed = try parser.parse(doc)
        guard case .inform(let inform)? = parsed.message.envelope?.body else {
            Issue.record("not an Inform")
            return
        }
        #expect(inform.deviceId == DeviceId(manufacturer: "", oui: "a06518", productClass: "X", serialNumber: "S"))
        #expect(inform.events == [EventStruct(code: "")])
        #expect(inform.maxEnvelopes == 2)
        #expect(inform.retryCount == 0)
        #expect(inform.currentTime == "0000-00-00T00:00:00")
        #expect(inform.currentTimeValue == nil)
        // GenieACS 1.2.16 throws on the EventStruct without EventCode (lib/soap.ts:88).
        #expect(TestSupport.codes(parsed) == [.invalidOUI, .genieACSRefuses, .missingElement, .invalidDateTime])
    }
}
