import Testing

@testable import Rules

private func json(_ text: String, _ context: ExpressionContext = .precondition) throws -> String {
    try Expression.parse(text, context: context).jsonForm.serialized
}

@Suite("Expression JSON form (GenieACS's array form)")
struct ExpressionJSONTests {
    @Test(
        "node names and shapes match lib/common/expression/parser.ts",
        arguments: [
            ("Tags.beta", #"["PARAM","Tags.beta"]"#),
            ("NOW()", #"["FUNC","NOW"]"#),
            ("x = 'a'", #"["=",["PARAM","x"],"a"]"#),
            ("x IS NULL", #"["IS NULL",["PARAM","x"]]"#),
            ("x IS NOT NULL", #"["IS NOT NULL",["PARAM","x"]]"#),
            ("x OR y", #"["OR",["PARAM","x"],["PARAM","y"]]"#),
            ("x OR y OR z", #"["OR",["PARAM","x"],["PARAM","y"],["PARAM","z"]]"#),
            ("(x OR y) OR z", #"["OR",["PARAM","x"],["PARAM","y"],["PARAM","z"]]"#),
            ("x OR (y OR z)", #"["OR",["PARAM","x"],["OR",["PARAM","y"],["PARAM","z"]]]"#),
            ("x AND y AND NOT z", #"["AND",["PARAM","x"],["PARAM","y"],["NOT",["PARAM","z"]]]"#),
            ("1 + 2 - 3", #"["-",["+",1,2],3]"#),
            ("1 - 2 - 3", #"["-",1,2,3]"#),
            ("'a' || 1 || TRUE", #"["||","a",1,true]"#),
            ("x LIKE 'a%'", #"["LIKE",["PARAM","x"],"a%"]"#),
            ("x NOT LIKE 'a!%' ESCAPE '!'", #"["NOT LIKE",["PARAM","x"],"a!%","!"]"#),
            ("UPPER(x) <> NULL", #"["<>",["FUNC","UPPER",["PARAM","x"]],null]"#),
            ("CASE WHEN x THEN 1 END", #"["CASE",["PARAM","x"],1,null]"#),
            ("CASE WHEN x THEN 1 WHEN y THEN 2 ELSE 3 END", #"["CASE",["PARAM","x"],1,["PARAM","y"],2,true,3]"#),
            ("Device.{n}.SSID", #"["PARAM",["||","Device.",["PARAM","n"],".SSID"]]"#),
            ("{n}", #"["PARAM",["PARAM","n"]]"#),
            ("serialNumber", #"["PARAM","DeviceID.SerialNumber"]"#),
            ("-1.5e-7", "-1.5e-7"),
            ("'tab\there\u{1}'", #""tab\there\u0001""#),
        ]
    )
    func forms(text: String, expected: String) throws {
        #expect(try json(text) == expected)
    }

    @Test("provision arguments in the UI's array form")
    func arguments() throws {
        let e = try Expression.parse("DeviceID.SerialNumber", context: .argument)
        #expect(e.jsonForm == ["PARAM", "DeviceID.SerialNumber"])
        #expect(try Expression.parse("'x' || NOW()", context: .argument).jsonForm == ["||", "x", ["FUNC", "NOW"]])
    }

    @Test("serialisation is deterministic: sorted keys, no spaces, JavaScript numbers")
    func serializer() {
        let value: ExpressionJSON = [
            "weight": 0, "channel": "bootstrap", "events": ["0 BOOTSTRAP": true], "args": .null,
            "z": [1.5, 1e21, -0.0, "é\"\\"],
        ]
        #expect(
            value.serialized
                == #"{"args":null,"channel":"bootstrap","events":{"0 BOOTSTRAP":true},"weight":0,"z":[1.5,1e+21,0,"é\"\\"]}"#
        )
        #expect(ExpressionJSON.number(.nan).serialized == "null")
        #expect(ExpressionJSON.number(100).serialized == "100")
        #expect(ExpressionJSON.number(0.1 + 0.2).serialized == "0.30000000000000004")
        #expect(ExpressionJSON.number(1.234_567_890_123_456_8e20).serialized == "123456789012345680000")
        #expect(ExpressionJSON.number(1e-6).serialized == "0.000001")
        #expect(ExpressionJSON.object(["b": 1, "B": 2, "a": 3, "é": 4]).serialized == #"{"B":2,"a":3,"b":1,"é":4}"#)
    }
}
