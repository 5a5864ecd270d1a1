import CWMP
import DeviceTrees
import Testing

@testable import Rules

/// How a value a CPE reported compares in a precondition, checked against GenieACS 1.2.16: only the
/// exact `xsd:` spellings convert (lib/soap.ts:171-201), booleans are `true`/`1`/`false`/`0` only
/// (lib/soap.ts:79-83), and a string ranks above any number (lib/common/expression/util.ts:56-64).
@Suite("Reported values evaluate as GenieACS stores them")
struct ReportedValueTests {
    static func gpv(_ structs: String) throws -> DeviceState {
        let xml = """
            <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" \
            xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xs="http://www.w3.org/2001/XMLSchema" \
            xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:cwmp="urn:dslforum-org:cwmp-1-0">\
            <soap:Header><cwmp:ID>1</cwmp:ID></soap:Header><soap:Body><cwmp:GetParameterValuesResponse>\
            <ParameterList>\(structs)</ParameterList></cwmp:GetParameterValuesResponse></soap:Body></soap:Envelope>
            """
        let parsed = try CWMPParser().parse(Array(xml.utf8))
        let envelope = try #require(parsed.message.envelope)
        return DeviceState(tree: try #require(ParameterTree(envelope: envelope)))
    }

    static func value(_ type: String, _ text: String) -> String {
        "<ParameterValueStruct><Name>Device.X.\(type.replacingColons)</Name>"
            + "<Value xsi:type=\"\(type)\">\(text)</Value></ParameterValueStruct>"
    }

    @Test(
        "a type spelled other than exactly xsd:int/unsignedInt/boolean keeps the value as text",
        arguments: [
            ("xsd:int", "-21", ExpressionValue.number(-21)), ("xsd:Int", "-21", .string("-21")),
            ("xsd:unsignedInt", "20", .number(20)), ("xsd:unsignedint", "20", .string("20")),
            ("xs:int", "5", .string("5")), ("xsd:boolean", "1", .bool(true)), ("xsd:Boolean", "1", .string("1")),
        ]
    )
    func spelling(type: String, text: String, expected: ExpressionValue) throws {
        let device = try Self.gpv(Self.value(type, text))
        #expect(device.value(of: "Device.X.\(type.replacingColons)") == expected)
    }

    @Test("xsd:boolean TRUE stays the text TRUE: = true fails, = 'TRUE' holds")
    func upperCaseBoolean() throws {
        let device = try Self.gpv(Self.value("xsd:boolean", "TRUE") + Self.value("xsd:int", "7"))
        #expect(device.value(of: "Device.X.xsd_boolean") == "TRUE")
        #expect(try !Expression.parse("Device.X.xsd_boolean = true", context: .precondition).holds(in: device))
        #expect(try Expression.parse("Device.X.xsd_boolean = 'TRUE'", context: .precondition).holds(in: device))
    }

    @Test("a mis-cased number is text, and text ranks above every number (Nokia G-1425G-A RxPower)")
    func textAboveNumbers() throws {
        let device = try Self.gpv(Self.value("xsd:Int", "-21"))
        #expect(try !Expression.parse("Device.X.xsd_Int < -20", context: .precondition).holds(in: device))
        #expect(try Expression.parse("Device.X.xsd_Int > 1000", context: .precondition).holds(in: device))
    }

    @Test(
        "a GenieACS NBI document keeps _type as stored: JSON numbers and booleans stay typed, xsd:Int text stays text"
    )
    func nbi() throws {
        let json = """
            {"_id": "x", "Device": {"X": {
              "A": {"_value": -21, "_type": "xsd:int", "_writable": false},
              "B": {"_value": "-21", "_type": "xsd:Int", "_writable": false},
              "C": {"_value": true, "_type": "xsd:boolean", "_writable": true},
              "D": {"_value": "TRUE", "_type": "xsd:boolean", "_writable": true}
            }}}
            """
        let tree = try ParameterTree(nbiJSON: Array(json.utf8))
        let device = DeviceState(tree: tree)
        #expect(device.value(of: "Device.X.A") == -21)
        #expect(device.value(of: "Device.X.B") == "-21")
        #expect(device.value(of: "Device.X.C") == true)
        #expect(device.value(of: "Device.X.D") == "TRUE")
        #expect(tree["Device.X.B"]?.typeSpelling == "xsd:Int")
        #expect(tree["Device.X.A"]?.typeSpelling == nil)
    }

    @Test("a tree diff shows a change of type spelling: it changes what a precondition compares")
    func spellingIsPartOfEquality() {
        let exact = ParameterTree([ParameterEntry(path: "Device.X", value: "5", type: .int)])
        let cased = ParameterTree([ParameterEntry(path: "Device.X", value: "5", type: .int, typeSpelling: "xsd:Int")])
        let same = ParameterTree([ParameterEntry(path: "Device.X", value: "5", type: .int, typeSpelling: "xsd:int")])
        #expect(exact.diff(cased).changed.count == 1)
        #expect(exact.diff(same).isEmpty)
    }
}

extension String {
    fileprivate var replacingColons: String {
        String(unicodeScalars.map { $0 == ":" ? "_" : Character($0) })
    }
}
