import Testing

@testable import CWMP

@Suite("Input that is not a SOAP envelope is rejected with line, column and element path")
struct RejectionTests {
    let parser = CWMPParser()

    @Test("a truncated body fails with the line and column where it stopped")
    func truncated() throws {
        let full = TestSupport.gpv(
            "<ParameterValueStruct><Name>Device.A</Name><Value xsi:type=\"xsd:int\">1</Value></ParameterValueStruct>",
            count: 1
        )
        let cut = Array(full.prefix(full.count - 60))
        do {
            _ = try parser.parse(cut)
            Issue.record("a truncated body parsed")
        } catch {
            #expect(error.code == .notWellFormed)
            let lastLine = cut.filter { $0 == 0x0A }.count + 1
            #expect(error.line == lastLine)
            #expect((error.column ?? 0) > 0)
            #expect(error.elementPath?.hasPrefix("/Envelope/Body/GetParameterValuesResponse") == true)
            #expect(error.description.hasPrefix("\(lastLine):\(error.column ?? 0): error[not-well-formed]"))
        }
    }

    @Test("a mismatched closing tag names the element")
    func mismatched() throws {
        do {
            _ = try parser.parse(TestSupport.envelope("<cwmp:GetRPCMethods><a></b></cwmp:GetRPCMethods>"))
            Issue.record("parsed")
        } catch {
            #expect(error.code == .notWellFormed)
            #expect(error.elementPath == "/Envelope/Body/GetRPCMethods/a")
        }
    }

    @Test(
        "a root that is not an Envelope, and an Envelope without Body or RPC",
        arguments: [
            ("<foo><bar/></foo>", CWMPParseError.Code.noEnvelope),
            (
                "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Header/></soap:Envelope>",
                .noBody
            ),
            (
                "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>  </soap:Body></soap:Envelope>",
                .noBody
            ),
            ("just text", .notWellFormed),
        ]
    )
    func structure(document: String, code: CWMPParseError.Code) throws {
        #expect { try parser.parse(Array(document.utf8)) } throws: { error in
            guard let error = error as? CWMPParseError else { return false }
            return error.code == code && error.line != nil
        }
    }
}
