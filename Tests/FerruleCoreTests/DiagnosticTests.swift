import FerruleCore
import Testing

@Suite struct DiagnosticTests {
    @Test("one format: file:line:col: severity[code]: message; hint")
    func format() {
        let d = Diagnostic(
            .error,
            .unknownKey,
            "unknown key \"ssdi\"",
            at: SourceLocation(file: "rules/wifi.yaml", line: 12, column: 5),
            hint: "did you mean \"ssid\"?"
        )
        #expect(
            d.description == "rules/wifi.yaml:12:5: error[unknown-key]: unknown key \"ssdi\"; did you mean \"ssid\"?"
        )
    }

    @Test("a message holding control bytes or a huge value is escaped and cut")
    func messageIsSafe() {
        let d = Diagnostic(
            .error,
            .badValue,
            "bad value \u{1B}[31m" + String(repeating: "x", count: 10_000),
            at: SourceLocation(file: "f.yaml", line: 1, column: 1)
        )
        #expect(!d.description.contains("\u{1B}"))
        #expect(d.description.contains("\\u{1B}[31m"))
        #expect(d.description.count < 2_200)
        #expect(d.description.hasSuffix("(10,015 bytes)"))
    }

    @Test("codes encode as their text, so JSON output is unchanged")
    func codeCoding() throws {
        let code: Diagnostic.Code = .unreadable
        #expect(code.rawValue == "unreadable")
        #expect(code == Diagnostic.Code(rawValue: "unreadable"))
    }

    @Test("a location without a line is the file alone")
    func locationWithoutLine() {
        #expect(SourceLocation(file: "vars/prod.yaml").description == "vars/prod.yaml")
        #expect(SourceLocation(file: "a", line: 3).description == "a:3")
    }

    @Test("a newline or other control character in a file name is escaped: one diagnostic stays one line")
    func controlInFileName() {
        let diagnostic = Diagnostic(
            .error,
            "bad-name",
            "x",
            at: SourceLocation(file: "rules/x\nFORGED.yaml", line: 2, column: 11),
            related: [SourceLocation(file: "a\u{1B}[2Jb\rc.yaml", line: 1)]
        )
        #expect(
            diagnostic.description
                == "rules/x\\nFORGED.yaml:2:11: error[bad-name]: x\na\\u{1B}[2Jb\\rc.yaml:1: note: see also"
        )
    }

    @Test("did you mean: close typos and abbreviations")
    func didYouMean() {
        #expect(DidYouMean.suggestion(for: "prdo", among: ["prod", "staging"]) == "prod")
        #expect(DidYouMean.suggestion(for: "zzzzzz", among: ["prod", "staging"]) == nil)
        #expect(DidYouMean.suggestion(forPrefix: "target", among: ["file", "target_version"]) == "target_version")
    }
}
