import Foundation

@testable import CWMP

/// CWMP messages and accessors shared by the CWMP tests.
enum TestSupport {
    /// Wraps an RPC element in a minimal CWMP 1.2 envelope.
    static func envelope(_ body: String, header: String = "<cwmp:ID soap:mustUnderstand=\"1\">1</cwmp:ID>") -> [UInt8] {
        Array(
            """
            <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/" \
            xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:cwmp="urn:dslforum-org:cwmp-1-2">
            <soap:Header>\(header)</soap:Header>
            <soap:Body>\(body)</soap:Body>
            </soap:Envelope>
            """.utf8
        )
    }

    static func gpv(_ structs: String, count: Int) -> [UInt8] {
        envelope(
            "<cwmp:GetParameterValuesResponse><ParameterList soapenc:arrayType=\"cwmp:ParameterValueStruct[\(count)]\">\(structs)</ParameterList></cwmp:GetParameterValuesResponse>"
        )
    }

    static func codes(_ parsed: ParsedMessage) -> Set<CWMPWarning.Code> { Set(parsed.warnings.map(\.code)) }

    static func parameters(_ parsed: ParsedMessage) -> [ParameterValue] {
        switch parsed.message.envelope?.body {
        case .getParameterValuesResponse(let m)?: m.parameters
        case .inform(let m)?: m.parameters
        default: []
        }
    }
}
