import Testing

@testable import CWMP

/// Character references libxml2 refuses, read as GenieACS 1.2.16's decodeEntities reads them
/// (lib/xml-parser.ts:115-146): `String.fromCharCode(parseInt(…))` when the number's own spelling
/// ends the reference, the text kept otherwise.
@Suite("CWMP: character references libxml2 refuses read as GenieACS decodes them")
struct CharacterReferenceTests {
    let parser = CWMPParser()

    private func value(_ text: String) throws -> (String?, Set<CWMPWarning.Code>) {
        let parsed = try parser.parse(
            TestSupport.gpv(
                "<ParameterValueStruct><Name>Device.A</Name><Value xsi:type=\"xsd:string\">\(text)</Value></ParameterValueStruct>",
                count: 1
            )
        )
        return (TestSupport.parameters(parsed).first?.value?.raw, TestSupport.codes(parsed))
    }

    @Test(
        "a '&#' that is no number stays text",
        arguments: [
            ("Tom&#Jerry", "Tom&#Jerry"), ("a&#;b", "a&#;b"), ("&#xZZ;", "&#xZZ;"), ("&#X41;", "&#X41;"),
            ("Pass&#word1", "Pass&#word1"), ("&#12ab;", "&#12ab;"),
        ]
    )
    func literal(_ sent: String, _ read: String) throws {
        let (value, codes) = try value(sent)
        #expect(value == read)
        #expect(codes == [.characterReferenceRewritten])
    }

    @Test("a UTF-16 surrogate pair is joined into its character; a lone surrogate reads as U+FFFD")
    func surrogates() throws {
        #expect(try value("Home &#xD83D;&#xDE00; WiFi") == ("Home 😀 WiFi", [.characterReferenceRewritten]))
        #expect(try value("Home &#55357;&#56832;") == ("Home 😀", [.characterReferenceRewritten]))
        #expect(try value("a&#xD83D;b") == ("a\u{FFFD}b", [.characterReferenceRewritten]))
        #expect(try value("a&#xDE00;&#xD83D;b") == ("a\u{FFFD}\u{FFFD}b", [.characterReferenceRewritten]))
    }

    @Test("U+FFFE/U+FFFF as references read as U+FFFD, as the raw characters do")
    func nonCharacters() throws {
        #expect(try value("x&#xFFFE;y&#65535;") == ("x\u{FFFD}y\u{FFFD}", [.characterReferenceRewritten]))
    }

    @Test("a number past U+10FFFF keeps its low 16 bits, as String.fromCharCode does")
    func overflow() throws {
        // 99999999999 = 0x17_4876_E7FF: fromCharCode takes 0xE7FF.
        #expect(try value("&#99999999999;") == ("\u{E7FF}", [.characterReferenceRewritten]))
        // parseInt reads the leading digits; "1a1" ends with "1", so GenieACS decodes U+0031 ('1').
        #expect(try value("&#49a49;") == ("1", [.characterReferenceRewritten]))
        // Past 2^53 JavaScript rounds, so the spelling no longer ends the reference: kept as text.
        #expect(try value("&#99999999999999999999;") == ("&#99999999999999999999;", [.characterReferenceRewritten]))
    }

    @Test("references libxml2 reads stay as written beside rewritten ones; C0 references are still stripped")
    func mixed() throws {
        #expect(try value("&#65;&#x42;&#x1F600;&#Q") == ("AB😀&#Q", [.characterReferenceRewritten]))
        let (value, codes) = try value("a&#2;b&#Q")
        #expect(value == "ab&#Q")
        #expect(codes == [.characterReferenceRewritten, .strippedControlCharacters])
    }

    @Test("a bare '&#' and an undefined entity together are both kept as text")
    func withUndefinedEntity() throws {
        let (value, codes) = try value("&nbsp;&#x;")
        #expect(value == "&nbsp;&#x;")
        #expect(codes == [.characterReferenceRewritten, .escapedAmpersand])
    }

    @Test("references inside CDATA and comments are left alone")
    func sections() throws {
        let (value, _) = try value("<![CDATA[&#Q]]>&#Z")
        #expect(value == "&#Q&#Z")
    }
}
