import FerruleCore
import FerruleTestSupport
import Testing

@testable import Rules

/// Tags and `match.parameters` paths become names in a preset's precondition (`Tags.x IS NOT NULL`,
/// `Device.X = '1'`); the reader refuses what GenieACS's expression grammar cannot read, so compile
/// never writes a precondition GenieACS rejects.
@Suite("match tags and parameter paths: only what a GenieACS precondition can hold")
struct PreconditionNameTests {
    static func rule(_ match: String, actions: String = "      - set: {path: Device.X, value: \"1\"}\n") -> String {
        "rules:\n  - name: r\n    match:\n\(match)    actions:\n\(actions)"
    }

    @Test(
        "a match tag with a space, a non-ASCII letter, a dot, an escape look-alike or nothing is error[bad-tag] at that tag",
        arguments: [#""x y""#, "ü", "a.b", #""""#, "t*", "vlan0x10", "olt0x1F"]
    )
    func badMatchTags(_ tag: String) throws {
        let (_, d, _) = try RuleTestSupport.load(["r.yaml": Self.rule("      tags: {all: [ok, \(tag)]}\n")])
        let errors = d.sorted.filter { $0.severity == .error }
        #expect(errors.map(\.code.rawValue) == ["bad-tag"], "\(d.sorted)")
        #expect(errors.first?.location.line == 4 && errors.first?.location.column == 24, "\(d.sorted)")
    }

    @Test(
        "a match.parameters path with an alias, a space or a non-ASCII letter is error[bad-path] at the path",
        arguments: [#"'Device.X.[Alias:"a"].Z'"#, #""Device.X Y""#, "Device.Ä"]
    )
    func badParameterPaths(_ path: String) throws {
        let (_, d, _) = try RuleTestSupport.load([
            "r.yaml": Self.rule("      parameters:\n        - {path: \(path), equals: \"1\"}\n")
        ])
        let errors = d.sorted.filter { $0.severity == .error }
        #expect(errors.map(\.code.rawValue) == ["bad-path"], "\(d.sorted)")
        #expect(errors.first?.location.line == 5 && errors.first?.location.column == 18, "\(d.sorted)")
    }

    @Test("an action tag with a non-ASCII letter is refused as match tags are: it could never be matched")
    func badActionTag() throws {
        let (_, d, _) = try RuleTestSupport.load([
            "r.yaml": "rules:\n  - name: r\n    actions:\n      - tag: {add: [ü]}\n"
        ])
        #expect(RuleTestSupport.codes(d) == ["bad-tag"], "\(d.sorted)")
    }

    @Test("what the reader accepts compiles to a precondition Ferrule's GenieACS parser reads back")
    func acceptedNamesParse() throws {
        let (set, d, _) = try RuleTestSupport.load([
            "r.yaml": Self.rule(
                """
                      tags: {all: [ftth, Lab_2-b], any: [x], none: [wifi-managed-by-customer]}
                      parameters:
                        - {path: Device.WiFi.SSID.*.SSID, equals: "a"}
                        - {path: InternetGatewayDevice.X_HW-Y.Z_1, exists: true}

                """
            )
        ])
        #expect(!d.hasErrors, "\(d.sorted)")
        let rule = try #require(set.rules.first)
        let text = try #require(MatchCompiler.precondition(rule.match))
        _ = try Expression.parse(text, context: .precondition)
        #expect(text.contains("Tags.Lab_2-b IS NOT NULL"))
    }
}
