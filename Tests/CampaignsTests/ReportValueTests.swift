import Campaigns
import FerruleJSON
import GenieACSStandIn
import Testing

/// `campaign report --format json` gives each change's value typed as GenieACS stores it once set (GenieACS 1.2.16
/// lib/device.ts:18-45): by the change's xsd type, else the parameter's type on the device at create.
@Suite struct ReportValueTests {
    @Test("booleans and integers of their xsd type are JSON booleans and numbers; other text stays a string")
    func typedByXSD() {
        func value(_ text: String, _ type: String?, deviceType: String? = nil) -> JSONValue {
            ParameterChange(path: "Device.X", value: text, type: type, deviceType: deviceType).reportValue
        }
        #expect(value("true", "xsd:boolean") == .bool(true))
        #expect(value("1", "xsd:boolean") == .bool(true))
        #expect(value("False", "xsd:boolean") == .bool(false))
        #expect(value("yes", "xsd:boolean") == .string("yes"), "GenieACS keeps what parseBool refuses as text")
        #expect(value("0600", "xsd:unsignedInt") == .int(600))
        #expect(value("-5", "xsd:int") == .int(-5))
        #expect(value("abc", "xsd:int") == .string("abc"))
        #expect(value("900", "xsd:string") == .string("900"))
        #expect(value("900", nil) == .string("900"), "no type known: as written")
        #expect(value("900", nil, deviceType: "xsd:unsignedInt") == .int(900))
        #expect(value("900", "xsd:string", deviceType: "xsd:unsignedInt") == .string("900"), "the change's type wins")
        #expect(
            ParameterChange(path: "Device.WiFi.AccessPoint.1.Security.KeyPassphrase", value: "${secret:PW}")
                .reportValue == .string("••••••")
        )
    }

    @Test("an untyped `set` of a boolean and an integer parameter: created changes report `false` and `900`")
    func untypedSetUsesDeviceType() async throws {
        let yaml = """
            name: inform
            configuration:
              - set: {path: InternetGatewayDevice.ManagementServer.PeriodicInformEnable, value: false}
              - set: {path: InternetGatewayDevice.ManagementServer.PeriodicInformInterval, value: "0900"}
            devices: {all: true}

            """
        let harness = try RunnerHarness(yaml, scenario: Scenario(devices: 1))
        let campaign = try await harness.create()
        let target = try #require(try await harness.targets(campaign.id).first)
        let changes = ConfigurationPlan.changes(fromJSON: target.changesJSON)
        #expect(changes.map(\.type) == [nil, nil], "nothing typed is pushed: GenieACS keeps the device's type")
        #expect(changes.map(\.reportValue) == [.bool(false), .int(900)], "\(changes)")
    }
}
