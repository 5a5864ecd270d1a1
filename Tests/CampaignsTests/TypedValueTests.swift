import FerruleJSON
import Testing

@testable import Campaigns

/// Planning and verification compare a value as GenieACS stores it in the parameter's type: an
/// unsignedInt set from `"0600"` reads 600 and is what was asked for, in both.
@Suite struct TypedValueTests {
    static func device(_ value: String, type: String) throws -> DeviceDocument {
        let json = try JSONValue.parse(
            #"{"_id": "d1", "Device": {"ManagementServer": {"PeriodicInformInterval": "#
                + #"{"_value": \#(value), "_type": "\#(type)", "_writable": true}}}}"#
        )
        return try #require(DeviceDocument(json))
    }

    static let path = "Device.ManagementServer.PeriodicInformInterval"

    @Test("an unsignedInt reading 600 verifies a push of \"0600\", with or without the change's type")
    func integerVerifies() throws {
        let device = try Self.device("600", type: "xsd:unsignedInt")
        #expect(ConfigurationPlan.mismatches([ParameterChange(path: Self.path, value: "0600")], on: device).isEmpty)
        #expect(
            ConfigurationPlan.mismatches(
                [ParameterChange(path: Self.path, value: "0600", type: "xsd:unsignedInt")],
                on: device
            ).isEmpty
        )
        #expect(
            ConfigurationPlan.mismatches([ParameterChange(path: Self.path, value: "601")], on: device)
                == [#"\#(Self.path) reads "600", expected "601""#]
        )
    }

    @Test("a string parameter keeps comparing text: \"0600\" is not \"600\"")
    func stringComparesText() throws {
        let device = try Self.device(#""600""#, type: "xsd:string")
        #expect(ConfigurationPlan.mismatches([ParameterChange(path: Self.path, value: "0600")], on: device).count == 1)
    }
}
