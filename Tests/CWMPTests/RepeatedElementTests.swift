import DeviceTrees
import FerruleTestSupport
import Foundation
import Testing

@testable import CWMP

/// An element or parameter sent twice is read the way GenieACS 1.2.16 reads it, with a warning
/// that says which copy counts.
@Suite("Repeated Inform elements and repeated parameters")
struct RepeatedElementTests {
    let parser = CWMPParser()

    @Test("an Inform with two DeviceIds, RetryCounts and ParameterLists is read as GenieACS reads it: the last")
    func informRepeatedElements() throws {
        let parsed = try parser.parse(Repository.bytes("Fixtures/cwmp/quirk-inform-repeated-elements.xml"))
        guard case .inform(let inform) = try #require(parsed.message.envelope).body else {
            Issue.record("not an Inform")
            return
        }
        // DeviceId fields merge, the last of each name winning (lib/soap.ts:572-576).
        #expect(
            inform.deviceId
                == DeviceId(
                    manufacturer: "ACME Broadband",
                    oui: "00AC4D",
                    productClass: "HGW-4000",
                    serialNumber: "ACME4000NEW002"
                )
        )
        #expect(inform.retryCount == 3)
        #expect(
            inform.parameters.map(\.name) == [
                "Device.DeviceInfo.SoftwareVersion", "Device.ManagementServer.ParameterKey",
            ]
        )
        #expect(inform.parameters.first?.value?.raw == "4.2.7-build1187")
        let repeated = parsed.warnings.filter { $0.code == .repeatedElement }
        // At the last copy of each: DeviceId (line 29), RetryCount (33), ParameterList (34).
        #expect(repeated.map(\.line) == [29, 33, 34], "\(repeated)")
        #expect(
            repeated.allSatisfy {
                $0.message.contains("the last was read") && $0.message.contains("lib/soap.ts:567-585")
            }
        )
        #expect(repeated[0].message.contains("DeviceId elements; the last was read, its fields merged"))
        #expect(repeated[2].column == 7)
        let envelope = try #require(parsed.message.envelope)
        let tree = try #require(ParameterTree(envelope: envelope))
        #expect(tree["Device.DeviceInfo.SoftwareVersion"]?.value == "4.2.7-build1187")
    }

    @Test("a field repeated inside one DeviceId: the last is read, with a warning")
    func deviceIdFieldRepeated() throws {
        let body = GenieACSFidelityTests.inform(
            serial: "<SerialNumber>FIRST</SerialNumber><SerialNumber>SECOND</SerialNumber>"
        )
        let parsed = try parser.parse(GenieACSFidelityTests.message(body))
        guard case .inform(let inform) = try #require(parsed.message.envelope).body else {
            Issue.record("not an Inform")
            return
        }
        #expect(inform.deviceId.serialNumber == "SECOND")
        #expect(
            parsed.warnings.contains {
                $0.code == .repeatedElement && $0.message.contains("DeviceId holds 2 SerialNumber elements")
            },
            "\(parsed.warnings)"
        )
    }

    @Test("a single copy of each Inform element raises no repeated-element warning")
    func informWithoutRepeats() throws {
        let parsed = try parser.parse(Repository.bytes("Fixtures/cwmp/cpe-inform-basic.xml"))
        #expect(!parsed.warnings.contains { $0.code == .repeatedElement || $0.code == .repeatedParameter })
    }

    @Test(
        "a GetParameterValuesResponse naming a parameter twice: warned at the second, the first kept as GenieACS keeps it"
    )
    func gpvRepeatedParameter() throws {
        let parsed = try parser.parse(Repository.bytes("Fixtures/cwmp/quirk-gpv-repeated-parameter.xml"))
        let warnings = parsed.warnings.filter { $0.code == .repeatedParameter }
        #expect(warnings.count == 1, "\(parsed.warnings)")
        let warning = try #require(warnings.first)
        #expect(warning.line == 65)
        #expect(warning.column == 9)
        #expect(warning.message.contains("\"Device.DeviceInfo.SoftwareVersion\" is reported again (first at line 13)"))
        #expect(warning.message.contains("lib/session.ts:2535-2543"))

        let envelope = try #require(parsed.message.envelope)
        let (tree, repeats) = try #require(ParameterTree.reading(envelope: envelope, file: "g.xml"))
        #expect(tree["Device.DeviceInfo.SoftwareVersion"]?.value == "4.2.7-build1187")
        #expect(tree["Device.DeviceInfo.SoftwareVersion"]?.location == TreeLocation(file: "g.xml", line: 13, column: 9))
        #expect(repeats.count == 1)
        #expect(repeats.first?.kept == .first)
        #expect(repeats.first?.copies.map(\.value) == ["4.2.7-build1187", "4.2.8-build1201"])
        #expect(repeats.first?.dropped.map(\.location?.line) == [65])
    }

    @Test("an Inform naming a parameter twice keeps the last copy, its own location with it")
    func informRepeatedParameter() throws {
        let structs = """
            <ParameterValueStruct><Name>Device.A</Name><Value xsi:type="xsd:string">one</Value></ParameterValueStruct>
            <ParameterValueStruct><Name>Device.A</Name><Value xsi:type="xsd:string">two</Value></ParameterValueStruct>
            """
        let body = GenieACSFidelityTests.inform().replacingOccurrences(
            of: "<ParameterList></ParameterList>",
            with: "<ParameterList>\(structs)</ParameterList>"
        )
        let parsed = try parser.parse(GenieACSFidelityTests.message(body))
        #expect(
            parsed.warnings.contains {
                $0.code == .repeatedParameter && $0.line == 2 && $0.message.contains("lib/session.ts:177-187")
            },
            "\(parsed.warnings)"
        )
        let envelope = try #require(parsed.message.envelope)
        let (tree, repeats) = try #require(ParameterTree.reading(envelope: envelope))
        #expect(tree["Device.A"]?.value == "two")
        #expect(tree["Device.A"]?.location?.line == 2)
        #expect(repeats.first?.dropped.map(\.value) == ["one"])
    }

    @Test("past twenty repeated parameters in one list, the rest are counted in one warning")
    func repeatedWarningsBounded() throws {
        let one =
            "<ParameterValueStruct><Name>Device.A</Name><Value xsi:type=\"xsd:string\">v</Value></ParameterValueStruct>"
        let parsed = try parser.parse(TestSupport.gpv(String(repeating: one, count: 1_001), count: 1_001))
        let warnings = parsed.warnings.filter { $0.code == .repeatedParameter }
        #expect(warnings.count == 21)
        #expect(
            warnings.last?.message.hasPrefix("980 more repeated parameter(s)") == true,
            "\(warnings.last?.message ?? "")"
        )
    }
}
