import Testing

@testable import CWMP

/// A comment inside an element's text is kept there as written, as GenieACS 1.2.16 keeps element
/// text verbatim (lib/xml-parser.ts:262) and skips a comment only between elements (:272-277).
@Suite("comments in text as GenieACS reads them")
struct CommentInTextTests {
    static func gpv(_ value: String, name: String = "Device.DeviceInfo.SoftwareVersion") -> [UInt8] {
        TestSupport.gpv(
            "<ParameterValueStruct><Name>\(name)</Name><Value xsi:type=\"xsd:string\">\(value)</Value>"
                + "</ParameterValueStruct>",
            count: 1
        )
    }

    @Test("a comment inside a Value stays in the value, with one comment-in-text warning (hostile review 47 #5)")
    func commentInValue() throws {
        let parsed = try CWMPParser().parse(Self.gpv("V5R020<!-- build -->C00S115<!--2-->"))
        #expect(TestSupport.parameters(parsed).first?.value?.raw == "V5R020<!-- build -->C00S115<!--2-->")
        let warnings = parsed.warnings.filter { $0.code == .commentInText }
        #expect(warnings.count == 1)
        #expect(warnings.first?.path?.hasSuffix("/Value") == true)
        #expect(warnings.first?.message.contains("lib/xml-parser.ts:262") == true)
        // References around the comment are decoded as before; the value never appears in the warning.
        let decoded = try CWMPParser().parse(Self.gpv("a&amp;b<!-- c -->"))
        #expect(TestSupport.parameters(decoded).first?.value?.raw == "a&b<!-- c -->")
        #expect(decoded.warnings.allSatisfy { !$0.message.contains("a&b") })
    }

    @Test("comments between elements are dropped without a word, as GenieACS skips them")
    func commentBetweenElements() throws {
        let parsed = try CWMPParser().parse(
            TestSupport.gpv(
                "<!-- first --><ParameterValueStruct><!-- x --><Name>Device.A</Name>"
                    + "<Value xsi:type=\"xsd:string\">v</Value><!-- y --></ParameterValueStruct>",
                count: 1
            )
        )
        #expect(TestSupport.parameters(parsed).first?.value?.raw == "v")
        #expect(!parsed.warnings.contains { $0.code == .commentInText })
    }

    @Test("a comment in a Writable or ID is kept too, so it reads as GenieACS reads it")
    func commentInOtherFields() throws {
        let parsed = try CWMPParser().parse(
            TestSupport.envelope(
                "<cwmp:GetParameterNamesResponse><ParameterList><ParameterInfoStruct><Name>Device.A</Name>"
                    + "<Writable>1<!-- rw --></Writable></ParameterInfoStruct></ParameterList>"
                    + "</cwmp:GetParameterNamesResponse>",
                header: "<cwmp:ID soap:mustUnderstand=\"1\">7<!-- id --></cwmp:ID>"
            )
        )
        #expect(parsed.message.envelope?.header.id == "7<!-- id -->")
        guard case .getParameterNamesResponse(let response)? = parsed.message.envelope?.body else {
            Issue.record("not read as a GetParameterNamesResponse")
            return
        }
        // GenieACS: "1<!-- rw -->" is neither "true" nor "1", so not writable (lib/soap.ts:79-83, 107-116).
        #expect(response.parameters.first?.writable == false)
        #expect(parsed.warnings.filter { $0.code == .commentInText }.count == 1)
    }
}
