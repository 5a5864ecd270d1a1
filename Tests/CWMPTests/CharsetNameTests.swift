import Testing

@testable import CWMP

/// Charset names are canonicalised as iconv-lite does (GenieACS 1.2.16 falls back to it,
/// lib/cwmp.ts:1312-1319): lower case, every character but [0-9a-z] and a `:dddd` suffix removed.
@Suite("charset names as iconv-lite canonicalises them")
struct CharsetNameTests {
    @Test("Java's ISO8859_1, iso_8859_1, iso88591, UTF_8 and friends are accepted")
    func canonicalised() {
        #expect(CharacterEncoding(name: "ISO8859_1") == .latin1)
        #expect(CharacterEncoding(name: "iso_8859_1") == .latin1)
        #expect(CharacterEncoding(name: "iso88591") == .latin1)
        #expect(CharacterEncoding(name: "Latin-1") == .latin1)
        #expect(CharacterEncoding(name: "UTF_8") == .utf8)
        #expect(CharacterEncoding(name: "utf.8") == .utf8)
        #expect(CharacterEncoding(name: "\"US_ASCII\"") == .ascii)
        #expect(CharacterEncoding(name: "UTF-16_BE") == .utf16BE)
        #expect(CharacterEncoding(name: "windows_1252:1990") == .singleByte("WINDOWS-1252"))
        #expect(CharacterEncoding(name: "shift_jis") == .multiByte("CP932"))
        #expect(CharacterEncoding(name: "iso_2022_jp") == nil)
        #expect(CharacterEncoding(name: String(repeating: "a", count: 41)) == nil)
    }

    @Test("a message declaring encoding=\"ISO8859_1\" is read as ISO-8859-1")
    func declared() throws {
        let body =
            "<?xml version=\"1.0\" encoding=\"ISO8859_1\"?>\n"
            + "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:cwmp=\"urn:dslforum-org:cwmp-1-0\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
            + "<soap:Header><cwmp:ID>1</cwmp:ID></soap:Header><soap:Body><cwmp:GetParameterValuesResponse><ParameterList>"
            + "<ParameterValueStruct><Name>Device.WiFi.SSID.1.SSID</Name><Value xsi:type=\"xsd:string\">Caf_</Value>"
            + "</ParameterValueStruct></ParameterList></cwmp:GetParameterValuesResponse></soap:Body></soap:Envelope>"
        var bytes = Array(body.utf8)
        let at = try #require(bytes.indices.first { bytes[$0...].starts(with: Array("Caf_".utf8)) })
        bytes[at + 3] = 0xE9
        let parsed = try CWMPParser().parse(bytes)
        #expect(TestSupport.parameters(parsed).first?.value?.raw == "Caf\u{E9}")
    }

    @Test("UTF-16BE without a BOM: read, with a genieacs-refuses warning (GenieACS cannot find the declaration)")
    func utf16BENoBOM() throws {
        let text =
            "<?xml version=\"1.0\" encoding=\"UTF-16\"?><soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\" "
            + "xmlns:cwmp=\"urn:dslforum-org:cwmp-1-0\"><soap:Header><cwmp:ID>1</cwmp:ID></soap:Header>"
            + "<soap:Body><cwmp:GetRPCMethods/></soap:Body></soap:Envelope>"
        let big = text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        let parsed = try CWMPParser().parse(big)
        #expect(parsed.message.envelope?.body.methodName == "GetRPCMethods")
        let refuses = parsed.warnings.filter { $0.code == .genieACSRefuses }
        #expect(refuses.count == 1)
        #expect(refuses.first?.message.contains("UTF-16BE without a byte-order mark") == true)
        // Little-endian without a BOM GenieACS reads (lib/xml-parser.ts:36-49): no such warning.
        let little = text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        #expect(try CWMPParser().parse(little).warnings.allSatisfy { $0.code != .genieACSRefuses })
    }
}
