import FerruleTestSupport
import Testing

/// `ferrule test`: an ONOS event written normalised (`name` plus kafka-onos's members under
/// `context`) is the ONU's, as the consumer decodes the same members (docs/triggers.md).
@Suite("ferrule test: a normalised ONOS event names its ONU (end to end)")
struct ONOSNormalisedTestEventTests {
    @Test("a serial condition matches the normalised event as it matches the kafka-onos form")
    func serialFromContext() async throws {
        let dir = try Scratch.directory(
            [
                "r.yaml": """
                rules:
                  - name: rg-online
                    on: onos.dhcp_acked
                    when: {serial: BBSM00000001, ponPort: 0}
                    actions: [{tag: {add: [rg-online]}}]
                """,
                "tests/t.yaml": """
                cases:
                  - name: normalised
                    event:
                      name: ONOS_DHCP_ACK
                      context: {type: UPDATED, deviceId: "of:00000a0a0a0a0a00", portNumber: "256", serialNumber: BBSM00000001-1, messageType: DHCPACK, macAddress: "2E:0A:00:01:00:00", ipAddress: 10.10.0.5}
                    expect: {fires: [rg-online]}
                """,
            ],
            prefix: "ferrule-onos-normalised"
        )
        let test = try await FerruleRunner.run(["test", dir])
        #expect(test.status == 0, "\(test.stdout)\(test.stderr)")
        #expect(test.stdout.contains("1 of 1 case(s) passed"), "\(test.stdout)")
    }
}
