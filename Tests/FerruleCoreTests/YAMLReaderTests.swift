import FerruleCore
import Testing

@Suite struct YAMLReaderTests {
    struct Reader: YAMLReader {
        let file: String
        var diagnostics = DiagnosticCollector()
    }

    @Test("a control character is reported at its line and column, not inside the message")
    func controlCharacter() throws {
        var reader = Reader(file: "vars/common.yaml")
        let root = reader.compose("ok: 1\nssid: ab\u{1B}c\n")
        #expect(root == nil)
        let d = try #require(reader.diagnostics.diagnostics.first)
        #expect(d.location == SourceLocation(file: "vars/common.yaml", line: 2, column: 9))
        #expect(d.code == .yaml)
        #expect(!d.message.contains("error:"))
        #expect(!d.description.contains("\u{1B}"))
        #expect(d.description.hasPrefix("vars/common.yaml:2:9: error[yaml]: not valid YAML: "))
    }

    @Test("a syntax error carries the position of the problem")
    func syntaxError() throws {
        var reader = Reader(file: "r.yaml")
        let root = reader.compose("a: [1, 2\nb: 3\n")
        #expect(root == nil)
        let d = try #require(reader.diagnostics.diagnostics.first)
        #expect(d.location.line > 0)
        #expect(!d.message.contains("error:"))
    }

    @Test("a duplicated key after CR-only line breaks is reported, never a crash (found by fuzz-policy)")
    func duplicateKeyAfterCarriageReturns() throws {
        var reader = Reader(file: "policy.yaml")
        let text = "#x\r\r\r\r\r\r\r\r\r\r# c\nseverity:\n  deprecated: off\n  deprecated: on\n"
        let root = reader.compose(text)
        #expect(root == nil)
        let d = try #require(reader.diagnostics.diagnostics.first)
        #expect(d.code == .duplicateKey)
        #expect(d.location.file == "policy.yaml" && d.location.line > 0)
    }

    @Test("a duplicated key points at its second occurrence")
    func duplicateKey() throws {
        var reader = Reader(file: "r.yaml")
        let root = reader.compose("name: a\nother: 1\nname: b\n")
        #expect(root == nil)
        let d = try #require(reader.diagnostics.diagnostics.first)
        #expect(d.code == .duplicateKey)
        #expect(d.location == SourceLocation(file: "r.yaml", line: 3, column: 1))
    }

    @Test("shapes report wrong types and unknown keys with a hint")
    func shapes() throws {
        var reader = Reader(file: "r.yaml")
        let composed = reader.compose("list: 5\nn: \"7\"\nflag: yes-no\nmaxConcurent: 1\n")
        let root = try #require(composed)
        let mapping = reader.mapping(root, what: "the file")
        let pairs = try #require(mapping)
        let list = reader.sequence(pairs[0].1, what: "`list`")
        let number = reader.int(pairs[1].1, what: "`n`", range: 0...10)
        let flag = reader.bool(pairs[2].1, what: "`flag`")
        #expect(list == nil && number == nil && flag == nil)
        reader.unknownKey(pairs[3].0, "maxConcurent", among: ["maxConcurrent"], in: "the file")
        let codes = reader.diagnostics.diagnostics.map(\.code)
        #expect(codes == [.wrongType, .wrongType, .wrongType, .unknownKey])
        #expect(reader.diagnostics.diagnostics.last?.hint == "did you mean \"maxConcurrent\"?")
    }
}
