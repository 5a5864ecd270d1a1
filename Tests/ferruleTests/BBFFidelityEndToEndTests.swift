import FerruleTestSupport
import Foundation
import Testing

/// End-to-end: BBF data-model fidelity of `ferrule validate`, `lint` and `model compile` (review 23).
@Suite("BBF model fidelity (end to end)")
struct BBFFidelityEndToEndTests {
    static let tr181 = "Models/tr-181-2-17-0-cwmp-full.xml"

    static func gpv(_ values: [(String, String, String)]) -> String {
        let structs = values.map {
            "<ParameterValueStruct><Name>\($0.0)</Name><Value xsi:type=\"\($0.2)\">\($0.1)</Value></ParameterValueStruct>"
        }
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:cwmp="urn:dslforum-org:cwmp-1-0" \
            xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:soap-enc="http://schemas.xmlsoap.org/soap/encoding/">
            <soap:Header><cwmp:ID soap:mustUnderstand="1">1</cwmp:ID></soap:Header>
            <soap:Body><cwmp:GetParameterValuesResponse><ParameterList soap-enc:arrayType="cwmp:ParameterValueStruct[\(values.count)]">
            \(structs.joined(separator: "\n"))
            </ParameterList></cwmp:GetParameterValuesResponse></soap:Body></soap:Envelope>

            """
    }

    @Test(
        "a model pattern that backtracks exponentially ((\\d|\\d\\d)*x) is matched in linear time: a 60-digit value is a pattern-mismatch at once",
        .timeLimit(.minutes(2))
    )
    func ambiguousModelPattern() async throws {
        let directory = try Scratch.directory("ferrule-bbf-pattern")
        let model = try String(contentsOfFile: Self.tr181, encoding: .utf8)
            .replacingOccurrences(of: #"<pattern value="\d+(\.\d+)*"/>"#, with: #"<pattern value="(\d|\d\d)*x"/>"#)
        let modelFile = directory.appendingPathComponent("tr-181-2-17-0-cwmp-full.xml")
        try Data(model.utf8).write(to: modelFile)
        let tree = directory.appendingPathComponent("gpv.xml")
        let digits = String(repeating: "1", count: 60)
        try Data(
            Self.gpv([
                ("Device.MoCA.Interface.1.HighestVersion", digits, "xsd:string"),
                ("Device.MoCA.Interface.2.HighestVersion", digits + "x", "xsd:string"),
            ]).utf8
        ).write(to: tree)
        let result = try await ValidateCommandTests.run(["validate", "--model", modelFile.path, tree.path])
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("error[pattern-mismatch]: Device.MoCA.Interface.1.HighestVersion"))
        #expect(!result.stdout.contains("Device.MoCA.Interface.2.HighestVersion"))
    }

    @Test("patterns match code points: a digit followed by a combining mark or a zero-width joiner is not \\d")
    func codePointPatterns() async throws {
        let directory = try Scratch.directory("ferrule-bbf-codepoints")
        let tree = directory.appendingPathComponent("device.json")
        try Data(
            #"""
            {"_id": "00AC4D-HGW-1",
             "Device": {"_object": true, "_writable": false,
              "UPnP": {"_object": true, "_writable": false,
               "Description": {"_object": true, "_writable": false,
                "DeviceDescription": {"_object": true, "_writable": false,
                 "1": {"_object": true, "_writable": false,
                  "SpecVersion": {"_value": "1.0\u0301", "_type": "xsd:string"}},
                 "2": {"_object": true, "_writable": false,
                  "SpecVersion": {"_value": "1\u200d.0", "_type": "xsd:string"}},
                 "3": {"_object": true, "_writable": false,
                  "SpecVersion": {"_value": "1.0", "_type": "xsd:string"}}}}},
              "MoCA": {"_object": true, "_writable": false,
               "Interface": {"_object": true, "_writable": false,
                "1": {"_object": true, "_writable": false,
                 "HighestVersion": {"_value": "2\u0301.0", "_type": "xsd:string"}}}}}}
            """#.utf8
        ).write(to: tree)
        let result = try await ValidateCommandTests.run(["validate", tree.path], models: "Models")
        let mismatches = result.stdout.split(separator: "\n").filter { $0.contains("error[pattern-mismatch]") }
        #expect(mismatches.count == 3, "\(result.stdout)\(result.stderr)")
        #expect(!result.stdout.contains("DeviceDescription.3.SpecVersion"))
    }

    @Test("base64 with non-zero padding bits (QR==, QUK=) is an invalid-lexical-value; QUI= is valid")
    func base64PaddingBits() async throws {
        let directory = try Scratch.directory("ferrule-bbf-base64")
        let tree = directory.appendingPathComponent("gpv.xml")
        try Data(
            Self.gpv([
                ("Device.DSL.Line.1.MREFPSDds", "QR==", "xsd:base64"),
                ("Device.DSL.Line.2.MREFPSDds", "QUK=", "xsd:base64"),
                ("Device.DSL.Line.3.MREFPSDds", "QUI=", "xsd:base64"),
            ]).utf8
        ).write(to: tree)
        let result = try await ValidateCommandTests.run(["validate", tree.path], models: "Models")
        for line in 1...2 {
            #expect(
                result.stdout.contains("error[invalid-lexical-value]: Device.DSL.Line.\(line).MREFPSDds"),
                "\(result.stdout)\(result.stderr)"
            )
        }
        #expect(!result.stdout.contains("Device.DSL.Line.3.MREFPSDds"))
    }
}
