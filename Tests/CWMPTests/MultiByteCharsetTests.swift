import Testing

@testable import CWMP

/// Multi-byte charsets and sloppy encoding names, read as GenieACS 1.2.16 reads them: through
/// iconv-lite when Node's `Buffer` does not know the name (lib/cwmp.ts:1312-1319, 1425-1428).
@Suite("multi-byte charsets and encoding names as GenieACS reads them")
struct MultiByteCharsetTests {
    /// A GetParameterValuesResponse whose one value is `value`, as raw bytes, after `declaration`.
    static func message(declaration: String?, value: [UInt8]) -> [UInt8] {
        let head = declaration.map { "<?xml version=\"1.0\" encoding=\"\($0)\"?>\n" } ?? ""
        let before =
            head + "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\" "
            + "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" "
            + "xmlns:cwmp=\"urn:dslforum-org:cwmp-1-0\">\n<soap:Header><cwmp:ID>1</cwmp:ID></soap:Header>\n"
            + "<soap:Body><cwmp:GetParameterValuesResponse><ParameterList><ParameterValueStruct>"
            + "<Name>Device.DeviceInfo.Description</Name><Value xsi:type=\"xsd:string\">"
        let after =
            "</Value></ParameterValueStruct></ParameterList></cwmp:GetParameterValuesResponse></soap:Body></soap:Envelope>"
        return Array(before.utf8) + value + Array(after.utf8)
    }

    func codes(_ parsed: ParsedMessage) -> Set<CWMPWarning.Code> {
        TestSupport.codes(parsed).subtracting([.arrayTypeMissing])
    }

    @Test(
        "a body declared or sent as a multi-byte charset iconv-lite knows is decoded",
        arguments: [
            // GB2312 is read with CP936 (iconv-lite encodings/dbcs-data.js:74-85): 镕 (E9 46) is GBK only.
            ("GB2312", [0xBB, 0xAA, 0xCE, 0xAA, 0xB9, 0xE2, 0xC3, 0xA8, 0x20, 0xE9, 0x46], "华为光猫 镕", "CP936"),
            ("GBK", [0xBB, 0xAA, 0xCE, 0xAA], "华为", "GBK"),
            ("cp936", [0xBB, 0xAA, 0xCE, 0xAA], "华为", "CP936"),
            ("GB18030", [0xD6, 0xD0, 0xCE, 0xC4], "中文", "GB18030"),
            ("Shift_JIS", [0x93, 0xFA, 0x96, 0x7B], "日本", "CP932"),
            ("EUC-JP", [0xC6, 0xFC, 0xCB, 0xDC], "日本", "EUC-JP"),
            ("Big5", [0xA5, 0x78, 0xC6, 0x57], "台灣", "BIG5-HKSCS"),
            ("EUC-KR", [0xC7, 0xD1, 0xB1, 0xB9], "한국", "CP949"),
        ] as [(String, [UInt8], String, String)]
    )
    func decoded(charset: String, bytes: [UInt8], expected: String, iconvName: String) throws {
        let declared = try CWMPParser().parse(Self.message(declaration: charset, value: bytes))
        #expect(TestSupport.parameters(declared).first?.value?.raw == expected)
        #expect(declared.encoding == iconvName)
        #expect(codes(declared).isEmpty, "\(declared.warnings)")
        let http = try CWMPParser().parse(Self.message(declaration: nil, value: bytes), charset: charset.lowercased())
        #expect(TestSupport.parameters(http).first?.value?.raw == expected)
    }

    @Test("all-ASCII content declared GB2312 reads as it is (hostile review 47 #7)")
    func asciiDeclaredGB2312() throws {
        let parsed = try CWMPParser().parse(Self.message(declaration: "GB2312", value: Array("V6.0.10P2T2".utf8)))
        #expect(TestSupport.parameters(parsed).first?.value?.raw == "V6.0.10P2T2")
        #expect(codes(parsed).isEmpty)
    }

    @Test("a byte GBK does not define becomes U+FFFD with a charset warning, and decoding goes on")
    func undefinedByte() throws {
        let parsed = try CWMPParser().parse(Self.message(declaration: "GBK", value: [0x61, 0xFF, 0xBB, 0xAA]))
        #expect(TestSupport.parameters(parsed).first?.value?.raw == "a\u{FFFD}华")
        #expect(codes(parsed) == [.charset])
    }

    @Test("multi-byte names are canonicalised as iconv-lite does (lib/index.js:109-112)")
    func names() {
        #expect(CharacterEncoding(name: "Shift_JIS") == .multiByte("CP932"))
        #expect(CharacterEncoding(name: "x-sjis") == .multiByte("CP932"))
        #expect(CharacterEncoding(name: "ks_c_5601-1987") == .multiByte("CP949"))
        #expect(CharacterEncoding(name: "GB_2312-80") == .multiByte("CP936"))
        #expect(CharacterEncoding(name: "big5-hkscs") == .multiByte("BIG5-HKSCS"))
        #expect(CharacterEncoding(name: "EBCDIC-US") == nil)
        #expect(CharacterEncoding(name: "ISO-2022-JP") == nil)
    }

    @Test(
        "an encoding name with white space (encoding=\"UTF-8 \") is read as GenieACS reads it, with a charset warning",
        arguments: ["UTF-8 ", " utf-8", "utf 8", "ISO-8859-1 "]
    )
    func sloppyEncodingName(name: String) throws {
        let parsed = try CWMPParser().parse(Self.message(declaration: name, value: Array("Caf".utf8) + [0xC3, 0xA9]))
        let expected = name.lowercased().contains("8859") ? "Caf\u{C3}\u{A9}" : "Caf\u{E9}"
        #expect(TestSupport.parameters(parsed).first?.value?.raw == expected)
        #expect(codes(parsed) == [.charset])
        let warning = try #require(parsed.warnings.first { $0.code == .charset })
        #expect(warning.message.contains("\"\(name)\"") && warning.message.contains("lib/cwmp.ts:1312-1319"))
        // Line numbers after the declaration stay true.
        #expect(TestSupport.parameters(parsed).first?.line == 4)
    }

    @Test("with an HTTP charset a malformed declared name does not matter, as in GenieACS (lib/cwmp.ts:1417-1429)")
    func httpCharsetWins() throws {
        let parsed = try CWMPParser().parse(
            Self.message(declaration: "no such charset", value: Array("Caf".utf8) + [0xE9]),
            charset: "ISO-8859-1"
        )
        #expect(TestSupport.parameters(parsed).first?.value?.raw == "Caf\u{E9}")
        #expect(codes(parsed) == [.charset])
        // Without it, the name is refused: GenieACS cannot decode the body either.
        #expect { try CWMPParser().parse(Self.message(declaration: "no such charset", value: [])) } throws: {
            ($0 as? CWMPParseError)?.code == .unsupportedCharset
        }
    }
}
