import FerruleTestSupport
import Testing

@testable import CWMP

@Suite("Serializer and parser agree: parse(serialize(m)) == m")
struct RoundTripTests {
    @Test("the samples cover every TR-069 method, the Fault and an unknown method")
    func samplesCoverEveryMethod() {
        var samples = MessageSamples(rng: SeededGenerator(seed: 1))
        let names = Set(samples.everyBody().map(\.methodName))
        for method in CWMPBody.knownMethodNames { #expect(names.contains(method), "no sample for \(method)") }
        #expect(names.contains("Fault"))
        #expect(names.contains("X_ACME_Frobnicate"))
        #expect(CWMPBody.knownMethodNames.count == 54)
    }

    @Test("every message type round-trips in every CWMP version, pretty and compact", arguments: 0..<25)
    func roundTrip(seed: Int) throws {
        var samples = MessageSamples(rng: SeededGenerator(seed: UInt64(seed) &* 7919 &+ 3))
        let versions = CWMPVersion.allCases
        for (i, body) in samples.everyBody().enumerated() {
            let version = versions[(i + seed) % versions.count]
            let header = CWMPHeader(
                id: samples.token(),
                holdRequests: seed % 3 == 0 ? samples.bool() : nil,
                noMoreRequests: seed % 4 == 0 ? samples.bool() : nil,
                sessionTimeout: version == .v1_3 ? 60 : nil,
                supportedCWMPVersions: version == .v1_4 ? "1.0,1.1,1.2,1.3,1.4" : nil
            )
            let envelope = CWMPEnvelope(version: version, header: header, body: body)
            let bytes = CWMPSerializer.serialize(envelope, pretty: seed % 2 == 0)
            let parsed = try CWMPParser().parse(bytes)
            #expect(
                parsed.message == .envelope(envelope),
                "\(body.methodName) did not round-trip:\n\(String(decoding: bytes, as: UTF8.self))"
            )
            #expect(parsed.message.envelope?.version == version)
            // GenieACS-fidelity notes (a 1.3 SessionTimeout GenieACS reads as 1.2, an empty serial
            // number it refuses, a parameter name the random sample drew twice) are about the
            // sample, not the serializer.
            let fidelity: Set<CWMPWarning.Code> = [.genieACSVersion, .genieACSRefuses, .repeatedParameter]
            let unexpected = parsed.warnings.filter {
                $0.code != .unknownMethod && $0.code != .missingValue && !fidelity.contains($0.code)
            }
            #expect(unexpected.isEmpty, "\(body.methodName): serializer output raised \(unexpected)")
        }
    }

    @Test("arrays are written with exact arrayType counts and every value with an xsi:type")
    func strictOutput() throws {
        let envelope = CWMPEnvelope(
            version: .v1_0,
            header: CWMPHeader(id: "7"),
            body: .getParameterValuesResponse(
                GetParameterValuesResponse(parameters: [
                    ParameterValue("Device.A", "1", type: .unsignedInt), ParameterValue("Device.B", "x"),
                ])
            )
        )
        let xml = String(decoding: CWMPSerializer.serialize(envelope), as: UTF8.self)
        #expect(xml.contains("soap-enc:arrayType=\"cwmp:ParameterValueStruct[2]\""))
        #expect(xml.contains("<Value xsi:type=\"xsd:unsignedInt\">1</Value>"))
        #expect(xml.contains("<Value xsi:type=\"xsd:string\">x</Value>"))
        #expect(xml.contains("xmlns:cwmp=\"urn:dslforum-org:cwmp-1-0\""))
        #expect(xml.contains("<cwmp:ID soap-env:mustUnderstand=\"1\">7</cwmp:ID>"))
    }

    @Test("1.3 and 1.4 are written in the cwmp-1-2 namespace with their headers")
    func versionNamespaces() throws {
        let v14 = CWMPEnvelope(
            version: .v1_4,
            header: CWMPHeader(id: "1", useCWMPVersion: "1.4"),
            body: .informResponse(InformResponse())
        )
        let xml = String(decoding: CWMPSerializer.serialize(v14), as: UTF8.self)
        #expect(xml.contains("urn:dslforum-org:cwmp-1-2"))
        #expect(xml.contains("<cwmp:UseCWMPVersion soap-env:mustUnderstand=\"1\">1.4</cwmp:UseCWMPVersion>"))
        #expect(try CWMPParser().parse(Array(xml.utf8)).message.envelope?.version == .v1_4)
    }

    @Test("an empty message serialises to an empty body and parses back as empty")
    func emptyMessage() throws {
        #expect(CWMPSerializer.serialize(CWMPMessage.empty).isEmpty)
        #expect(try CWMPParser().parse([]).message == .empty)
    }
}
