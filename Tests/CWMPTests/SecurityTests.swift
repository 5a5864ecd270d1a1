import Foundation
import Testing

@testable import CWMP

@Suite("Hostile input is refused in bounded time and memory")
struct SecurityTests {
    @Test("billion laughs: the DOCTYPE is refused before any entity is declared or expanded")
    func billionLaughs() throws {
        var doc = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n"
        for i in 1...9 {
            let previous = i == 1 ? "lol" : "lol\(i - 1)"
            doc += "<!ENTITY lol\(i) \"" + String(repeating: "&\(previous);", count: 10) + "\">\n"
        }
        doc +=
            "]>\n<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body><v>&lol9;</v></soap:Body></soap:Envelope>"
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            #expect(throws: CWMPParseError.self) { try CWMPParser().parse(Array(doc.utf8)) }
        }
        do {
            _ = try CWMPParser().parse(Array(doc.utf8))
        } catch {
            #expect(error.code == .doctype)
            #expect(error.line == 2)
        }
        #expect(elapsed < .seconds(1), "took \(elapsed)")
    }

    @Test("XXE: an external entity is never resolved, the file never read")
    func externalEntity() throws {
        let doc = """
            <?xml version="1.0"?>
            <!DOCTYPE e [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
            <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><cwmp:GetRPCMethods xmlns:cwmp="urn:dslforum-org:cwmp-1-0"><x>&xxe;</x></cwmp:GetRPCMethods></soap:Body></soap:Envelope>
            """
        #expect {
            try CWMPParser().parse(Array(doc.utf8))
        } throws: { error in
            (error as? CWMPParseError)?.code == .doctype && !"\(error)".contains("root:")
        }
    }

    @Test("an external DTD is refused without any network access")
    func externalDTD() throws {
        let doc = "<?xml version=\"1.0\"?>\n<!DOCTYPE Envelope SYSTEM \"http://127.0.0.1:9/x.dtd\">\n<Envelope/>"
        #expect { try CWMPParser().parse(Array(doc.utf8)) } throws: { ($0 as? CWMPParseError)?.code == .doctype }
    }

    @Test("an undefined entity without a DTD stays literal text, nothing is substituted")
    func undefinedEntityIsLiteral() throws {
        let parsed = try CWMPParser().parse(
            TestSupport.gpv(
                "<ParameterValueStruct><Name>Device.X</Name><Value xsi:type=\"xsd:string\">a&xxe;b &amp; c</Value></ParameterValueStruct>",
                count: 1
            )
        )
        #expect(TestSupport.parameters(parsed).first?.value?.raw == "a&xxe;b & c")
        #expect(TestSupport.codes(parsed).contains(.escapedAmpersand))
    }

    @Test("bodies over the size cap are refused before parsing")
    func sizeCap() throws {
        let parser = CWMPParser(limits: .init(maxBodyBytes: 1024))
        let big = TestSupport.gpv(
            String(
                repeating: "<ParameterValueStruct><Name>Device.X</Name><Value>1</Value></ParameterValueStruct>",
                count: 50
            ),
            count: 50
        )
        #expect(throws: CWMPParseError.self) { try parser.parse(big) }
        do { _ = try parser.parse(big) } catch {
            #expect(error.code == .tooLarge)
            #expect(error.message.contains("over the limit of 1024 bytes"), "\(error.message)")
            #expect(error.hint?.contains("smaller subtrees") == true, "\(error.hint ?? "")")
            #expect(error.hint?.contains("Limits") == false, "an operator cannot act on an internal type")
        }
        #expect(CWMPParser().limits.maxBodyBytes == 32 * 1024 * 1024)
    }

    @Test("nesting deeper than the cap is refused with the depth and path")
    func depthCap() throws {
        let deep = String(repeating: "<a>", count: 500) + String(repeating: "</a>", count: 500)
        let doc = TestSupport.envelope("<cwmp:GetRPCMethods>\(deep)</cwmp:GetRPCMethods>")
        do {
            _ = try CWMPParser().parse(doc)
            Issue.record("a 500-deep document parsed")
        } catch {
            #expect(error.code == .tooDeep)
            #expect(error.elementPath?.hasPrefix("/Envelope/Body/GetRPCMethods/a/a") == true)
            #expect(error.hint?.contains("deeper than 64 is refused") == true, "\(error.hint ?? "")")
            #expect(error.hint?.contains("Limits") == false, "an operator cannot act on an internal type")
        }
        let moderate = TestSupport.envelope(
            "<cwmp:GetRPCMethods>" + String(repeating: "<a>", count: 100) + String(repeating: "</a>", count: 100)
                + "</cwmp:GetRPCMethods>"
        )
        #expect(throws: Never.self) { try CWMPParser(limits: .init(maxDepth: 200)).parse(moderate) }
    }

    @Test("charsets outside the whitelist are refused, from HTTP or the declaration")
    func charsetWhitelist() throws {
        let doc = TestSupport.envelope("<cwmp:GetRPCMethods/>")
        #expect { try CWMPParser().parse(doc, charset: "EBCDIC-US") } throws: {
            ($0 as? CWMPParseError)?.code == .unsupportedCharset
        }
        // ISO-2022-JP: iconv-lite 0.6.3 does not know it, so GenieACS cannot decode the body either.
        let declared = Array("<?xml version=\"1.0\" encoding=\"ISO-2022-JP\"?>".utf8) + doc
        #expect { try CWMPParser().parse(declared) } throws: { ($0 as? CWMPParseError)?.code == .unsupportedCharset }
    }

    @Test("errors never carry parameter values")
    func errorsCarryNoValues() throws {
        let secret = "hunter2-wifi-passphrase"
        let doc = Array(
            TestSupport.gpv(
                "<ParameterValueStruct><Name>Device.WiFi.AccessPoint.1.Security.KeyPassphrase</Name><Value xsi:type=\"xsd:string\">\(secret)</Value>",
                count: 1
            ).prefix(600)
        )
        do {
            _ = try CWMPParser().parse(doc)
            Issue.record("a truncated document parsed")
        } catch {
            #expect(!error.description.contains(secret))
        }
    }
}
