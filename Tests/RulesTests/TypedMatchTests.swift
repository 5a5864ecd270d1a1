import CWMP
import FerruleCore
import Testing

@testable import Rules

/// `equals`/`notEquals` of a number or boolean hold whichever way GenieACS stored the value:
/// typed for a CPE's `xsd:int`/`xsd:unsignedInt`/`xsd:boolean` (lib/soap.ts:171-190 at v1.2.16),
/// text otherwise; a number never equals a string there (lib/common/expression/util.ts:56-64).
@Suite("match.parameters: typed and text values")
struct TypedMatchTests {
    static func verdict(
        _ test: ParameterCondition.Test,
        _ entry: ParameterEntry,
        path: String? = nil
    ) throws -> ExpressionValue {
        var match = Match()
        match.parameters = [
            ParameterCondition(path: path ?? entry.path, test: test, location: RuleLocation(file: "r.yaml"))
        ]
        let text = try #require(MatchCompiler.precondition(match))
        var tree = ParameterTree()
        tree.insert(entry)
        return try Expression.parse(text, context: .precondition).evaluate(in: DeviceState(tree: tree))
    }

    static let enable = "Device.WiFi.Radio.1.Enable"
    static let channel = "Device.WiFi.Radio.1.Channel"

    @Test("equals: true matches an enabled radio stored as a boolean or as text; false does not")
    func booleans() throws {
        for stored in [
            ParameterEntry(path: Self.enable, value: "true", type: .boolean),
            ParameterEntry(path: Self.enable, value: "1", type: .boolean),
            ParameterEntry(path: Self.enable, value: "true", type: .string),
        ] {
            #expect(try Self.verdict(.equals("true"), stored) == true, "\(stored)")
            #expect(try Self.verdict(.notEquals("true"), stored) == false, "\(stored)")
            #expect(try Self.verdict(.equals("false"), stored) == false, "\(stored)")
        }
        let off = ParameterEntry(path: Self.enable, value: "false", type: .boolean)
        #expect(try Self.verdict(.notEquals("true"), off) == true)
    }

    @Test("equals: 6 matches channel 6 stored as a number or as text; notEquals: 6 does not")
    func numbers() throws {
        for stored in [
            ParameterEntry(path: Self.channel, value: "6", type: .unsignedInt),
            ParameterEntry(path: Self.channel, value: "6", type: .string),
        ] {
            #expect(try Self.verdict(.equals("6"), stored) == true, "\(stored)")
            #expect(try Self.verdict(.notEquals("6"), stored) == false, "\(stored)")
        }
        let eleven = ParameterEntry(path: Self.channel, value: "11", type: .unsignedInt)
        #expect(try Self.verdict(.equals("6"), eleven) == false)
        #expect(try Self.verdict(.notEquals("6"), eleven) == true)
        #expect(
            try Self.verdict(.notEquals("6"), ParameterEntry(path: "Device.Other", value: "6"), path: Self.channel)
                == true,
            "absent"
        )
        let negative = ParameterEntry(path: Self.channel, value: "-21", type: .int)
        #expect(try Self.verdict(.equals("-21"), negative) == true)
    }

    @Test("only canonical integers and true/false get a typed form")
    func literals() {
        #expect(MatchCompiler.typedLiteral("6") == "6")
        #expect(MatchCompiler.typedLiteral("-21") == "-21")
        #expect(MatchCompiler.typedLiteral("0") == "0")
        #expect(MatchCompiler.typedLiteral("TRUE") == "true")
        for text in ["06", "6.0", "-0", "", "-", "1e3", "0x10", " 6", "1234567890123456", "yes"] {
            #expect(MatchCompiler.typedLiteral(text) == nil, "\(text)")
        }
        var match = Match()
        match.parameters = [ParameterCondition(path: "A.B", test: .notEquals("x"), location: RuleLocation(file: "r"))]
        #expect(MatchCompiler.precondition(match) == "(A.B <> 'x' OR A.B IS NULL)", "text alone keeps its old form")
    }
}
