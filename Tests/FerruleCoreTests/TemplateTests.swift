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

    @Test("function calls nest at most maximumNesting deep: hostile depth is an error, not a stack overflow")
    func nesting() throws {
        func nested(_ depth: Int) -> String {
            String(repeating: "lower(", count: depth) + "device.serialNumber" + String(repeating: ")", count: depth)
        }
        #expect(try Template.parse("${\(nested(Template.maximumNesting))}").count == 1)
        #expect(throws: Template.Failure.self) { try Template.parse("${\(nested(Template.maximumNesting + 1))}") }
        do {
            _ = try Template.parse("${\(nested(100_000))}")
            Issue.record("100,000 nested calls parsed")
        } catch {
            #expect(error.message.contains("nest deeper than \(Template.maximumNesting) levels"))
        }
    }

    @Test("compiled placeholders: names, resolution, the first missing secret")
    func placeholders() throws {
        let store = SecretStore(values: ["a": "1"], environment: ["FERRULE_SECRET_B": "2"])
        #expect(SecretPlaceholder.names(in: "x${secret:a}y${secret:b}") == ["a", "b"])
        #expect(try SecretPlaceholder.resolve("x${secret:a}y${secret:b}z", store) == "x1y2z")
        #expect(throws: MissingSecretError(name: "c")) { try SecretPlaceholder.resolve("${secret:c}", store) }
        #expect(try SecretPlaceholder.resolve("no secrets ${here", store) == "no secrets ${here")
    }

    @Test("a secrets file with a UTF-8 byte order mark keeps its first secret's name")
    func byteOrderMark() throws {
        let values = try SecretStore.parse("\u{FEFF}NBI=s3cret\nOTHER=x\n", file: "secrets.env")
        #expect(values == ["NBI": "s3cret", "OTHER": "x"])
    }

    @Test("a secrets file with Windows line endings (CRLF) reads one secret per line, its errors at the right line")
    func windowsLineEndings() throws {
        let values = try SecretStore.parse(
            "\u{FEFF}# NOC secrets\r\nPPPOE=pppSecret123\r\nWIFI='a b'\r\n\r\nCR=x\r\n",
            file: "secrets.env"
        )
        #expect(values == ["PPPOE": "pppSecret123", "WIFI": "a b", "CR": "x"])
        let error = #expect(throws: SecretFileError.self) {
            try SecretStore.parse("A=1\r\nB=2\r\nnot-a-pair\r\n", file: "s.env")
        }
        #expect(error?.line == 3 && error?.column == 1)
    }
}
