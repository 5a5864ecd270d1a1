import Testing

@testable import FerruleJSON

@Suite("JSON member lines: where each member name is, in document order")
struct JSONMemberLinesTests {
    @Test("each member's line, a member before those inside its value, arrays included")
    func lines() throws {
        let text = """
            {"a": 1,
              "b": {
                "c": [ {"d": true},
                       {"e": null, "f": "x"} ],
                "g": {}
              },
              "h": "y"}
            """
        let (value, lines) = try JSONValue.parseWithMemberLines(Array(text.utf8))
        #expect(value == (try JSONValue.parse(Array(text.utf8))))
        // a b c d e f g h
        #expect(lines == [1, 2, 3, 3, 4, 4, 5, 7])
        #expect(value.memberCount == lines.count)
        #expect(value["b"]?.memberCount == 5)
    }

    @Test("a syntax error still names its own line")
    func failure() {
        #expect { try JSONValue.parseWithMemberLines(Array("{\"a\":\n\n[1,".utf8)) } throws: {
            ($0 as? JSONValue.Failure)?.line == 3
        }
    }
}
