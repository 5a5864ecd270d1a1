import Foundation
import Testing

@testable import CWMP

/// Attribute sloppiness GenieACS 1.2.16 reads and libxml2 refuses: a repeated attribute (the first
/// wins, lib/soap.ts:131-136, 873-888) and an unquoted or valueless one (GenieACS parses the
/// attributes of no element but a Value and an Inform's Envelope, Body and Inform).
@Suite("attribute sloppiness as GenieACS reads it")
struct AttributeSloppinessTests {
    /// An Inform in `cwmp-1-0` with `envelopeExtra` on the Envelope, `valueAttributes` on its one
    /// Value and `mustUnderstand` as the ID's attribute value, written as given.
    static func inform(
        envelopeExtra: String = "",
        valueAttributes: String = "xsi:type=\"xsd:string\"",
        mustUnderstand: String = "\"1\"",
        value: String = "SG4K1000A6"
    ) -> [UInt8] {
        Array(
            ("<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\" "
                + "xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
                + "xmlns:cwmp=\"urn:dslforum-org:cwmp-1-0\"\(envelopeExtra)>\n"
                + "<soap:Header><cwmp:ID soap:mustUnderstand=\(mustUnderstand)>42</cwmp:ID></soap:Header>\n"
                + "<soap:Body><cwmp:Inform><DeviceId><Manufacturer>M</Manufacturer><OUI>E8ADA6</OUI>"
                + "<ProductClass>P</ProductClass><SerialNumber>S</SerialNumber></DeviceId><Event><EventStruct>"
                + "<EventCode>2 PERIODIC</EventCode><CommandKey></CommandKey></EventStruct></Event>"
                + "<MaxEnvelopes>1</MaxEnvelopes><CurrentTime>2024-03-18T09:41:07Z</CurrentTime><RetryCount>0</RetryCount>"
                + "<ParameterList><ParameterValueStruct><Name>Device.DeviceInfo.SoftwareVersion</Name>"
                + "<Value \(valueAttributes)>\(value)</Value></ParameterValueStruct></ParameterList>"
                + "</cwmp:Inform></soap:Body></soap:Envelope>").utf8
        )
    }

    func codes(_ parsed: ParsedMessage) -> Set<CWMPWarning.Code> {
        TestSupport.codes(parsed).subtracting([.arrayTypeMissing])
    }

    @Test("a namespace declared twice on the Envelope: the first declaration is read (lib/soap.ts:873-888)")
    func duplicateNamespace() throws {
        let parsed = try CWMPParser().parse(Self.inform(envelopeExtra: " xmlns:cwmp=\"urn:dslforum-org:cwmp-1-0\""))
        #expect(parsed.message.envelope?.version == .v1_0)
        #expect(codes(parsed) == [.duplicateAttribute])
        let warning = try #require(parsed.warnings.first { $0.code == .duplicateAttribute })
        #expect(warning.message.contains("xmlns:cwmp") && warning.message.contains("lib/soap.ts:131-136, 873-888"))
        #expect(warning.line == 1)
        // Declared again with another version: GenieACS's attrs.find takes the first, and so does Ferrule.
        let other = try CWMPParser().parse(Self.inform(envelopeExtra: " xmlns:cwmp=\"urn:dslforum-org:cwmp-1-2\""))
        #expect(other.message.envelope?.version == .v1_0)
        #expect(other.message.envelope?.namespace == "urn:dslforum-org:cwmp-1-0")
    }

    @Test("xsi:type twice on a Value: the first is the type (getValueType, lib/soap.ts:131-136)")
    func duplicateType() throws {
        let parsed = try CWMPParser().parse(
            Self.inform(valueAttributes: "xsi:type=\"xsd:int\" xsi:type=\"xsd:string\"", value: "7")
        )
        let value = try #require(TestSupport.parameters(parsed).first?.value)
        #expect(value.type == .int && value.raw == "7")
        #expect(codes(parsed) == [.duplicateAttribute])
        #expect(parsed.warnings.first { $0.code == .duplicateAttribute }?.line == 3)
    }

    @Test("an unquoted attribute in the Header is read as quoted; GenieACS never parses header attributes")
    func unquotedInHeader() throws {
        let parsed = try CWMPParser().parse(Self.inform(mustUnderstand: "1"))
        #expect(parsed.message.envelope?.header.id == "42")
        #expect(TestSupport.parameters(parsed).first?.value?.raw == "SG4K1000A6")
        #expect(codes(parsed) == [.unquotedAttribute])
        // Self-closing and valueless forms read too.
        let selfClosing = try CWMPParser().parse(
            TestSupport.envelope("<cwmp:GetRPCMethods a=b flag/>", header: "<cwmp:ID soap:mustUnderstand=1>1</cwmp:ID>")
        )
        #expect(selfClosing.message.envelope?.body.methodName == "GetRPCMethods")
        #expect(selfClosing.message.envelope?.header.id == "1")
        #expect(codes(selfClosing) == [.unquotedAttribute])
    }

    @Test("an unquoted attribute on a Value or on an Inform's Envelope: read, and GenieACS's parseAttrs refuses it")
    func unquotedWhereGenieACSParses() throws {
        let value = try CWMPParser().parse(Self.inform(valueAttributes: "xsi:type=xsd:string"))
        #expect(TestSupport.parameters(value).first?.value?.type == .string)
        #expect(codes(value) == [.unquotedAttribute, .genieACSRefuses])
        let refusal = try #require(value.warnings.first { $0.code == .genieACSRefuses })
        #expect(refusal.message.contains("a Value") && refusal.message.contains("lib/xml-parser.ts:94, 107, 110"))
        let envelope = try CWMPParser().parse(Self.inform(envelopeExtra: " x=1"))
        #expect(codes(envelope) == [.unquotedAttribute, .genieACSRefuses])
        #expect(
            envelope.warnings.first { $0.code == .genieACSRefuses }?.message.contains("Envelope of an Inform") == true
        )
        // Not an Inform: GenieACS reads no Envelope attributes then.
        let rpc = try CWMPParser().parse(
            Array(
                String(decoding: TestSupport.envelope("<cwmp:GetRPCMethods/>"), as: UTF8.self)
                    .replacingOccurrences(of: "<soap:Envelope ", with: "<soap:Envelope x=1 ").utf8
            )
        )
        #expect(codes(rpc) == [.unquotedAttribute])
    }

    @Test("all three at once, and the lines of what follows stay true")
    func together() throws {
        let parsed = try CWMPParser().parse(
            Self.inform(
                envelopeExtra: "\n xmlns:cwmp=\"urn:dslforum-org:cwmp-1-0\"",
                valueAttributes: "xsi:type=\"xsd:string\" xsi:type=\"xsd:string\"",
                mustUnderstand: "1"
            )
        )
        #expect(codes(parsed) == [.duplicateAttribute, .unquotedAttribute])
        #expect(TestSupport.parameters(parsed).first?.line == 4)
    }

    @Test("a tag with many repeated attributes is repaired in one linear pass")
    func manyDuplicates() throws {
        let attributes = (0..<200).map { " a\($0 % 100)=\"\($0)\"" }.joined()
        let parsed = try CWMPParser().parse(TestSupport.envelope("<cwmp:GetRPCMethods\(attributes)/>"))
        #expect(parsed.message.envelope?.body.methodName == "GetRPCMethods")
        let warning = try #require(parsed.warnings.first { $0.code == .duplicateAttribute })
        #expect(warning.message.hasPrefix("100 attribute(s)"))
        // The repeated attribute becomes spaces (columns stay), the unquoted value is quoted.
        let repaired = try #require(Array("<a x=1 y='2' x='3'>t</a>".utf8).withUnsafeBytes(XMLRepairs.repairAttributes))
        #expect(String(decoding: repaired.bytes, as: UTF8.self) == "<a x=\"1\" y='2'      >t</a>")
        #expect(repaired.duplicates == 1 && repaired.unquoted == 1 && repaired.firstDuplicate == "x")
    }
}
