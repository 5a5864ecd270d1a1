import FerruleTestSupport
import Testing

@testable import CWMP

/// Content real agents send in forms the XSD does not use is kept, not lost (issue 13, item 9):
/// jdalberg/cwmp and icwmp wrap ChangeDUState operations and DU results in item elements, and
/// some CPEs put two EventCodes in one EventStruct.
@Suite("Operations, results and events in the forms real agents send are all kept")
struct ContainerFormTests {
    static func parse(_ file: String) throws -> ParsedMessage {
        try CWMPParser().parse(Repository.bytes("Fixtures/cwmp/" + file))
    }

    @Test("ChangeDUState with <Operations><InstallOpStruct>… yields every operation with its fields")
    func wrappedOperations() throws {
        let parsed = try Self.parse("quirk-changedustate-wrapped-operations.xml")
        guard case .changeDUState(let request)? = parsed.message.envelope?.body else {
            Issue.record("not a ChangeDUState: \(parsed.message)")
            return
        }
        #expect(
            request.operations == [
                .install(
                    url: "http://files.example.net/du/agent-2.1.ipk",
                    uuid: "4d2c1b0a-9e8f-5a7b-8c6d-1e2f3a4b5c6d",
                    username: "fw",
                    password: SecretString("du-install-secret"),
                    executionEnvRef: "Device.SoftwareModules.ExecEnv.1"
                ),
                .uninstall(
                    uuid: "9a8b7c6d-5e4f-5a3b-9c2d-1e0f9a8b7c6d",
                    version: "",
                    executionEnvRef: "Device.SoftwareModules.ExecEnv.2"
                ),
            ]
        )
        #expect(request.commandKey == "du-wrapped")
        #expect(TestSupport.codes(parsed) == [.wrappedItems])
    }

    @Test("an operation item typed by xsi:type inside Operations is read too")
    func typedItemInsideOperations() throws {
        let parsed = try CWMPParser().parse(
            TestSupport.envelope(
                "<cwmp:ChangeDUState><Operations><OperationStruct xsi:type=\"cwmp:UpdateOpStruct\"><UUID>u</UUID>"
                    + "<Version>2</Version><URL>http://x/</URL><Username/><Password/></OperationStruct></Operations>"
                    + "</cwmp:ChangeDUState>"
            )
        )
        guard case .changeDUState(let request)? = parsed.message.envelope?.body else {
            Issue.record("not a ChangeDUState")
            return
        }
        #expect(
            request.operations == [
                .update(uuid: "u", version: "2", url: "http://x/", username: "", password: SecretString(""))
            ]
        )
    }

    @Test("DUStateChangeComplete with <Results><OpResultStruct>… yields each result, not one of defaults")
    func arrayResults() throws {
        let parsed = try Self.parse("quirk-dustatechangecomplete-array-results.xml")
        guard case .duStateChangeComplete(let complete)? = parsed.message.envelope?.body else {
            Issue.record("not a DUStateChangeComplete")
            return
        }
        #expect(
            complete.results.map(\.uuid) == [
                "4d2c1b0a-9e8f-5a7b-8c6d-1e2f3a4b5c6d", "9a8b7c6d-5e4f-5a3b-9c2d-1e0f9a8b7c6d",
            ]
        )
        #expect(complete.results.map(\.currentState) == ["Installed", "Failed"])
        #expect(complete.results.map(\.startTime) == ["2024-04-12T08:30:02Z", "2024-04-12T08:30:20Z"])
        #expect(complete.results.map(\.fault.code) == [0, 9028])
        #expect(complete.results[0].resolved)
        #expect(complete.commandKey == "du-batch-0412")
        #expect(TestSupport.codes(parsed) == [.wrappedItems])
    }

    @Test("AutonomousDUStateChangeComplete with a SOAP array of AutonOpResultStruct keeps OperationPerformed")
    func autonomousArrayResults() throws {
        let parsed = try Self.parse("quirk-autonomousdustatechangecomplete-array-results.xml")
        guard case .autonomousDUStateChangeComplete(let complete)? = parsed.message.envelope?.body else {
            Issue.record("not an AutonomousDUStateChangeComplete")
            return
        }
        #expect(complete.results.count == 1)
        #expect(complete.results.first?.uuid == "1b2c3d4e-5f60-5718-8293-a4b5c6d7e8f9")
        #expect(complete.results.first?.operationPerformed == "Install")
        #expect(complete.results.first?.completeTime == "2015-01-19T23:55:12+00:00")
        #expect(TestSupport.codes(parsed) == [.wrappedItems])
    }

    @Test("an EventStruct with two EventCodes yields both events, with a warning that GenieACS keeps only the first")
    func twoEventCodes() throws {
        let parsed = try Self.parse("quirk-inform-eventstruct-two-codes.xml")
        guard case .inform(let inform)? = parsed.message.envelope?.body else {
            Issue.record("not an Inform")
            return
        }
        #expect(
            inform.events == [
                EventStruct(code: "1 BOOT", commandKey: "reboot-0412"),
                EventStruct(code: "M Reboot", commandKey: "reboot-0412"),
            ]
        )
        #expect(TestSupport.codes(parsed) == [.multipleEventCodes])
        // GenieACS 1.2.16 keeps the first EventCode only (lib/soap.ts:88 `.find`).
        let message = try #require(parsed.warnings.first?.message)
        #expect(message.contains("GenieACS 1.2.16 records only the first, \"1 BOOT\""))
        #expect(message.contains("on \"M Reboot\" never fire"))
        #expect(message.contains("lib/soap.ts:88"))
    }

    @Test("the schema forms still parse without warnings")
    func schemaForms() throws {
        for file in ["acs-changedustate-basic.xml", "cpe-dustatechangecomplete-basic.xml", "cpe-inform-basic.xml"] {
            let parsed = try Self.parse(file)
            #expect(parsed.warnings.isEmpty, "\(file): \(parsed.warnings)")
        }
    }
}
