import FerruleCore
import Testing

/// Ferrule files do not use YAML aliases (YAMLComposer): a document with one is refused at the
/// alias before anything is expanded.
@Suite struct YAMLAliasTests {
    struct Reader: YAMLReader {
        let file: String
        var diagnostics = DiagnosticCollector()
    }

    /// Nine levels of ten aliases each (10⁹ values from a few hundred bytes), then `last`.
    static func bomb(_ last: String) -> String {
        var lines = ["a0: &a0 [s, s, s, s, s, s, s, s, s, s]"]
        for i in 1...8 {
            lines.append("a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]")
        }
        lines.append(last)
        return lines.joined(separator: "\n") + "\n"
    }

    @Test(
        "aliases as keys or values are refused at the first alias, at once (keys took hours: Yams hashes the expansion)",
        arguments: ["k: {? *a8 : 1, ? *a7 : 2}", "k: {x: *a8, y: *a7}"]
    )
    func refused(last: String) throws {
        var reader = Reader(file: "r.yaml")
        #expect(reader.compose(Self.bomb(last)) == nil)
        let d = try #require(reader.diagnostics.diagnostics.first)
        #expect(reader.diagnostics.diagnostics.count == 1)
        #expect(d.code == .yamlAlias)
        #expect(d.location == SourceLocation(file: "r.yaml", line: 2, column: 10), "the first alias")
        #expect(d.description.hasPrefix("r.yaml:2:10: error[yaml-alias]: YAML aliases (`*name`) are not read"))
    }

    @Test("a merge key is an alias too; an alias without its anchor is refused the same way")
    func mergeAndUndefined() throws {
        var merge = Reader(file: "m.yaml")
        #expect(merge.compose("base: &b {x: 1}\nuse:\n  <<: *b\n  y: 2\n") == nil)
        #expect(merge.diagnostics.diagnostics.first?.location == SourceLocation(file: "m.yaml", line: 3, column: 7))
        var undefined = Reader(file: "u.yaml")
        #expect(undefined.compose("a: *nowhere\n") == nil)
        #expect(undefined.diagnostics.diagnostics.first?.code == .yamlAlias)
    }

    @Test("`&` and `*` in text, and anchors nothing refers to, read as before")
    func textAndUnusedAnchors() throws {
        let text = """
            name: "R &D *team*"
            plain: a &b *c
            script: |
              if (x && y) { return a *b; }
            # a comment &x *x
            anchored: &unused {k: v}
            glob: Huawei*
            """
        var reader = Reader(file: "t.yaml")
        let root = reader.compose(text)
        #expect(reader.diagnostics.diagnostics.isEmpty, "\(reader.diagnostics.diagnostics)")
        var values: [String: String] = [:]
        for (key, value) in root.flatMap({ reader.mapping($0, what: "the file") }) ?? [] {
            guard let name = reader.scalarText(key, what: "a key") else { continue }
            values[name] =
                name == "anchored"
                ? reader.mapping(value, what: name).map { "\($0.count) pair" } : reader.scalarText(value, what: name)
        }
        #expect(values["name"] == "R &D *team*")
        #expect(values["plain"] == "a &b *c")
        #expect(values["script"] == "if (x && y) { return a *b; }\n")
        #expect(values["anchored"] == "1 pair")
        #expect(values["glob"] == "Huawei*")
    }

    @Test("an alias whose name matches the text of a renamed anchor is still refused")
    func probeNamesAreFree() throws {
        // Every one-letter alias name is taken, so the probe's one-letter anchors need a free name.
        let letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-".map { "*\($0)" }
        let text = "note: \"\(letters.joined(separator: " "))\"\nx: &a [1]\ny: *a\n"
        var reader = Reader(file: "p.yaml")
        #expect(reader.compose(text) == nil)
        #expect(reader.diagnostics.diagnostics.first?.code == .yamlAlias, "\(reader.diagnostics.diagnostics)")
    }

    @Test("other syntax errors are reported as before when the text has anchors and aliases")
    func syntaxErrorWithAnchors() throws {
        var reader = Reader(file: "s.yaml")
        #expect(reader.compose("a: &x 1\nb: \"R &D *x\n") == nil)
        #expect(reader.diagnostics.diagnostics.first?.code == .yaml)
    }
}
