import FerruleTestSupport
import Foundation
import Testing

@testable import CWMP

/// A field repeated inside one struct or response is read as GenieACS 1.2.16 reads it: it assigns
/// each child it knows in a loop over the children, so the last copy wins (lib/soap.ts).
@Suite("Repeated fields inside a struct or response")
struct RepeatedFieldTests {
    let parser = CWMPParser()

    func body(_ parsed: ParsedMessage) throws -> CWMPBody {
        try #require(parsed.message.envelope).body
    }

    func repeated(_ parsed: ParsedMessage) -> [CWMPWarning] {
        parsed.warnings.filter { $0.code == .repeatedElement }
    }

    @Test("a ParameterValueStruct with two Values and two Names: the last of each is read, with a warning each")
    func parameterValueStruct() throws {
        let structs = """
            <ParameterValueStruct><Name>Device.A</Name><Value xsi:type="xsd:string">first</Value>
            <Value xsi:type="xsd:unsignedInt">2</Value></ParameterValueStruct>
            <ParameterValueStruct><Name>Device.B</Name><Name>Device.C</Name><Value xsi:type="xsd:string">c</Value></ParameterValueStruct>
            """
        let parsed = try parser.parse(TestSupport.gpv(structs, count: 2))
        let parameters = TestSupport.parameters(parsed)
        #expect(parameters.map(\.name) == ["Device.A", "Device.C"])
        #expect(parameters.first?.value == CWMPValue("2", type: .unsignedInt))
        let warnings = repeated(parsed)
        #expect(warnings.count == 2, "\(parsed.warnings)")
        let value = try #require(warnings.first)
        // At the copy read: the second Value, on the struct's second line.
        #expect(value.line == 4)
        #expect(value.path?.hasSuffix("/ParameterValueStruct/Value") == true, "\(value)")
        #expect(
            value.message.hasPrefix(
                "ParameterValueStruct of Device.A holds 2 Value elements; the last was read, as GenieACS 1.2.16 reads it "
                    + "(lib/soap.ts:148-156)"
            ),
            "\(value.message)"
        )
        #expect(warnings.last?.message.hasPrefix("ParameterValueStruct of Device.C holds 2 Name elements") == true)
    }

    @Test("an Inform's ParameterValueStruct with two Values: the tree holds the last, as GenieACS stores it")
    func informParameterValue() throws {
        let list = """
            <ParameterList><ParameterValueStruct><Name>Device.A</Name><Value xsi:type="xsd:string">old</Value>\
            <Value xsi:type="xsd:string">new</Value></ParameterValueStruct></ParameterList>
            """
        let inform = GenieACSFidelityTests.inform().replacingOccurrences(
            of: "<ParameterList></ParameterList>",
            with: list
        )
        let parsed = try parser.parse(GenieACSFidelityTests.message(inform))
        #expect(TestSupport.parameters(parsed).map { $0.value?.raw } == ["new"])
        #expect(repeated(parsed).count == 1, "\(parsed.warnings)")
    }

    @Test("thousands of structs repeating Value give one warning, and the last of each is still read")
    func repeatedFieldWarningsBounded() throws {
        let structs = (0..<2_000).map {
            "<ParameterValueStruct><Name>Device.P\($0)</Name><Value xsi:type=\"xsd:string\">a</Value>"
                + "<Value xsi:type=\"xsd:string\">b\($0)</Value></ParameterValueStruct>"
        }
        let parsed = try parser.parse(TestSupport.gpv(structs.joined(), count: 2_000))
        #expect(repeated(parsed).count == 1)
        let parameters = TestSupport.parameters(parsed)
        #expect(parameters.count == 2_000)
        #expect(parameters.last?.value?.raw == "b1999")
    }

    @Test("a ParameterInfoStruct with two Writables: the last is read (lib/soap.ts:96-104)")
    func parameterInfoStruct() throws {
        let parsed = try parser.parse(
            TestSupport.envelope(
                "<cwmp:GetParameterNamesResponse><ParameterList soapenc:arrayType=\"cwmp:ParameterInfoStruct[1]\">"
                    + "<ParameterInfoStruct><Name>Device.A</Name><Writable>0</Writable><Writable>1</Writable>"
                    + "</ParameterInfoStruct></ParameterList></cwmp:GetParameterNamesResponse>"
            )
        )
        guard case .getParameterNamesResponse(let response) = try body(parsed) else {
            Issue.record("not a GetParameterNamesResponse")
            return
        }
        #expect(response.parameters == [ParameterInfo(name: "Device.A", writable: true)])
        #expect(repeated(parsed).map(\.message).first?.contains("2 Writable elements") == true, "\(parsed.warnings)")
        #expect(repeated(parsed).first?.message.contains("lib/soap.ts:96-104") == true)
    }

    @Test(
        "a ParameterAttributeStruct with two Notifications and two AccessLists: the last of each (lib/soap.ts:223-234)"
    )
    func parameterAttributeStruct() throws {
        let parsed = try parser.parse(
            TestSupport.envelope(
                "<cwmp:GetParameterAttributesResponse><ParameterList soapenc:arrayType=\"cwmp:ParameterAttributeStruct[1]\">"
                    + "<ParameterAttributeStruct><Name>Device.A</Name><Notification>1</Notification>"
                    + "<Notification>2</Notification>"
                    + "<AccessList soapenc:arrayType=\"xsd:string[1]\"><string>Old</string></AccessList>"
                    + "<AccessList soapenc:arrayType=\"xsd:string[1]\"><string>Subscriber</string></AccessList>"
                    + "</ParameterAttributeStruct></ParameterList></cwmp:GetParameterAttributesResponse>"
            )
        )
        guard case .getParameterAttributesResponse(let response) = try body(parsed) else {
            Issue.record("not a GetParameterAttributesResponse")
            return
        }
        #expect(
            response.parameters == [ParameterAttribute(name: "Device.A", notification: 2, accessList: ["Subscriber"])]
        )
        #expect(
            Set(repeated(parsed).compactMap { $0.path?.split(separator: "/").last.map(String.init) }) == [
                "Notification", "AccessList",
            ]
        )
    }

    @Test("a TransferComplete with two CommandKeys and a FaultStruct with two FaultCodes: the last of each")
    func transferComplete() throws {
        let parsed = try parser.parse(
            TestSupport.envelope(
                "<cwmp:TransferComplete><CommandKey>old</CommandKey><CommandKey>fw-2024</CommandKey>"
                    + "<FaultStruct><FaultCode>0</FaultCode><FaultCode>9010</FaultCode>"
                    + "<FaultString>Download failed</FaultString></FaultStruct>"
                    + "<StartTime>2024-03-18T10:00:00Z</StartTime><CompleteTime>2024-03-18T10:00:01Z</CompleteTime>"
                    + "<CompleteTime>2024-03-18T10:05:00Z</CompleteTime></cwmp:TransferComplete>"
            )
        )
        guard case .transferComplete(let message) = try body(parsed) else {
            Issue.record("not a TransferComplete")
            return
        }
        #expect(message.commandKey == "fw-2024")
        #expect(message.fault == TransferFault(code: 9010, string: "Download failed"))
        #expect(message.completeTime == "2024-03-18T10:05:00Z")
        let messages = repeated(parsed).map(\.message)
        #expect(messages.count == 3, "\(messages)")
        #expect(
            messages.contains {
                $0.hasPrefix("TransferComplete holds 2 CommandKey") && $0.contains("lib/soap.ts:641-655")
            }
        )
        #expect(
            messages.contains { $0.hasPrefix("FaultStruct holds 2 FaultCode") && $0.contains("lib/soap.ts:733-740") }
        )
    }

    @Test("a CPE Fault with two FaultCodes in its detail, and a SetParameterValuesFault with two: the last of each")
    func fault() throws {
        let parsed = try parser.parse(
            TestSupport.envelope(
                "<soap:Fault><faultcode>Client</faultcode><faultstring>CWMP fault</faultstring><detail><cwmp:Fault>"
                    + "<FaultCode>9002</FaultCode><FaultCode>9003</FaultCode><FaultString>Invalid arguments</FaultString>"
                    + "<SetParameterValuesFault><ParameterName>Device.A</ParameterName><FaultCode>9007</FaultCode>"
                    + "<FaultCode>9008</FaultCode><FaultString>Read only</FaultString></SetParameterValuesFault>"
                    + "</cwmp:Fault></detail></soap:Fault>"
            )
        )
        guard case .fault(let fault) = try body(parsed) else {
            Issue.record("not a Fault")
            return
        }
        #expect(fault.cwmpFault?.code == 9003)
        #expect(fault.cwmpFault?.setParameterValuesFaults.map(\.code) == [9008])
        #expect(repeated(parsed).count == 2, "\(parsed.warnings)")
    }

    @Test(
        "a CPE Fault's FaultCode written with a reference is warned: GenieACS records it undecoded (lib/soap.ts:733-736)"
    )
    func faultCodeAsWritten() throws {
        func parse(_ code: String) throws -> ParsedMessage {
            try parser.parse(
                TestSupport.envelope(
                    "<soap:Fault><faultcode>Client</faultcode><faultstring>CWMP fault</faultstring><detail><cwmp:Fault>"
                        + "<FaultCode>\(code)</FaultCode><FaultString>Invalid parameter name</FaultString>"
                        + "</cwmp:Fault></detail></soap:Fault>"
                )
            )
        }
        let referenced = try parse("&#57;005")
        guard case .fault(let fault) = try body(referenced) else {
            Issue.record("not a Fault")
            return
        }
        #expect(fault.cwmpFault?.code == 9005)
        let warning = referenced.warnings.first { $0.message.contains("does not decode it") }
        #expect(warning?.message.contains("\"cwmp.&#57;005\"") == true, "\(referenced.warnings)")
        #expect(try parse("9005").warnings.allSatisfy { !$0.message.contains("does not decode it") })
        // The code is kept as written, as GenieACS records it: `&#57;005` is not 9005 there (no rediscovery).
        #expect(fault.cwmpFault?.sentCode == "&#57;005")
        #expect(fault.cwmpFault?.genieACSCode == "&#57;005")
        guard case .fault(let plain) = try body(try parse("9005")) else { return }
        #expect(plain.cwmpFault?.sentCode == nil && plain.cwmpFault?.genieACSCode == "9005")
        guard case .fault(let spaced) = try body(try parse(" 9005 ")) else { return }
        #expect(spaced.cwmpFault?.code == 9005 && spaced.cwmpFault?.genieACSCode == " 9005 ")
    }

    @Test("a SetParameterValuesFault's FaultCode and the SOAP faultcode are kept as written, as GenieACS keeps them")
    func faultCodesAsWritten() throws {
        let parsed = try parser.parse(
            TestSupport.envelope(
                "<soap:Fault><faultcode> Client </faultcode><faultstring>CWMP fault</faultstring><detail><cwmp:Fault>"
                    + "<FaultCode>9003</FaultCode><FaultString>Invalid arguments</FaultString>"
                    + "<SetParameterValuesFault><ParameterName>Device.A</ParameterName><FaultCode>&#57;007</FaultCode>"
                    + "<FaultString>Invalid value</FaultString></SetParameterValuesFault>"
                    + "</cwmp:Fault></detail></soap:Fault>"
            )
        )
        guard case .fault(let fault) = try body(parsed) else {
            Issue.record("not a Fault")
            return
        }
        #expect(fault.faultCode == " Client ")
        #expect(parsed.warnings.contains { $0.code == .surroundingWhitespace && $0.message.contains("faultcode") })
        let item = try #require(fault.cwmpFault?.setParameterValuesFaults.first)
        #expect(item.code == 9007 && item.sentCode == "&#57;007" && item.genieACSCode == "&#57;007")
        #expect(fault.cwmpFault?.sentCode == nil)
    }

    @Test("a response with two Status elements reads the last: SetParameterValues, AddObject, Download")
    func responseStatus() throws {
        let spv = try parser.parse(
            TestSupport.envelope(
                "<cwmp:SetParameterValuesResponse><Status>0</Status><Status>1</Status></cwmp:SetParameterValuesResponse>"
            )
        )
        guard case .setParameterValuesResponse(let response) = try body(spv) else {
            Issue.record("not a SetParameterValuesResponse")
            return
        }
        #expect(response.status == 1)
        #expect(repeated(spv).first?.message.contains("lib/soap.ts:341-355") == true, "\(spv.warnings)")

        let add = try parser.parse(
            TestSupport.envelope(
                "<cwmp:AddObjectResponse><InstanceNumber>3</InstanceNumber><InstanceNumber>4</InstanceNumber>"
                    + "<Status>0</Status></cwmp:AddObjectResponse>"
            )
        )
        guard case .addObjectResponse(let added) = try body(add) else {
            Issue.record("not an AddObjectResponse")
            return
        }
        #expect(added.instanceNumber == 4)
        #expect(repeated(add).count == 1)

        let download = try parser.parse(
            TestSupport.envelope(
                "<cwmp:DownloadResponse><Status>1</Status><Status>0</Status><StartTime>2024-03-18T10:00:00Z</StartTime>"
                    + "<CompleteTime>2024-03-18T10:05:00Z</CompleteTime></cwmp:DownloadResponse>"
            )
        )
        guard case .downloadResponse(let downloaded) = try body(download) else {
            Issue.record("not a DownloadResponse")
            return
        }
        #expect(downloaded.status == 0)
    }

    @Test("structs with one copy of each field raise no repeated-element warning")
    func noRepeats() throws {
        let parsed = try parser.parse(Repository.bytes("Fixtures/cwmp/quirk-gpv-repeated-parameter.xml"))
        #expect(repeated(parsed).isEmpty, "\(parsed.warnings)")
    }
}
