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

    @Test(
        "lint through a compiled model: setting a readOnly enumeration value (DiagnosticsState Complete) is bad-value"
    )
    func lintReadOnlyEnumerationThroughCompiledModel() async throws {
        let directory = try Scratch.directory("ferrule-bbf-lint-readonly")
        let compiled = directory.appendingPathComponent("tr181.fmodel")
        let compile = try await ValidateCommandTests.run(["model", "compile", Self.tr181, "-o", compiled.path])
        #expect(compile.status == 0, "\(compile.stderr)")
        let rules = directory.appendingPathComponent("rules.yaml")
        try Data(
            """
            rules:
              - name: force-ping-result
                actions:
                  - set: {path: Device.IP.Diagnostics.IPPing.DiagnosticsState, value: Complete}
                  - set: {path: Device.IP.Diagnostics.TraceRoute.DiagnosticsState, value: Requested}

            """.utf8
        ).write(to: rules)
        let result = try await ValidateCommandTests.run(["lint", "--model", compiled.path, rules.path])
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        let output = result.stdout + result.stderr
        #expect(
            output.contains(
                "rules.yaml:4:75: error[bad-value]: Device.IP.Diagnostics.IPPing.DiagnosticsState = Complete: Complete is a "
                    + "read-only value in TR-181 2.17, which the CPE reserves to itself"
            ),
            "\(output)"
        )
        #expect(!output.contains("TraceRoute"))
    }

    @Test("a compiled model with one byte changed is refused: 'compiled model is corrupt', exit 2, nothing validated")
    func corruptCompiledModel() async throws {
        let directory = try Scratch.directory("ferrule-bbf-corrupt-fmodel")
        let compiled = directory.appendingPathComponent("tr104.fmodel")
        let compile = try await ValidateCommandTests.run([
            "model", "compile", "Models/tr-104-2-0-2-cwmp-full.xml", "-o", compiled.path,
        ])
        #expect(compile.status == 0, "\(compile.stderr)")
        var bytes = Array(try Data(contentsOf: compiled))
        let at = try #require(bytes.indices.first { bytes[$0...].starts(with: Array("TISPAN".utf8)) })
        bytes[at + 5] = UInt8(ascii: "M")
        try Data(bytes).write(to: compiled)
        let tree = directory.appendingPathComponent("gpv.xml")
        try Data(
            Self.gpv([("Device.Services.VoiceService.1.SIP.Client.1.RegisterMode", "TISPAN", "xsd:string")]).utf8
        ).write(to: tree)
        let result = try await ValidateCommandTests.run(["validate", "--model", compiled.path, tree.path])
        #expect(result.status == 2, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains("tr104.fmodel: error: compiled model is corrupt: its checksum"))
        #expect(result.stderr.contains("recompile it with `ferrule model compile"))
        #expect(!result.stdout.contains("not-in-enumeration"))
    }
}
