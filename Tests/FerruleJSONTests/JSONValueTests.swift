import FerruleJSON
import Testing

@Suite struct JSONValueTests {
    @Test("a document read and written back keeps member order and number text")
    func roundTrip() throws {
        let text = #"{"b":1.50,"a":[true,false,null,"x\"y\n"],"c":{"_value":10,"_type":"xsd:int"}}"#
        #expect(try JSONValue.parse(text).compactText == text)
    }

    @Test("canonical text sorts keys and indents; equal documents in any order give the same bytes")
    func canonical() throws {
        let a = try JSONValue.parse(#"{"b":1,"a":{"y":[],"x":{}}}"#)
        let b = try JSONValue.parse(#"{"a":{"x":{},"y":[]},"b":1}"#)
        #expect(a.canonicalText == b.canonicalText)
        #expect(a.canonicalText == "{\n  \"a\": {\n    \"x\": {},\n    \"y\": []\n  },\n  \"b\": 1\n}\n")
        #expect(a.sortedCompactText == #"{"a":{"x":{},"y":[]},"b":1}"#)
        #expect(a != b)
    }

    @Test("errors give line and column")
    func errors() {
        do {
            _ = try JSONValue.parse("{\n  \"a\": tru\n}")
            Issue.record("parsed invalid JSON")
        } catch {
            #expect(error.line == 2)
            #expect(error.description.hasPrefix("2:"))
        }
        #expect(throws: JSONValue.Failure.self) { try JSONValue.parse("[1,2") }
        #expect(throws: JSONValue.Failure.self) { try JSONValue.parse("{} x") }
    }

    @Test(
        "text JSON.parse refuses is refused, at the byte where it goes wrong (RFC 8259)",
        arguments: [
            ("[\"a\u{01}b\"]", 4, "a control character (0x01) inside a string must be written as an escape"),
            ("{\"k\":\"x\ny\"}", 8, "a control character (0x0A) inside a string must be written as an escape"),
            (#"["\q"]"#, 3, #"`\q` is not a JSON escape"#),
            ("[1-2]", 3, "expected ]"),
            ("[--1]", 3, "a number has no digits after its minus sign"),
            ("[01]", 3, "a number starts with a leading zero"),
            ("[1.]", 4, "a number has no digits after its point"),
            ("[.5]", 2, "unexpected character"),
            ("[1e]", 4, "a number has no digits in its exponent"),
            ("[+1]", 2, "unexpected character"),
        ]
    )
    func strictness(text: String, column: Int, message: String) {
        do {
            let value = try JSONValue.parse(text)
            Issue.record("parsed \(value.compactText)")
        } catch {
            #expect(error.column == column)
            #expect(error.message.hasPrefix(message))
        }
    }

    @Test("every number form and escape RFC 8259 allows reads, its text kept")
    func strictlyValid() throws {
        let text = #"[0,-0,12,-3.25,1e9,2E-3,4.5e+06,"\"\\\/\b\f\n\r\t\u00e9"]"#
        let value = try JSONValue.parse(text)
        guard case .array(let items) = value else { throw JSONTestError.notArray }
        #expect(items.prefix(7).map(\.compactText) == ["0", "-0", "12", "-3.25", "1e9", "2E-3", "4.5e+06"])
        #expect(items.last == .string("\"\\/\u{08}\u{0C}\n\r\té"))
    }

    @Test("setting, removing and accessors")
    func editing() throws {
        let doc = try JSONValue.parse(#"{"a":1,"b":"2"}"#)
        #expect(doc.setting("a", to: .int(5)).compactText == #"{"a":5,"b":"2"}"#)
        #expect(doc.setting("c", to: .bool(true)).compactText == #"{"a":1,"b":"2","c":true}"#)
        #expect(doc.removing("a").compactText == #"{"b":"2"}"#)
        #expect(doc["a"]?.intValue == 1)
        #expect(doc["b"]?.intValue == 2)
        #expect(doc["b"]?.stringValue == "2")
        #expect(doc["z"] == nil)
    }

    @Test("strings are escaped as JSON and JavaScript need")
    func escaping() {
        var out = ""
        JSONValue.quote("a\"b\\c\u{01}\u{2028}é", into: &out)
        #expect(out == #""a\"b\\c\u0001\u2028é""#)
    }

    @Test("the stringify style is JavaScript's JSON.stringify: short \\b \\f, U+2028 as is")
    func stringifyStyle() {
        var canonical = ""
        JSONValue.quote("a\u{08}\u{0C}\u{2028}", into: &canonical)
        #expect(canonical == #""a\u0008\u000c\u2028""#)
        var stringify = ""
        JSONValue.quote("a\u{08}\u{0C}\u{2028}", into: &stringify, style: .stringify)
        #expect(stringify == "\"a\\b\\f\u{2028}\"")
    }
}

private enum JSONTestError: Error { case notArray }
