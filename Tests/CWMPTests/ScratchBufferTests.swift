import Testing

@testable import CWMP

/// Element and attribute text is collected in buffers the pooled parser keeps between messages.
@Suite("Text collected during a parse belongs to that message only")
struct ScratchBufferTests {
    static func structs(_ values: [String]) -> String {
        values.enumerated().map { i, v in
            "<ParameterValueStruct>\n  <Name> Device.P\(i) </Name>\n  <Value xsi:type=\"xsd:string\">\(v)</Value>\n</ParameterValueStruct>"
        }.joined(separator: "\n")
    }

    @Test("a long message, then a short one, then a failing one, then a short one: exact values each time")
    func reuseAcrossMessages() throws {
        let long = (0..<300).map { String(repeating: "x\($0 % 10)", count: 200 + $0) }
        let short = ["", " a ", "b&amp;c", "<![CDATA[ <d> ]]>"]
        let parser = CWMPParser()
        for _ in 0..<3 {
            let first = try parser.parse(TestSupport.gpv(Self.structs(long), count: long.count))
            #expect(TestSupport.parameters(first).map { $0.value?.raw } == long)
            let second = try parser.parse(TestSupport.gpv(Self.structs(short), count: short.count))
            // Names are kept as written, white space included (docs/cwmp.md).
            #expect(
                TestSupport.parameters(second).map { $0.name } == [
                    " Device.P0 ", " Device.P1 ", " Device.P2 ", " Device.P3 ",
                ]
            )
            #expect(TestSupport.parameters(second).map { $0.value?.raw } == ["", " a ", "b&c", " <d> "])
            #expect(throws: CWMPParseError.self) { try parser.parse(Array("<a><b>text</a>".utf8)) }
            // The tree holds this message's text only, not what earlier messages left behind.
            let small = Array("<r><a>one</a><b x=\"y\">two</b></r>".utf8)
            let tree = try small.withUnsafeBytes { try SAXTreeBuilder.build($0, maxDepth: 8).get().tree }
            #expect(tree.text == Array("onetwo".utf8))
            #expect(tree.attributeText == Array("y".utf8))
        }
    }

    @Test("text before a child element (indentation) is dropped; a leaf's text, white space included, is kept")
    func mixedContent() throws {
        let doc = TestSupport.envelope(
            "<cwmp:GetParameterValuesResponse>\n   <ParameterList soapenc:arrayType=\"cwmp:ParameterValueStruct[1]\">\n"
                + "  <ParameterValueStruct>  <Name>A</Name> tail <Value xsi:type=\"xsd:string\">  </Value></ParameterValueStruct>"
                + "</ParameterList></cwmp:GetParameterValuesResponse>"
        )
        let parsed = try CWMPParser().parse(doc)
        #expect(TestSupport.parameters(parsed).map { $0.value?.raw } == ["  "])
        #expect(TestSupport.parameters(parsed).map { $0.name } == ["A"])
    }

    @Test("parses on eight threads at once each read only their own text (pooled buffers are never shared)")
    func concurrentParses() async throws {
        let messages = (0..<8).map { k in
            (0..<40).map { i in String(repeating: "t\(k)", count: 1 + (i * 7 + k) % 90) }
        }
        let mismatches = await withTaskGroup(of: Int.self) { group in
            for values in messages {
                group.addTask {
                    let bytes = TestSupport.gpv(Self.structs(values), count: values.count)
                    var wrong = 0
                    for _ in 0..<50 {
                        let parsed = try? CWMPParser().parse(bytes)
                        if parsed.map({ TestSupport.parameters($0).map { $0.value?.raw } }) != values { wrong += 1 }
                    }
                    return wrong
                }
            }
            return await group.reduce(0, +)
        }
        #expect(mismatches == 0)
    }
}
