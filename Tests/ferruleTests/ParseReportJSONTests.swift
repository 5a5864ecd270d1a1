import CWMP
import FerruleJSON
import Testing

@testable import ferrule

/// `cwmp parse --format json` builds the parameter lists of GetParameterValues/NamesResponse
/// directly; the bytes must be the ones the `Encodable` path prints.
@Suite("parse report JSON fast path")
struct ParseReportJSONTests {
    private static func envelope(_ body: String) -> [UInt8] {
        Array(
            """
            <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" \
            xmlns:soap-enc="http://schemas.xmlsoap.org/soap/encoding/" \
            xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" \
            xmlns:cwmp="urn:dslforum-org:cwmp-1-0"><soap:Header><cwmp:ID soap:mustUnderstand="1">7</cwmp:ID>\
            </soap:Header><soap:Body>\(body)</soap:Body></soap:Envelope>
            """.utf8
        )
    }

    private static let gpv = envelope(
        """
        <cwmp:GetParameterValuesResponse><ParameterList soap-enc:arrayType="cwmp:ParameterValueStruct[5]">\
        <ParameterValueStruct><Name>Device.WiFi.AccessPoint.1.Security.KeyPassphrase</Name>\
        <Value xsi:type="xsd:string">hunter2</Value></ParameterValueStruct>\
        <ParameterValueStruct><Name>Device.Users.User.1.PASSWORD.</Name>\
        <Value xsi:type="xsd:string">x</Value></ParameterValueStruct>\
        <ParameterValueStruct><Name>Device.DeviceInfo.UpTime</Name>\
        <Value xsi:type="xsd:unsignedInt">42</Value></ParameterValueStruct>\
        <ParameterValueStruct><Name>Device.DeviceInfo.Description</Name>\
        <Value xsi:type="cwmp:X_Vendor">"quoted" \\ tab&#9;cr&#13;é😀</Value></ParameterValueStruct>\
        <ParameterValueStruct><Name>.Device.DeviceInfo.Missing</Name></ParameterValueStruct>\
        </ParameterList></cwmp:GetParameterValuesResponse>
        """
    )

    private static let gpn = envelope(
        """
        <cwmp:GetParameterNamesResponse><ParameterList soap-enc:arrayType="cwmp:ParameterInfoStruct[2]">\
        <ParameterInfoStruct><Name>Device.</Name><Writable>0</Writable></ParameterInfoStruct>\
        <ParameterInfoStruct><Name>Device.ManagementServer.Password</Name><Writable>1</Writable></ParameterInfoStruct>\
        </ParameterList></cwmp:GetParameterNamesResponse>
        """
    )

    @Test(
        "GetParameterValues/NamesResponse reports print the bytes of the Encodable path, redacted or not",
        arguments: [(gpv, true), (gpn, false)]
    )
    func sameBytes(message: [UInt8], carriesValues: Bool) throws {
        let parsed = try CWMPParser().parse(message)
        #expect(parsed.warnings.isEmpty != carriesValues, "the GPV sample exercises warnings too")
        let report = ParseReport(file: "sample.xml", ok: true, parsed: parsed)
        for redact in [true, false] {
            var encoder = JSONValueEncoder()
            encoder.userInfo[Redaction.userInfoKey] = redact
            let expected = try encoder.encode(report)
            let fast = try report.jsonValue(using: encoder, redact: redact)
            #expect(fast.prettyText == expected.prettyText)
            var compact: [UInt8] = []
            var expectedCompact: [UInt8] = []
            fast.appendSortedCompact(to: &compact)
            expected.appendSortedCompact(to: &expectedCompact)
            #expect(compact == expectedCompact)
            #expect(fast.prettyText.contains("<redacted>") == (redact && carriesValues))
        }
    }

    @Test("other messages and failed files go through Encodable unchanged")
    func otherReports() throws {
        let request = try CWMPParser().parse(
            Self.envelope(
                "<cwmp:GetParameterValues><ParameterNames><string>Device.</string></ParameterNames></cwmp:GetParameterValues>"
            )
        )
        let failed = ParseReport(file: "bad.xml", ok: false, error: .init(code: "notWellFormed", message: "no"))
        for report in [ParseReport(file: "gpv.xml", ok: true, parsed: request), failed] {
            let encoder = JSONValueEncoder()
            #expect(try report.jsonValue(using: encoder, redact: true) == encoder.encode(report))
        }
    }
}
