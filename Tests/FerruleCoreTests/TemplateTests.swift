import FerruleCore
import Testing

@Suite struct TemplateTests {
    @Test("templates parse into typed parts once")
    func parts() throws {
        #expect(
            try Template.parse("ssid-${right(device.serialNumber, 4)} $$x ${secret:wifi_psk}${var.site.name}")
                == [
                    .literal("ssid-"), .function("right", [.device("serialNumber"), .integer(4)]), .literal(" $x "),
                    .secret("wifi_psk"), .variable("site.name"),
                ]
        )
    }

    @Test("malformed templates fail with an offset")
    func failures() {
        #expect(throws: Template.Failure.self) { try Template.parse("${unclosed") }
        #expect(throws: Template.Failure.self) { try Template.parse("${device.nope}") }
        #expect(throws: Template.Failure.self) { try Template.parse("${left(device.id)}") }
    }

    @Test("compiled placeholders: names, resolution, the first missing secret")
    func placeholders() throws {
        let store = SecretStore(values: ["a": "1"], environment: ["FERRULE_SECRET_B": "2"])
        #expect(SecretPlaceholder.names(in: "x${secret:a}y${secret:b}") == ["a", "b"])
        #expect(try SecretPlaceholder.resolve("x${secret:a}y${secret:b}z", store) == "x1y2z")
        #expect(throws: MissingSecretError(name: "c")) { try SecretPlaceholder.resolve("${secret:c}", store) }
        #expect(try SecretPlaceholder.resolve("no secrets ${here", store) == "no secrets ${here")
    }
}
